//! Error types that turn into statuses, for the opt-in `undeclared-error-status`: a handler that
//! returns `Result<_, AppError>` can answer with every status `AppError`'s conversion writes.
//! Read while the file is parsed, like [`drift`](super::drift), so only byte spans leave here.
//!
//! The conversions read: `impl IntoResponse for E` (axum's `into_response`), `impl ResponseError
//! for E` (actix-web's `status_code` and `error_response`; 500 when it defines neither, as the
//! trait's defaults answer), and `impl From<E> for StatusCode` or for a tuple that starts with a
//! `StatusCode` (text-generation-inference's form). What their bodies write is read as drift reads
//! a handler; the methods of `E` they call on `self` are followed through [`ErrorImpl::self_calls`].

use super::drift::{self, Body};
use super::tokens::{join, Offsets};
use super::utoipa::TypeRef;
use crate::tree::Span;

/// How an error type becomes a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    IntoResponse,
    ResponseError,
    FromForStatus,
}

impl Conversion {
    /// As messages name it.
    pub fn written(self) -> &'static str {
        match self {
            Conversion::IntoResponse => "`impl IntoResponse`",
            Conversion::ResponseError => "`impl ResponseError`",
            Conversion::FromForStatus => "`impl From<_> for StatusCode`",
        }
    }
}

/// One conversion of an error type, with the statuses its body writes.
#[derive(Debug, Clone)]
pub struct ErrorImpl {
    /// The error type's name (last path segment).
    pub type_name: String,
    pub conversion: Conversion,
    /// `From<E> for T`: `T`'s shape (see [`shape`]), which a handler's error type must have
    /// for a `?` to convert `E` into it.
    pub target: Option<String>,
    /// Each status and where the conversion (or a function of its file) writes it.
    pub statuses: Vec<(u16, Span)>,
    /// Methods called on `self`: `fn status(&self) -> StatusCode` in an inherent `impl`.
    pub self_calls: Vec<String>,
}

/// The error type a handler's return type names.
#[derive(Debug, Clone)]
pub enum Returned {
    /// `Result<T, E>`: `E`.
    Error(TypeRef),
    /// `ApiResult<T>` or `Result<T>`: an alias of `Result`, resolved by name in the crate.
    Alias(TypeRef),
    /// `Result<T, StatusCode>` or `Result<T, (StatusCode, Json<ErrorResponse>)>`: the shape of
    /// the error type, which a `?` fills through the crate's `impl From<E> for` that shape.
    Status { shape: String, span: Span },
}

/// An `impl` block read before the file's functions are known: the body to follow.
pub struct Pending {
    pub type_name: String,
    pub conversion: Conversion,
    pub target: Option<String>,
    pub body: Body,
}

/// The conversion `item` implements, if it is one of those read.
pub fn conversion(item: &syn::ItemImpl, off: Offsets, rocket: bool) -> Option<Pending> {
    let (trait_path, _) = item.trait_.as_ref()?;
    let last = trait_path.segments.last()?;
    let trait_span = off.span(last.ident.span());
    let (type_name, conversion) = match last.ident.to_string().as_str() {
        "IntoResponse" => (last_ident(&item.self_ty)?, Conversion::IntoResponse),
        "ResponseError" => (last_ident(&item.self_ty)?, Conversion::ResponseError),
        "From" if is_status(&item.self_ty) => {
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            let Some(syn::GenericArgument::Type(from)) = args.args.first() else {
                return None;
            };
            (last_ident(from)?, Conversion::FromForStatus)
        }
        _ => return None,
    };
    let wanted: &[&str] = match conversion {
        Conversion::IntoResponse => &["into_response"],
        Conversion::ResponseError => &["status_code", "error_response"],
        Conversion::FromForStatus => &["from"],
    };
    let mut body = Body::default();
    for f in item.items.iter().filter_map(|i| match i {
        syn::ImplItem::Fn(f) if wanted.iter().any(|w| f.sig.ident == w) => Some(f),
        _ => None,
    }) {
        let read = drift::body(&f.block, off, rocket);
        body.statuses.extend(read.statuses);
        body.calls.extend(read.calls);
        body.self_calls.extend(read.self_calls);
    }
    let defines_any = item
        .items
        .iter()
        .any(|i| matches!(i, syn::ImplItem::Fn(f) if wanted.iter().any(|w| f.sig.ident == w)));
    if conversion == Conversion::ResponseError && !defines_any {
        // The trait's default `status_code`: the place to show is where the trait is named.
        body.statuses.push((500, trait_span));
    }
    let target = (conversion == Conversion::FromForStatus).then(|| shape(&item.self_ty));
    Some(Pending {
        type_name,
        conversion,
        target,
        body,
    })
}

