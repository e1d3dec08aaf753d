//! poem-openapi's declarations, lowered into the same declarations as utoipa's:
//!
//! - `#[derive(ApiResponse)]` enums: each `#[oai(status = 404)]` variant is a response; a
//!   payload field (`Json<T>`, `PlainText<T>`, `Binary<T>`, ...) is its content, and fields
//!   marked `#[oai(header = "Location")]` its headers. They become `IntoResponses` types whose
//!   findings point at the `status = ...` tokens.
//! - `#[OpenApi] impl` blocks: each `#[oai(path = "/pets/:id", method = "post")]` function is an
//!   operation whose responses are its return type (`FindResponse`, `Result<A, B>` of two
//!   `ApiResponse`s, or a bare payload such as `Json<Pet>`, which poem declares as a 200).

use syn::visit::Visit;
use syn::{Fields, Meta};

use super::tokens::{self, split, Offsets};
use super::utoipa::{
    FileDecls, PathDecl, ResponseDecl, ResponseItem, Status, TypeDecl, TypeKind, TypeRef,
};
use crate::tree::Span;

/// The payload types poem-openapi declares as content.
const PAYLOADS: &[&str] = &[
    "Json",
    "PlainText",
    "Binary",
    "Attachment",
    "Html",
    "Xml",
    "Yaml",
    "EventStream",
    "Base64",
    "Form",
    "Multipart",
];

/// Whether `text` may hold poem-openapi declarations (the cheap test before parsing).
pub fn mentions(text: &str) -> bool {
    text.contains("#[oai(") || text.contains("ApiResponse")
}

/// Reads the poem-openapi declarations of a parsed file into `decls`.
pub fn read(file: &syn::File, off: Offsets, text: &str, decls: &mut FileDecls) {
    let mut reader = Reader {
        off,
        text,
        module: Vec::new(),
        decls,
    };
    reader.visit_file(file);
}

struct Reader<'d> {
    off: Offsets,
    text: &'d str,
    module: Vec<String>,
    decls: &'d mut FileDecls,
}

/// The `key = value` arguments of the `#[oai(...)]` attributes in `attrs`, with the spans of
/// the whole `key = value` items.
fn oai_args(
    attrs: &[syn::Attribute],
    off: Offsets,
) -> Vec<(String, Vec<proc_macro2::TokenTree>, Span)> {
    let mut out = Vec::new();
    for attr in attrs {
        let Meta::List(list) = &attr.meta else {
            continue;
        };
        if !list.path.is_ident("oai") {
            continue;
        }
        for item in split(list.tokens.clone(), off) {
            if let Some((name, value)) = item.assign() {
                out.push((name, value.to_vec(), item.span));
            }
        }
    }
    out
}

fn derives_api_response(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        matches!(&a.meta, Meta::List(l) if l.path.is_ident("derive")
            && tokens::has_ident(l.tokens.clone(), "ApiResponse"))
    })
}

/// The last segment of a type path and its generic arguments' types.
fn type_parts(ty: &syn::Type) -> Option<(String, Vec<&syn::Type>)> {
    let syn::Type::Path(p) = ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    let args = match &last.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((last.ident.to_string(), args))
}

