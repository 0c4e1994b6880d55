//! The HTTP API modules: `api::Metadata` and its enums, one module per API
//! with the list of its operations, and in each operation's module its
//! `METADATA` (its body types are model types, emitted as any other).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{doc_attrs, ident, relative_path, Emitter};
use crate::model::{self, OperationDef, TypeRef};
use crate::resolve::ParameterLocation;

impl Emitter<'_> {
    /// What goes in an API module beside its types: the shared
    /// `Metadata` in `api`, the list of operations in `api::<api>`, and
    /// `METADATA` (with aliases for bodies that are shared types) in an
    /// operation's module.
    pub(super) fn api_module_items(&self, path: &[String]) -> TokenStream {
        if self.model.operations.is_empty()
            || path.first().map(String::as_str) != Some(model::API_MODULE)
        {
            return TokenStream::new();
        }
        if path.len() == 1 {
            let mut out = metadata_types();
            if self.options.http {
                out.extend(quote! {
                    pub use super::__private_http::{
                        FromHttpRequestError, FromHttpResponse, FromHttpResponseError,
                        IntoHttpError, IntoHttpResponse,
                    };
                });
            }
            return out;
        }
        let ops: Vec<&OperationDef> = (self.model.operations.iter())
            .filter(|o| o.module.starts_with(path))
            .collect();
        if path.len() == 2 {
            let modules = ops.iter().map(|o| ident(&o.module[2]));
            let doc = doc_attrs(&[
                "The metadata of every operation of this API, in the spec's order.".to_owned(),
            ]);
            return quote! {
                #doc
                pub const OPERATIONS: &[&super::Metadata] = &[#(&#modules::METADATA),*];
            };
        }
        match ops.iter().find(|o| o.module == path) {
            Some(op) => self.operation_items(op),
            None => TokenStream::new(),
        }
    }

    fn operation_items(&self, op: &OperationDef) -> TokenStream {
        let o = &op.operation;
        let metadata = relative_path(&op.module, &[model::API_MODULE.to_owned()]);
        let method = ident(&crate::names::pascal_case(&o.method.to_ascii_lowercase()));
        let path = Literal::string(&o.path);
        // The generated `Authentication` has the variants of the
        // generator's, by the same names.
        let authentication = ident(&format!("{:?}", o.authentication));
        let rate_limited = o.rate_limited;
        let added_in = match &o.added_in {
            Some(v) => quote!(Some(#v)),
            None => quote!(None),
        };
        let changed_in = o.changed_in.iter().map(|(v, _)| Literal::string(v));
        let deprecated = o.deprecated;
        let operation_id = Literal::string(&o.operation_id);
        let mut out = quote! {
            /// What the spec says of this operation apart from its bodies.
            pub const METADATA: #metadata Metadata = #metadata Metadata {
                method: #metadata Method::#method,
                path: #path,
                authentication: #metadata Authentication::#authentication,
                rate_limited: #rate_limited,
                added_in: #added_in,
                changed_in: &[#(#changed_in),*],
                deprecated: #deprecated,
                operation_id: #operation_id,
            };
        };
        out.extend(self.request(op));
        // A body that is a shared type, or not an object, is named here by
        // an alias, so every operation has its `RequestBody`/`Response`.
        let others =
            (op.other_responses.iter()).map(|(status, ty)| (format!("Response{status}"), Some(ty)));
        let first = match (&op.response_status, op.other_responses.is_empty()) {
            (Some(status), false) => format!("Response{status}"),
            _ => "Response".to_owned(),
        };
        let bodies = [
            ("RequestBody".to_owned(), op.request_body.as_ref()),
            (first, op.response.as_ref()),
        ];
        for (name, ty) in bodies.into_iter().chain(others) {
            let name = name.as_str();
            let Some(ty) = ty else { continue };
            let own = matches!(ty, TypeRef::Named(id)
                if self.model.get(*id).module == op.module && self.model.get(*id).name == name);
            if !own {
                let alias = ident(name);
                let tokens = self.type_tokens(ty, &op.module);
                let doc = doc_attrs(&[match name {
                    "RequestBody" => "The request's body's type.".to_owned(),
                    "Response" => "The success response's body's type.".to_owned(),
                    other => format!(
                        "The body's type of the success response {}.",
                        &other["Response".len()..]
                    ),
                }]);
                out.extend(quote!(#doc pub type #alias = #tokens;));
            }
        }
        out.extend(responses_enum(op, self.options.http));
        if let Some(media) = &op.response_media {
            out.extend(media_response(op, media, self.options.http));
        }
        if self.options.http {
            out.extend(self.request_http(op));
        }
        out
    }

    /// `Request::try_into_http_request` and `try_from_http_request`: the
    /// parameters through `__private_http`'s `OutgoingRequest` and
    /// `IncomingRequest`, each by its name and place; a body that is not
    /// JSON (a media upload) as its bytes.
    fn request_http(&self, op: &OperationDef) -> TokenStream {
        let o = &op.operation;
        let (root, api) = root_and_api(op);
        let mut writes = TokenStream::new();
        let mut reads = TokenStream::new();
        for p in &op.parameters {
            let rust = ident(&p.field.rust_name);
            let name = Literal::string(&p.field.json_name);
            let (write, read) = match (p.location, p.field.required) {
                (ParameterLocation::Path, _) => (quote!(path), quote!(path)),
                (ParameterLocation::Query, true) => (quote!(query), quote!(query)),
                (ParameterLocation::Query, false) => (quote!(query), quote!(query_optional)),
                (ParameterLocation::Header, true) => (quote!(header), quote!(header)),
                (ParameterLocation::Header, false) => (quote!(header), quote!(header_optional)),
            };
            writes.extend(quote!(request.#write(#name, &self.#rust)?;));
            reads.extend(quote!(#rust: request.#read(#name)?,));
        }
        let body = match &op.request_body {
            Some(_) => {
                let event_type = match &o.event_type_parameter {
                    Some(name) => {
                        let name = Literal::string(name);
                        quote!(Some(#name))
                    }
                    None => quote!(None),
                };
                reads.extend(quote!(body: request.body(#event_type)?,));
                quote!(Some(&self.body))
            }
            None => quote!(None::<&()>),
        };
        let finish = match &op.request_media {
            Some(media) => {
                reads.extend(quote!(body: request.bytes(),));
                quote!(request.finish_bytes(base_url, access_token, &self.body, #media))
            }
            None => quote!(request.finish(base_url, access_token, #body)),
        };
        let allow_deprecated = allow_deprecated(op);
        let outgoing = match writes.is_empty() {
            true => quote!(request),
            false => quote!(mut request),
        };
        let incoming = match reads.is_empty() {
            true => quote!(_),
            false => quote!(request),
        };
        quote! {
            #allow_deprecated
            impl Request {
                /// The request as an HTTP request to `base_url`
                /// (`https://matrix.example.org`): path parameters
                /// percent-encoded, query parameters as homeservers read
                /// them (a key per item of a list), the access token, if
                /// given, as `Authorization: Bearer`, the body as JSON.
                pub fn try_into_http_request(
                    &self,
                    base_url: &str,
                    access_token: Option<&str>,
                ) -> Result<::http::Request<Vec<u8>>, #api IntoHttpError> {
                    let #outgoing = #root __private_http::OutgoingRequest::new(&METADATA);
                    #writes
                    #finish
                }

                /// Reads an HTTP request to this operation: the method and
                /// the path template checked, path and query parameters
                /// decoded, the body read; the error names the parameter
                /// that is missing or wrong.
                pub fn try_from_http_request<B: AsRef<[u8]>>(
                    http_request: ::http::Request<B>,
                ) -> Result<Self, #api FromHttpRequestError> {
                    let #incoming = #root __private_http::IncomingRequest::read(&METADATA, &http_request)?;
                    Ok(Self { #reads })
                }
            }
        }
    }

    /// `Request`: the parameters as fields, then the body. When the body is
    /// an object type, `Request` derefs to it, so its properties read as
    /// the request's own (`request.visibility`).
    fn request(&self, op: &OperationDef) -> TokenStream {
        let module = &op.module;
        let mut fields = TokenStream::new();
        let mut params = TokenStream::new();
        let mut inits = TokenStream::new();
        let mut setters = TokenStream::new();
        // A body that is event content of the type a path parameter names
        // (`/send/{eventType}`): `new` takes any content of the kind, and
        // the parameter from its type.
        let content = match (&op.operation.event_type_parameter, &op.request_body) {
            (Some(parameter), Some(TypeRef::EventEnum(content_enum))) => content_enum
                .strip_prefix("Any")
                .and_then(|kind| kind.strip_suffix("Content"))
                .map(|kind| {
                    (
                        parameter.as_str(),
                        content_enum.as_str(),
                        format!("{kind}EventContent"),
                    )
                }),
            _ => None,
        };
        let mut generics = TokenStream::new();
        let (root, _) = root_and_api(op);
        for p in &op.parameters {
            let f = &p.field;
            let rust = ident(&f.rust_name);
            let ty = self.type_tokens(&f.ty, module);
            let field_ty = self.field_type(f, module);
            let mut docs = self.docs(&f.docs);
            let place = match p.location {
                ParameterLocation::Path => "path",
                ParameterLocation::Query => "query",
                ParameterLocation::Header => "header",
            };
            let mut note = vec![format!("The {place} parameter `{}`.", f.json_name)];
            if !docs.is_empty() {
                note.insert(0, String::new());
            }
            docs.extend(doc_attrs(&note));
            fields.extend(quote!(#docs pub #rust: #field_ty,));
            if content.as_ref().is_some_and(|c| c.0 == f.json_name) {
                inits.extend(quote!(#rust: <C as #root EventContent>::EVENT_TYPE.into(),));
            } else if f.required {
                params.extend(quote!(#rust: impl Into<#ty>,));
                inits.extend(quote!(#rust: #rust.into(),));
            } else {
                inits.extend(quote!(#rust: None,));
                let setter = format_ident!("with_{}", f.rust_name.trim_end_matches('_'));
                let doc = doc_attrs(&[format!("Sets the {place} parameter `{}`.", f.json_name)]);
                setters.extend(quote! {
                    #doc
                    pub fn #setter(mut self, #rust: impl Into<#ty>) -> Self {
                        self.#rust = Some(#rust.into());
                        self
                    }
                });
            }
        }
        let mut deref = TokenStream::new();
        if let Some(body) = &op.request_body {
            let ty = self.type_tokens(body, module);
            fields.extend(quote! {
                /// The JSON body.
                pub body: #ty,
            });
            if let Some((_, _, content_trait)) = &content {
                let content_trait = ident(content_trait);
                generics = quote!(<C: #root #content_trait + Into<#ty>>);
                params.extend(quote!(content: C,));
                inits.extend(quote!(body: content.into(),));
            } else {
                params.extend(quote!(body: impl Into<#ty>,));
                inits.extend(quote!(body: body.into(),));
            }
            let is_struct = matches!(body, TypeRef::Named(id)
                if matches!(self.model.get(*id).kind, model::TypeKind::Struct(_)));
            if is_struct {
                deref = quote! {
                    impl ::std::ops::Deref for Request {
                        type Target = #ty;
                        fn deref(&self) -> &#ty {
                            &self.body
                        }
                    }
                    impl ::std::ops::DerefMut for Request {
                        fn deref_mut(&mut self) -> &mut #ty {
                            &mut self.body
                        }
                    }
                };
            }
        }
        if let Some(media) = &op.request_media {
            let doc = doc_attrs(&[format!(
                "The body: the bytes sent (`{media}`, as the spec says; a `Content-Type` parameter, where the operation has one, says which)."
            )]);
            fields.extend(quote!(#doc pub body: Vec<u8>,));
            params.extend(quote!(body: impl Into<Vec<u8>>,));
            inits.extend(quote!(body: body.into(),));
        }
        let allow_deprecated = allow_deprecated(op);
        let default = if params.is_empty() {
            quote!(Default,)
        } else {
            TokenStream::new()
        };
        let has_body = op.request_body.is_some() || op.request_media.is_some();
        let constructor_doc = doc_attrs(&[match (params.is_empty(), has_body) {
            _ if content.is_some() => "Creates a request from its required parameters and the event content to send; the event type is the content's.",
            (true, _) => "Creates a request with every parameter empty.",
            (false, true) => "Creates a request from its required parameters and its body; the optional parameters start empty.",
            (false, false) => "Creates a request from its required parameters; the optional ones start empty.",
        }
        .to_owned()]);
        let mut from_parts = TokenStream::new();
        if let Some((parameter, content_enum, _)) = &content {
            // Content of a type the crate does not know, or an event type
            // other than the content's own (an unstable name).
            let mut all_params = TokenStream::new();
            let mut all_inits = TokenStream::new();
            for p in op.parameters.iter().filter(|p| p.field.required) {
                let rust = ident(&p.field.rust_name);
                let ty = self.type_tokens(&p.field.ty, module);
                all_params.extend(quote!(#rust: impl Into<#ty>,));
                all_inits.extend(quote!(#rust: #rust.into(),));
            }
            for p in op.parameters.iter().filter(|p| !p.field.required) {
                let rust = ident(&p.field.rust_name);
                all_inits.extend(quote!(#rust: None,));
            }
            let ty = self.type_tokens(&TypeRef::EventEnum((*content_enum).to_owned()), module);
            let doc = doc_attrs(&[format!("Creates a request from its required parameters, the event type (`{parameter}`) among them, and its body; for content of a type this crate does not know (`{content_enum}::Unknown`).")]);
            from_parts = quote! {
                #doc
                #[allow(clippy::too_many_arguments)]
                pub fn from_parts(#all_params body: #ty) -> Self {
                    Self { #all_inits body }
                }
            };
        }
        quote! {
            /// A request to this operation: its path, query and header
            /// parameters, and its body. The access token is not among them.
            #[derive(Clone, Debug, #default PartialEq)]
            #[non_exhaustive]
            pub struct Request {
                #fields
            }

            #allow_deprecated
            impl Request {
                #constructor_doc
                #[allow(clippy::too_many_arguments)]
                pub fn new #generics (#params) -> Self {
                    Self { #inits }
                }
                #from_parts
                #setters
            }

            #deref
        }
    }

    /// The doc of an API module, or `None` for modules that are not.
    pub(super) fn api_module_doc(&self, path: &[String]) -> Option<String> {
        if path.first().map(String::as_str) != Some(model::API_MODULE)
            || self.model.operations.is_empty()
        {
            return None;
        }
        Some(match path.len() {
            1 => "The spec's HTTP APIs: a module per API, in it a module per operation (named from its `operationId`) with the operation's `METADATA` and the types of its bodies.".to_owned(),
            2 => {
                let api = (self.model.operations.iter())
                    .find(|o| o.module.starts_with(path))
                    .map_or("", |o| o.api.as_str());
                format!("The `{api}` API.")
            }
            _ if path.get(2).map(String::as_str) == Some(model::API_DEFINITIONS_MODULE) && path.len() == 3 => {
                "Types the API's files define once and share.".to_owned()
            }
            _ => match self.model.operations.iter().find(|o| o.module == path) {
                Some(op) => {
                    let o = &op.operation;
                    let lines = crate::docs::render(
                        &model::Docs {
                            description: Some(match (&o.summary, &o.description) {
                                (Some(s), Some(d)) => format!("{s}\n\n{d}"),
                                (Some(s), None) => s.clone(),
                                (None, Some(d)) => d.clone(),
                                (None, None) => format!("`{} {}`", o.method, o.path),
                            }),
                            added_in: o.added_in.clone(),
                            changed_in: o.changed_in.clone(),
                            deprecated: false,
                        },
                        &self.options.spec_version,
                    );
                    let deprecated = if o.deprecated {
                        "\n\n**Deprecated** by the spec."
                    } else {
                        ""
                    };
                    format!("`{} {}`\n\n{}{deprecated}", o.method, o.path, lines.join("\n"))
                }
                None => return None,
            },
        })
    }
}

/// `#[allow(deprecated)]` for code that names the parameters, when the
/// spec deprecates one of them.
fn allow_deprecated(op: &OperationDef) -> TokenStream {
    if op.parameters.iter().any(|p| p.field.docs.deprecated) {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    }
}

/// The paths from an operation's module to the crate's root and to `api`.
fn root_and_api(op: &OperationDef) -> (TokenStream, TokenStream) {
    (
        relative_path(&op.module, &[]),
        relative_path(&op.module, &[model::API_MODULE.to_owned()]),
    )
}

/// `Response` for an operation whose success body is not JSON (a media
/// download): the bytes and their `Content-Type`.
fn media_response(op: &OperationDef, media: &str, http: bool) -> TokenStream {
    let doc = doc_attrs(&[format!(
        "The success response: the bytes received (`{media}`, as the spec says) and the `Content-Type` and `Content-Disposition` they came with."
    )]);
    let mut out = quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct Response {
            /// The `Content-Type` header, when there is one.
            pub content_type: Option<String>,
            /// The `Content-Disposition` header (`inline; filename=...`),
            /// when there is one.
            pub content_disposition: Option<String>,
            /// The body.
            pub body: Vec<u8>,
        }

        impl Response {
            /// Creates a response from its body and its `Content-Type`; the
            /// `Content-Disposition` starts empty.
            pub fn new(content_type: Option<String>, body: impl Into<Vec<u8>>) -> Self {
                Self { content_type, content_disposition: None, body: body.into() }
            }

            /// Sets the `Content-Disposition` header.
            pub fn with_content_disposition(mut self, disposition: impl Into<String>) -> Self {
                self.content_disposition = Some(disposition.into());
                self
            }
        }
    };
    if http {
        let (root, api) = root_and_api(op);
        out.extend(quote! {
            impl #api FromHttpResponse for Response {
                fn try_from_http_response<B: AsRef<[u8]>>(
                    response: ::http::Response<B>,
                ) -> Result<Self, #api FromHttpResponseError> {
                    let (content_type, content_disposition, body) =
                        #root __private_http::read_media_response(response)?;
                    Ok(Self { content_type, content_disposition, body })
                }
            }

            impl #api IntoHttpResponse for Response {
                fn try_into_http_response(&self) -> Result<::http::Response<Vec<u8>>, #api IntoHttpError> {
                    #root __private_http::write_media_response(
                        self.content_type.as_deref(),
                        self.content_disposition.as_deref(),
                        &self.body,
                    )
                }
            }
        });
    }
    out
}

/// `Response` for an operation with several success bodies: an enum of
/// them by status. A body alone does not say its status, so it is read
/// with `from_json(status, json)` rather than `Deserialize`.
fn responses_enum(op: &OperationDef, http: bool) -> TokenStream {
    let Some(first) = &op.response_status else {
        return TokenStream::new();
    };
    if op.other_responses.is_empty() {
        return TokenStream::new();
    }
    let statuses: Vec<&String> = std::iter::once(first)
        .chain(op.other_responses.iter().map(|(status, _)| status))
        .collect();
    let mut variants = TokenStream::new();
    let mut status_arms = TokenStream::new();
    let mut read_arms = TokenStream::new();
    let mut write_arms = TokenStream::new();
    for status in &statuses {
        let variant = ident(&match status.as_str() {
            "200" => "Ok".to_owned(),
            "201" => "Created".to_owned(),
            "202" => "Accepted".to_owned(),
            "204" => "NoContent".to_owned(),
            other => format!("Status{other}"),
        });
        let body = format_ident!("Response{}", status.as_str());
        let code: u16 = match status.parse() {
            Ok(code) => code,
            // A range (`2XX`) names no one status to read by.
            Err(_) => return TokenStream::new(),
        };
        let code = Literal::u16_unsuffixed(code);
        let doc = doc_attrs(&[format!("The body of a `{status}` response.")]);
        variants.extend(quote!(#doc #variant(#body),));
        status_arms.extend(quote!(Self::#variant(_) => #code,));
        read_arms.extend(quote!(#code => Ok(Self::#variant(::serde_json::from_slice(json)?)),));
        write_arms.extend(quote!(Self::#variant(body) => body.serialize(serializer),));
    }
    let listed = statuses
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = doc_attrs(&[format!(
        "The body of a success response, by its status ({listed}). Read it with [`Response::from_json`], since a body alone does not say its status."
    )]);
    let http_impls = if http {
        let (root, api) = root_and_api(op);
        quote! {
            impl Response {
                /// Reads an HTTP response: a success status as its body's
                /// type, any other as the standard error.
                pub fn try_from_http_response<B: AsRef<[u8]>>(
                    response: ::http::Response<B>,
                ) -> Result<Self, #api FromHttpResponseError> {
                    #root __private_http::read_response(response, Self::from_slice)
                }

                /// The body as an HTTP response of its status.
                pub fn try_into_http_response(
                    &self,
                ) -> Result<::http::Response<Vec<u8>>, #api IntoHttpError> {
                    #root __private_http::write_response(self.status(), self)
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let from_json_doc = doc_attrs(&[format!(
        "Reads the body of a response of HTTP status `status`; a status other than {listed} is an error."
    )]);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Response {
            #variants
        }

        impl Response {
            /// The HTTP status of the response this body is of.
            pub fn status(&self) -> u16 {
                match self {
                    #status_arms
                }
            }

            #from_json_doc
            pub fn from_json(status: u16, json: &str) -> Result<Self, ::serde_json::Error> {
                Self::from_slice(status, json.as_bytes())
            }

            /// [`Response::from_json`] from bytes.
            pub fn from_slice(status: u16, json: &[u8]) -> Result<Self, ::serde_json::Error> {
                match status {
                    #read_arms
                    other => Err(<::serde_json::Error as ::serde::de::Error>::custom(
                        format_args!("status {other} is not a success status of this operation"),
                    )),
                }
            }
        }

        #http_impls

        impl ::serde::Serialize for Response {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #write_arms
                }
            }
        }
    }
}

/// `api::Metadata` and the enums it uses: the same for every spec.
fn metadata_types() -> TokenStream {
    quote! {
        /// What the spec says of an operation apart from its bodies.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Metadata {
            pub method: Method,
            /// The path template, the API's base path joined
            /// (`/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}`).
            pub path: &'static str,
            pub authentication: Authentication,
            /// Whether the server may answer 429 (too many requests).
            pub rate_limited: bool,
            /// The release that added the operation, when the spec says.
            pub added_in: Option<&'static str>,
            /// The releases that changed it, as the spec lists them.
            pub changed_in: &'static [&'static str],
            pub deprecated: bool,
            /// The spec's `operationId`, which names the module.
            pub operation_id: &'static str,
        }

        impl Metadata {
            /// Whether a request without credentials is refused.
            pub fn requires_authentication(&self) -> bool {
                !matches!(
                    self.authentication,
                    Authentication::None | Authentication::OptionalAccessToken
                )
            }
        }

        /// An HTTP method.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Method {
            Get,
            Put,
            Post,
            Delete,
            Patch,
            Head,
            Options,
        }

        impl Method {
            /// The method as HTTP writes it (`PUT`).
            pub fn as_str(&self) -> &'static str {
                match self {
                    Method::Get => "GET",
                    Method::Put => "PUT",
                    Method::Post => "POST",
                    Method::Delete => "DELETE",
                    Method::Patch => "PATCH",
                    Method::Head => "HEAD",
                    Method::Options => "OPTIONS",
                }
            }
        }

        /// What a caller must show of who it is.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Authentication {
            /// Nothing.
            None,
            /// A user's (or an application service's) access token.
            AccessToken,
            /// An access token if the caller has one; the operation also answers without.
            OptionalAccessToken,
            /// The homeserver's token, on its calls to an application service.
            HomeserverAccessToken,
            /// A server's signature on the request (federation).
            ServerSignature,
        }
    }
}

/// Every example body of the operations, each with the type that reads it,
/// as Rust source for a checking tool to `include!` (`roundtrip_api`): an
/// array of `ApiExample { api, operation_id, which, label, file, event_type,
/// json, read }` (`event_type`: what event content in the body is read as)
/// with `read` a `Some(read::<T>)` (`T` named from a `use`d `api` module)
/// or `None` where no type is generated for that body (a second success
/// status). The including file defines `ApiExample` and `read`. `None`
/// when no API is generated.
pub fn api_examples(model: &model::TypeModel) -> Option<String> {
    if model.operations.is_empty() {
        return None;
    }
    let mut out = String::from(
        "// @generated by matrix-codegen: the example bodies of the HTTP APIs, each with\n// the type that reads it. Do not edit by hand.\n[\n",
    );
    for op in &model.operations {
        let path = op.module.join("::");
        let o = &op.operation;
        let mut bodies = Vec::new();
        if let Some(body) = &o.request_body {
            let read = op
                .request_body
                .as_ref()
                .map(|_| format!("{path}::RequestBody"));
            bodies.push(("request", read, body));
        }
        for response in &o.responses {
            let Some(body) = &response.body else { continue };
            let read = if response.status.starts_with('2') {
                if op.response_status.as_ref() == Some(&response.status) {
                    match op.other_responses.is_empty() {
                        true => Some(format!("{path}::Response")),
                        false => Some(format!("{path}::Response{}", response.status)),
                    }
                } else {
                    (op.other_responses.iter())
                        .find(|(status, _)| *status == response.status)
                        .map(|(status, _)| format!("{path}::Response{status}"))
                }
            } else {
                Some(format!("{}::Error", model::API_MODULE))
            };
            bodies.push((response.status.as_str(), read, body));
        }
        // Content bodies are read as the type the path parameter's example
        // gives.
        let event_type = (o.event_type_parameter.as_ref())
            .and_then(|name| o.parameters.iter().find(|p| &p.name == name))
            .and_then(|p| p.example.as_ref())
            .and_then(serde_json::Value::as_str);
        let event_type = format!("{event_type:?}");
        for (which, read, body) in bodies {
            if body.schema.is_none() && body.media_type.is_some() {
                continue;
            }
            for example in &body.examples {
                let json = serde_json::to_string(&example.value).unwrap_or_default();
                let read = read
                    .as_ref()
                    .map_or("None".to_owned(), |t| format!("Some(read::<{t}>)"));
                out.push_str(&format!(
                    "    ApiExample {{ api: {:?}, operation_id: {:?}, which: {:?}, label: {:?}, file: {:?}, event_type: {event_type}, json: {:?}, read: {read} }},\n",
                    op.api, o.operation_id, which, example.label, example.file.as_str(), json
                ));
            }
        }
    }
    out.push_str("]\n");
    Some(out)
}