/// `StatusCode`, or a tuple whose first element is one (`(StatusCode, Json<ErrorResponse>)`).
fn is_status(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Tuple(t) => t.elems.first().is_some_and(is_status),
        other => last_ident(other).is_some_and(|n| n == "StatusCode"),
    }
}

fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The error type of a handler's return type: `E` of `Result<T, E>`, or the alias in
/// `ApiResult<T>` / `Result<T>` (one type argument: the error type is the alias's).
pub fn returned(output: &syn::ReturnType, off: Offsets) -> Option<Returned> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::Path(p) = &**ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let types: Vec<&syn::Type> = args
        .args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect();
    match types.as_slice() {
        [_, error] if last.ident == "Result" && is_status(error) => Some(Returned::Status {
            shape: shape(error),
            span: type_span(error, off)?,
        }),
        [_, error] if last.ident == "Result" => type_ref(error, off).map(Returned::Error),
        [_] => type_ref(ty, off).map(|mut alias| {
            // The alias's name only, not its arguments.
            alias.span = off.span(last.ident.span());
            Returned::Alias(alias)
        }),
        _ => None,
    }
}

/// A type as names only, for comparing two writings of it: `(StatusCode, Json<ErrorResponse>)`
/// and `(http::StatusCode, axum::Json<ErrorResponse>)` are both `(StatusCode, Json<ErrorResponse>)`.
pub fn shape(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Tuple(t) => {
            let elems: Vec<String> = t.elems.iter().map(shape).collect();
            format!("({})", elems.join(", "))
        }
        syn::Type::Path(p) => match p.path.segments.last() {
            Some(last) => {
                let mut out = last.ident.to_string();
                if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                    let args: Vec<String> = args
                        .args
                        .iter()
                        .filter_map(|a| match a {
                            syn::GenericArgument::Type(t) => Some(shape(t)),
                            _ => None,
                        })
                        .collect();
                    out.push_str(&format!("<{}>", args.join(", ")));
                }
                out
            }
            None => String::new(),
        },
        _ => "_".into(),
    }
}

/// The span of a path or tuple type, from its first to its last token.
fn type_span(ty: &syn::Type, off: Offsets) -> Option<Span> {
    match ty {
        syn::Type::Tuple(t) => Some(off.span(t.paren_token.span.join())),
        other => type_ref(other, off).map(|t| t.span),
    }
}

fn type_ref(ty: &syn::Type, off: Offsets) -> Option<TypeRef> {
    let syn::Type::Path(p) = ty else {
        return None;
    };
    let first = p.path.segments.first()?;
    let last = p.path.segments.last()?;
    Some(TypeRef {
        path: p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect(),
        span: join(off.span(first.ident.span()), off.span(last.ident.span())),
    })
}

