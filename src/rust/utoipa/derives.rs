//! Derived types: `#[derive(IntoResponses)]` / `#[derive(ToResponse)]` (their `#[response]`
//! attributes and fields), `#[derive(IntoParams)]`, and `#[derive(OpenApi)]` roots.

use syn::{Fields, Meta};

use super::{
    is_named, list_tokens, Attr, Reader, ResponseDecl, RootDecl, Status, TypeKind, TypeRef,
};
use crate::rust::mounts;
use crate::rust::tokens::{self, split};

impl Reader<'_> {
    /// The response of an `IntoResponses` struct or variant, or of a `ToResponse` type.
    pub(super) fn derived_response(
        &mut self,
        attrs: &[Attr],
        fields: &Fields,
        variant: Option<&syn::Ident>,
    ) -> ResponseDecl {
        let attr = attrs.iter().find(|a| is_named(&a.meta, "response"));
        let anchor = attr.or_else(|| {
            attrs
                .iter()
                .find(|a| matches!(&a.meta, Meta::List(l) if l.path.is_ident("derive")))
        });
        let whole = match (attr, variant) {
            (Some(a), _) => a.span,
            (None, Some(v)) => self.off.span(v.span()),
            (None, None) => anchor.map(|a| a.span).unwrap_or_default(),
        };
        let mut decl = match attr.and_then(|a| list_tokens(&a.meta)) {
            Some(stream) => self.response(stream, whole),
            None => ResponseDecl::new(Status::Missing, whole),
        };
        decl.ignored = match anchor {
            Some(a) => self.ignored_above(a.start),
            None => Vec::new(),
        };
        match fields {
            Fields::Unit => {}
            Fields::Named(named) if named.named.is_empty() => {}
            Fields::Unnamed(unnamed) if unnamed.unnamed.is_empty() => {}
            Fields::Named(named) => {
                decl.content = decl
                    .content
                    .or(Some(self.off.span(named.brace_token.span.join())));
            }
            Fields::Unnamed(unnamed) => {
                let field = unnamed.unnamed.first();
                let refers = field.is_some_and(|f| {
                    f.attrs.iter().any(|a| {
                        a.path().is_ident("to_response") || a.path().is_ident("ref_response")
                    })
                });
                let ty = field.and_then(|f| match &f.ty {
                    syn::Type::Path(p) => Some(p),
                    _ => None,
                });
                match (refers, ty) {
                    (true, Some(ty)) => {
                        let path = ty
                            .path
                            .segments
                            .iter()
                            .map(|s| tokens::ident_name(&s.ident))
                            .collect();
                        let span = self.off.span(unnamed.paren_token.span.join());
                        decl.response = Some(TypeRef { path, span });
                    }
                    _ => {
                        decl.content = decl
                            .content
                            .or(Some(self.off.span(unnamed.paren_token.span.join())));
                    }
                }
            }
        }
        decl
    }

    pub(super) fn params_type(&mut self, attrs: &[Attr], fields: &Fields) -> TypeKind {
        let mut location = None;
        let mut names = Vec::new();
        for attr in attrs.iter().filter(|a| is_named(&a.meta, "into_params")) {
            let Some(stream) = list_tokens(&attr.meta) else {
                continue;
            };
            for item in split(stream, self.off) {
                if let Some((key, value)) = item.assign() {
                    if key == "parameter_in" {
                        location = tokens::type_path(value).and_then(|p| p.last().cloned());
                    }
                } else if let Some((key, _, group)) = item.call(self.off) {
                    if key == "names" {
                        names.extend(
                            split(group.stream(), self.off)
                                .iter()
                                .filter_map(|i| tokens::lit_str(&i.tokens)),
                        );
                    }
                }
            }
        }
        if let Fields::Named(named) = fields {
            for field in &named.named {
                let Some(ident) = &field.ident else {
                    continue;
                };
                let renamed = field.attrs.iter().find_map(|a| {
                    let Meta::List(list) = &a.meta else {
                        return None;
                    };
                    if !(list.path.is_ident("param") || list.path.is_ident("serde")) {
                        return None;
                    }
                    split(list.tokens.clone(), self.off)
                        .iter()
                        .find_map(|i| match i.assign() {
                            Some((key, value)) if key == "rename" => tokens::lit_str(value),
                            _ => None,
                        })
                });
                names.push(renamed.unwrap_or_else(|| tokens::ident_name(ident)));
            }
        }
        TypeKind::IntoParams { location, names }
    }

    pub(super) fn openapi_root(&mut self, attrs: &[Attr], ident: &syn::Ident) {
        let mut security = None;
        for attr in attrs.iter().filter(|a| is_named(&a.meta, "openapi")) {
            let Some(stream) = list_tokens(&attr.meta) else {
                continue;
            };
            let name = tokens::ident_name(ident);
            if let Some(api) = mounts::api(name, self.module.clone(), stream.clone(), self.off) {
                self.decls.mounts.apis.push(api);
            }
            for item in split(stream, self.off) {
                if let Some((name, _, group)) = item.call(self.off) {
                    if name == "security" {
                        security = Some(tokens::has_str(group.stream()));
                    }
                }
            }
        }
        self.decls.roots.push(RootDecl { security });
    }
}