impl Reader<'_> {
    fn api_response(&mut self, item: &syn::ItemEnum) {
        let mut responses = Vec::new();
        for variant in &item.variants {
            let args = oai_args(&variant.attrs, self.off);
            let Some((_, value, span)) = args.iter().find(|(k, _, _)| k == "status") else {
                continue;
            };
            let status = match tokens::lit_int(value) {
                Some(code) => Status::Key(code),
                None => Status::Unknown(
                    self.text
                        .get(
                            self.off.tokens(value).start as usize
                                ..self.off.tokens(value).end as usize,
                        )
                        .unwrap_or("")
                        .to_string(),
                ),
            };
            let mut decl = ResponseDecl::new(status, *span);
            if let Some((_, value, span)) = args.iter().find(|(k, _, _)| k == "content_type") {
                decl.content_type = Some(*span);
                decl.media_types.extend(tokens::lit_str(value));
            }
            if let Fields::Unnamed(fields) = &variant.fields {
                for field in &fields.unnamed {
                    let field_args = oai_args(&field.attrs, self.off);
                    if let Some((_, value, _)) = field_args.iter().find(|(k, _, _)| k == "header") {
                        decl.headers.extend(tokens::lit_str(value));
                        continue;
                    }
                    let payload = type_parts(&field.ty)
                        .is_some_and(|(name, _)| PAYLOADS.contains(&name.as_str()));
                    if payload && decl.content.is_none() {
                        decl.content = Some(self.off.span(fields.paren_token.span.join()));
                    }
                }
            }
            responses.push(decl);
        }
        self.decls.types.push(TypeDecl {
            name: tokens::ident_name(&item.ident),
            name_span: self.off.span(item.ident.span()),
            module: self.module.clone(),
            kind: TypeKind::IntoResponses(responses),
        });
    }

    fn open_api(&mut self, item: &syn::ItemImpl) {
        let prefix = item.attrs.iter().find_map(|a| {
            let Meta::List(list) = &a.meta else {
                return None;
            };
            if !list.path.is_ident("OpenApi") {
                return None;
            }
            split(list.tokens.clone(), self.off)
                .iter()
                .find_map(|i| match i.assign() {
                    Some((k, v)) if k == "prefix_path" => tokens::lit_str(v),
                    _ => None,
                })
        });
        for impl_item in &item.items {
            let syn::ImplItem::Fn(f) = impl_item else {
                continue;
            };
            let args = oai_args(&f.attrs, self.off);
            let Some((_, path, _)) = args.iter().find(|(k, _, _)| k == "path") else {
                continue;
            };
            let path = tokens::lit_str(path).map(|p| {
                let full = format!(
                    "{}{p}",
                    prefix.as_deref().unwrap_or("").trim_end_matches('/')
                );
                colon_params(&full)
            });
            let methods: Vec<(String, Span)> = args
                .iter()
                .filter(|(k, _, _)| k == "method")
                .filter_map(|(_, v, span)| {
                    tokens::lit_str(v).map(|m| (m.to_ascii_lowercase(), *span))
                })
                .collect();
            let attr_span = f
                .attrs
                .iter()
                .find(|a| a.path().is_ident("oai"))
                .map(|a| self.off.span(a.pound_token.spans[0]))
                .unwrap_or_default();
            let responses = match &f.sig.output {
                syn::ReturnType::Type(_, ty) => self.returned(ty),
                syn::ReturnType::Default => Vec::new(),
            };
            let has_path_params = path.as_deref().is_some_and(|p| p.contains('{'));
            self.decls.operations.push(PathDecl {
                fn_name: tokens::ident_name(&f.sig.ident),
                attr_span,
                methods,
                path,
                module: self.module.clone(),
                responses,
                path_params: has_path_params,
                ..PathDecl::default()
            });
        }
    }

    /// The responses a return type declares.
    fn returned(&mut self, ty: &syn::Type) -> Vec<ResponseItem> {
        let Some((name, args)) = type_parts(ty) else {
            return Vec::new();
        };
        let span = self.type_span(ty);
        if name == "Result" && args.len() == 2 {
            return args.iter().flat_map(|t| self.returned(t)).collect();
        }
        if name == "Result" && args.len() == 1 {
            // `poem::Result<T>`: its errors are not in the OpenAPI document.
            return self.returned(args[0]);
        }
        if PAYLOADS.contains(&name.as_str()) {
            let mut decl = ResponseDecl::new(Status::Key("200".into()), span);
            decl.content = Some(span);
            return vec![ResponseItem::Entry(decl)];
        }
        let syn::Type::Path(p) = ty else {
            return Vec::new();
        };
        let path = p
            .path
            .segments
            .iter()
            .map(|s| tokens::ident_name(&s.ident))
            .collect();
        vec![ResponseItem::Type {
            ty: TypeRef { path, span },
            ignored: Vec::new(),
            at_definition: true,
        }]
    }

    fn type_span(&self, ty: &syn::Type) -> Span {
        match ty {
            syn::Type::Path(p) => {
                let first = p.path.segments.first().map(|s| s.ident.span());
                let last = p.path.segments.last().map(|s| s.ident.span());
                match (first, last) {
                    (Some(a), Some(b)) => tokens::join(self.off.span(a), self.off.span(b)),
                    _ => Span::default(),
                }
            }
            _ => Span::default(),
        }
    }
}

/// `/users/:id` → `/users/{id}` (poem's router syntax to OpenAPI's).
fn colon_params(path: &str) -> String {
    path.split('/')
        .map(|seg| match seg.strip_prefix(':') {
            Some(name) => format!("{{{name}}}"),
            None => seg.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        if derives_api_response(&item.attrs) {
            self.api_response(item);
        }
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if item.attrs.iter().any(|a| a.path().is_ident("OpenApi")) {
            self.open_api(item);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.module.push(tokens::ident_name(&item.ident));
        syn::visit::visit_item_mod(self, item);
        self.module.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_parameters_become_braces() {
        assert_eq!(
            colon_params("/users/:id/pets/:pet"),
            "/users/{id}/pets/{pet}"
        );
        assert_eq!(colon_params("/users"), "/users");
    }
}