/// `type ApiResult<T> = Result<T, AppError>;` or `type Result<T, E = AppError> =
/// std::result::Result<T, E>;`: the alias's name and the error type's name.
pub fn alias(item: &syn::ItemType) -> Option<(String, String)> {
    let syn::Type::Path(p) = &*item.ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let Some(syn::GenericArgument::Type(error)) = args.args.iter().nth(1) else {
        return None;
    };
    let mut error = last_ident(error)?;
    // `E = AppError`: a parameter of the alias stands for its default.
    for param in &item.generics.params {
        if let syn::GenericParam::Type(t) = param {
            if t.ident == error {
                error = last_ident(&t.default.as_ref()?.1)?;
            }
        }
    }
    Some((item.ident.to_string(), error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str) -> Option<(String, Conversion, Vec<u16>, Vec<String>)> {
        let item: syn::ItemImpl = syn::parse_str(src).unwrap();
        let p = conversion(&item, Offsets { base: 0 }, false);
        proc_macro2::extra::invalidate_current_thread_spans();
        p.map(|p| {
            let codes = p.body.statuses.iter().map(|s| s.0).collect();
            (p.type_name, p.conversion, codes, p.body.self_calls)
        })
    }

    #[test]
    fn the_three_conversions_are_read() {
        let axum = read("impl IntoResponse for AppError { fn into_response(self) -> Response { match self { AppError::NotFound => (StatusCode::NOT_FOUND, \"x\").into_response(), AppError::Db(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response() } } }").unwrap();
        assert_eq!(
            (axum.0.as_str(), axum.1, axum.2),
            ("AppError", Conversion::IntoResponse, vec![404, 500])
        );
        let actix =
            read("impl ResponseError for ApiError { fn error_response(&self) -> HttpResponse { HttpResponse::build(self.status_code()).json(self) } }").unwrap();
        assert_eq!(actix.2, Vec::<u16>::new());
        assert_eq!(actix.3, vec!["status_code".to_string()]);
        let default = read("impl actix_web::ResponseError for ApiError {}").unwrap();
        assert_eq!(default.2, vec![500]);
        let from = read("impl From<InferError> for (StatusCode, Json<ErrorResponse>) { fn from(e: InferError) -> Self { let status = match e { InferError::Overloaded(_) => StatusCode::TOO_MANY_REQUESTS, _ => StatusCode::UNPROCESSABLE_ENTITY }; (status, Json(e.into())) } }").unwrap();
        assert_eq!(
            (from.0.as_str(), from.1, from.2),
            ("InferError", Conversion::FromForStatus, vec![429, 422])
        );
        assert!(read(
            "impl From<io::Error> for AppError { fn from(e: io::Error) -> Self { Self::Io(e) } }"
        )
        .is_none());
        assert!(read("impl Display for AppError { fn fmt(&self) { StatusCode::OK } }").is_none());
    }

    #[test]
    fn aliases_and_return_types_name_the_error_type() {
        let alias_of = |src: &str| {
            let item: syn::ItemType = syn::parse_str(src).unwrap();
            alias(&item)
        };
        assert_eq!(
            alias_of("type ApiResult<T> = Result<T, AppError>;"),
            Some(("ApiResult".into(), "AppError".into()))
        );
        assert_eq!(
            alias_of("type Result<T, E = errors::AppError> = std::result::Result<T, E>;"),
            Some(("Result".into(), "AppError".into()))
        );
        assert_eq!(alias_of("type Pets = Vec<Pet>;"), None);
        let returned_of = |src: &str| {
            let f: syn::ItemFn = syn::parse_str(src).unwrap();
            let r = returned(&f.sig.output, Offsets { base: 0 });
            proc_macro2::extra::invalidate_current_thread_spans();
            match r {
                Some(Returned::Error(t)) => format!("error {} at {}", t.written(), t.span.start),
                Some(Returned::Alias(t)) => format!("alias {} at {}", t.written(), t.span.start),
                Some(Returned::Status { shape, span }) => {
                    format!("status {shape} at {}..{}", span.start, span.end)
                }
                None => "none".into(),
            }
        };
        assert_eq!(
            returned_of("fn f() -> Result<Json<Todo>, errors::AppError> {}"),
            "error errors::AppError at 29"
        );
        assert_eq!(
            returned_of("fn f() -> ApiResult<Json<Todo>> {}"),
            "alias ApiResult at 10"
        );
        assert_eq!(returned_of("fn f() -> impl IntoResponse {}"), "none");
        assert_eq!(
            returned_of(
                "fn f() -> Result<Json<T>, (http::StatusCode, axum::Json<ErrorResponse>)> {}"
            ),
            "status (StatusCode, Json<ErrorResponse>) at 26..71"
        );
        assert_eq!(
            returned_of("fn f() -> Result<(), StatusCode> {}"),
            "status StatusCode at 21..31"
        );
        assert_eq!(returned_of("fn f() -> Json<Todo> {}"), "alias Json at 10");
    }
}
