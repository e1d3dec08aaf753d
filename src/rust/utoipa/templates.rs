//! `#[utoipa::path(...)]` attributes written literally inside a `macro_rules!` template
//! (meilisearch's `make_setting_route!`): their literal parts (statuses, headers, bodies) are
//! read from the template's tokens and linted where they are written, naming the macro; what a
//! metavariable fills in (`path = concat!("...", $route)`) stays unknown.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::{path_string_of, Reader};
use crate::rust::tokens::join;

impl Reader<'_> {
    /// Reads the path attributes of the template `tokens` of `macro_rules! name`; how many.
    pub(super) fn template(&mut self, tokens: TokenStream, name: &str) -> usize {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut found = 0;
        let mut i = 0;
        while i < trees.len() {
            if let (TokenTree::Punct(p), Some(TokenTree::Group(g))) = (&trees[i], trees.get(i + 1))
            {
                if p.as_char() == '#' && g.delimiter() == Delimiter::Bracket {
                    if self.template_attr(p, g, &trees[i + 2..], name) {
                        found += 1;
                    }
                    i += 2;
                    continue;
                }
            }
            if let TokenTree::Group(g) = &trees[i] {
                found += self.template(g.stream(), name);
            }
            i += 1;
        }
        found
    }

    /// `#[utoipa::path(...)]` followed (after other attributes and qualifiers) by `fn NAME`.
    fn template_attr(
        &mut self,
        pound: &proc_macro2::Punct,
        attr: &proc_macro2::Group,
        rest: &[TokenTree],
        macro_name: &str,
    ) -> bool {
        let inner: Vec<TokenTree> = attr.stream().into_iter().collect();
        let Some(TokenTree::Group(args)) = inner.last() else {
            return false;
        };
        if args.delimiter() != Delimiter::Parenthesis {
            return false;
        }
        let path = path_string_of(&inner[..inner.len() - 1]);
        if path != "utoipa::path" && !(path == "path" && self.imports_path) {
            return false;
        }
        let fn_name = rest
            .windows(3)
            .find_map(|w| match w {
                [TokenTree::Ident(kw), TokenTree::Ident(name), _] if kw == "fn" => {
                    Some(name.to_string())
                }
                // `fn $name`: the macro's argument names it.
                [TokenTree::Ident(kw), TokenTree::Punct(p), TokenTree::Ident(name)]
                    if kw == "fn" && p.as_char() == '$' =>
                {
                    Some(format!("${name}"))
                }
                _ => None,
            })
            .unwrap_or_else(|| "?".into());
        let span = join(
            self.off.span(pound.span()),
            self.off.span(attr.span_close()),
        );
        let mut decl = self.path_decl(args.stream(), span, fn_name);
        decl.ignored = self.ignored_above(span.start as usize);
        decl.in_macro = Some(macro_name.to_string());
        if let (Some(prefix), Some(path)) = (&decl.context_path, &decl.path) {
            decl.path = Some(format!("{}{path}", prefix.trim_end_matches('/')));
        }
        self.decls.operations.push(decl);
        true
    }
}
