// The `__private_http` module of a generated file with HTTP conversions
// (`Builder::http`): what every operation's `Request` and `Response` share
// to go to and from the `http` crate's types, and the errors they give,
// which `api` re-exports. Text, like `private_module.rs`, copied into the
// output as written; the crate that includes the output depends on `http`,
// `percent-encoding` and `form_urlencoded`.

#[doc(hidden)]
pub mod __private_http {
    use ::std::fmt;

    use super::api::{Error, Metadata};

    /// What a path parameter escapes: everything but the unreserved
    /// characters, so `#`, `:`, `/` and `?` in an alias or an ID stay
    /// inside their segment.
    const SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');

    /// A request could not be made into an HTTP request.
    #[derive(Debug)]
    pub struct IntoHttpError(String);

    impl fmt::Display for IntoHttpError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl ::std::error::Error for IntoHttpError {}

    /// An HTTP request is not a request to this operation, or not a
    /// well-formed one; each case names what is wrong.
    #[derive(Debug)]
    #[non_exhaustive]
    pub enum FromHttpRequestError {
        /// The request's method is not the operation's.
        WrongMethod {
            expected: &'static str,
            found: String,
        },
        /// The request's path does not match the operation's template.
        WrongPath {
            template: &'static str,
            path: String,
        },
        /// A required path, query or header parameter is missing.
        MissingParameter {
            location: &'static str,
            name: &'static str,
        },
        /// A parameter is there but does not read as its type.
        InvalidParameter {
            location: &'static str,
            name: &'static str,
            message: String,
        },
        /// The body is not the operation's JSON body.
        InvalidBody(String),
    }

    impl fmt::Display for FromHttpRequestError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Self::WrongMethod { expected, found } => {
                    write!(f, "the method is {found}, not {expected}")
                }
                Self::WrongPath { template, path } => {
                    write!(f, "the path `{path}` does not match `{template}`")
                }
                Self::MissingParameter { location, name } => {
                    write!(f, "the {location} parameter `{name}` is missing")
                }
                Self::InvalidParameter {
                    location,
                    name,
                    message,
                } => write!(f, "the {location} parameter `{name}` is invalid: {message}"),
                Self::InvalidBody(message) => write!(f, "the body is invalid: {message}"),
            }
        }
    }

    impl ::std::error::Error for FromHttpRequestError {}

    /// An HTTP response is not a success response of the operation.
    #[derive(Debug)]
    #[non_exhaustive]
    pub enum FromHttpResponseError {
        /// The server answered with an error status and the standard
        /// error body.
        Server { status: u16, error: Error },
        /// The body is not the operation's (for a success status) or not
        /// the standard error (for another).
        InvalidBody { status: u16, message: String },
    }

    impl fmt::Display for FromHttpResponseError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Self::Server { status, error } => {
                    write!(
                        f,
                        "the server answered {status}: {}",
                        error.errcode.as_str()
                    )?;
                    match &error.error {
                        Some(message) => write!(f, ": {message}"),
                        None => Ok(()),
                    }
                }
                Self::InvalidBody { status, message } => {
                    write!(f, "the body of the {status} response is invalid: {message}")
                }
            }
        }
    }

    impl ::std::error::Error for FromHttpResponseError {}

    /// Reads a success response's body as `T`, and any other status as
    /// the standard error.
    pub trait FromHttpResponse: Sized {
        fn try_from_http_response<B: AsRef<[u8]>>(
            response: ::http::Response<B>,
        ) -> Result<Self, FromHttpResponseError>;
    }

    impl<T: ::serde::de::DeserializeOwned> FromHttpResponse for T {
        fn try_from_http_response<B: AsRef<[u8]>>(
            response: ::http::Response<B>,
        ) -> Result<Self, FromHttpResponseError> {
            read_response(response, |_, body| ::serde_json::from_slice(body))
        }
    }

    /// Writes a body as a `200` response.
    pub trait IntoHttpResponse {
        fn try_into_http_response(&self) -> Result<::http::Response<Vec<u8>>, IntoHttpError>;
    }

    impl<T: ::serde::Serialize> IntoHttpResponse for T {
        fn try_into_http_response(&self) -> Result<::http::Response<Vec<u8>>, IntoHttpError> {
            write_response(200, self)
        }
    }

    /// A success status read by `read`, any other as the standard error.
    pub fn read_response<B: AsRef<[u8]>, T>(
        response: ::http::Response<B>,
        read: impl FnOnce(u16, &[u8]) -> Result<T, ::serde_json::Error>,
    ) -> Result<T, FromHttpResponseError> {
        let status = response.status().as_u16();
        let body = response.body().as_ref();
        if response.status().is_success() {
            return read(status, body).map_err(|e| FromHttpResponseError::InvalidBody {
                status,
                message: e.to_string(),
            });
        }
        match ::serde_json::from_slice::<Error>(body) {
            Ok(error) => Err(FromHttpResponseError::Server { status, error }),
            Err(e) => Err(FromHttpResponseError::InvalidBody {
                status,
                message: format!("not the standard error body: {e}"),
            }),
        }
    }

    /// A success response's body as it came, with its `Content-Type` and
    /// `Content-Disposition` (a media download), and any other status as
    /// the standard error.
    #[allow(clippy::type_complexity)]
    pub fn read_media_response<B: AsRef<[u8]>>(
        response: ::http::Response<B>,
    ) -> Result<(Option<String>, Option<String>, Vec<u8>), FromHttpResponseError> {
        let header = |name: ::http::header::HeaderName| {
            (response.headers().get(name))
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(::http::header::CONTENT_TYPE);
        let disposition = header(::http::header::CONTENT_DISPOSITION);
        read_response(response, |_, body| {
            Ok((content_type, disposition, body.to_vec()))
        })
    }

    /// `body` as a `200` response of type `content_type`
    /// (`application/octet-stream` when `None`), with `disposition` as its
    /// `Content-Disposition` when given.
    pub fn write_media_response(
        content_type: Option<&str>,
        disposition: Option<&str>,
        body: &[u8],
    ) -> Result<::http::Response<Vec<u8>>, IntoHttpError> {
        let mut builder = ::http::Response::builder().status(200).header(
            ::http::header::CONTENT_TYPE,
            content_type.unwrap_or("application/octet-stream"),
        );
        if let Some(disposition) = disposition {
            builder = builder.header(::http::header::CONTENT_DISPOSITION, disposition);
        }
        builder
            .body(body.to_vec())
            .map_err(|e| IntoHttpError(e.to_string()))
    }

    /// `body` as the JSON body of a response of `status`.
    pub fn write_response<T: ::serde::Serialize + ?Sized>(
        status: u16,
        body: &T,
    ) -> Result<::http::Response<Vec<u8>>, IntoHttpError> {
        let body = ::serde_json::to_vec(body).map_err(|e| IntoHttpError(e.to_string()))?;
        ::http::Response::builder()
            .status(status)
            .header(::http::header::CONTENT_TYPE, "application/json")
            .body(body)
            .map_err(|e| IntoHttpError(e.to_string()))
    }

    /// The texts a parameter's value goes on the wire as: a string as
    /// itself, a number or boolean as JSON writes it, each item of a list
    /// (a repeated query key), an object as its JSON text; none for `None`.
    pub fn wire_texts<T: ::serde::Serialize + ?Sized>(
        value: &T,
    ) -> Result<Vec<String>, IntoHttpError> {
        let text = |value: ::serde_json::Value| match value {
            ::serde_json::Value::String(text) => text,
            other => other.to_string(),
        };
        Ok(
            match ::serde_json::to_value(value).map_err(|e| IntoHttpError(e.to_string()))? {
                ::serde_json::Value::Null => Vec::new(),
                ::serde_json::Value::Array(items) => items.into_iter().map(text).collect(),
                other => vec![text(other)],
            },
        )
    }

    /// Reads a parameter of type `T` from the texts a request gave for it:
    /// as a string, as JSON text (numbers, booleans, objects), or as a list
    /// of them, whichever `T` takes.
    fn from_wire_texts<T: ::serde::de::DeserializeOwned>(texts: &[String]) -> Result<T, String> {
        use ::serde_json::Value;
        let as_json = |text: &String| {
            ::serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.clone()))
        };
        let mut tries: Vec<Value> = Vec::new();
        if let [text] = texts {
            tries.push(Value::String(text.clone()));
            tries.push(as_json(text));
        }
        tries.push(Value::Array(
            texts.iter().cloned().map(Value::String).collect(),
        ));
        tries.push(Value::Array(texts.iter().map(as_json).collect()));
        let mut first_error = None;
        for value in tries {
            match T::deserialize(value) {
                Ok(read) => return Ok(read),
                Err(e) => {
                    first_error.get_or_insert(e.to_string());
                }
            }
        }
        Err(first_error.unwrap_or_default())
    }

    /// An operation's request on its way out: the path filled in, the
    /// query and headers gathered.
    pub struct OutgoingRequest {
        metadata: &'static Metadata,
        path_values: Vec<(&'static str, String)>,
        query: ::form_urlencoded::Serializer<'static, String>,
        headers: Vec<(&'static str, String)>,
    }

    impl OutgoingRequest {
        pub fn new(metadata: &'static Metadata) -> Self {
            OutgoingRequest {
                metadata,
                path_values: Vec::new(),
                query: ::form_urlencoded::Serializer::new(String::new()),
                headers: Vec::new(),
            }
        }

        pub fn path<T: ::serde::Serialize + ?Sized>(
            &mut self,
            name: &'static str,
            value: &T,
        ) -> Result<(), IntoHttpError> {
            let text = wire_texts(value)?.join(",");
            self.path_values.push((name, text));
            Ok(())
        }

        /// A query parameter: left out when `None`, one key per item of a
        /// list.
        pub fn query<T: ::serde::Serialize + ?Sized>(
            &mut self,
            name: &'static str,
            value: &T,
        ) -> Result<(), IntoHttpError> {
            for text in wire_texts(value)? {
                self.query.append_pair(name, &text);
            }
            Ok(())
        }

        pub fn header<T: ::serde::Serialize + ?Sized>(
            &mut self,
            name: &'static str,
            value: &T,
        ) -> Result<(), IntoHttpError> {
            if let Some(text) = wire_texts(value)?.into_iter().next() {
                self.headers.push((name, text));
            }
            Ok(())
        }

        /// The request to `base_url` (`https://matrix.example.org`), the
        /// access token as `Authorization: Bearer`, `body` as its JSON.
        pub fn finish<T: ::serde::Serialize + ?Sized>(
            self,
            base_url: &str,
            access_token: Option<&str>,
            body: Option<&T>,
        ) -> Result<::http::Request<Vec<u8>>, IntoHttpError> {
            let mut builder = self.start(base_url, access_token)?;
            let body = match body {
                Some(body) => {
                    builder = builder.header(::http::header::CONTENT_TYPE, "application/json");
                    ::serde_json::to_vec(body).map_err(|e| IntoHttpError(e.to_string()))?
                }
                None => Vec::new(),
            };
            builder.body(body).map_err(|e| IntoHttpError(e.to_string()))
        }

        /// As `finish`, with `body` as it is (a media upload), of the type
        /// a `Content-Type` parameter gave, else of `media_type`.
        pub fn finish_bytes(
            self,
            base_url: &str,
            access_token: Option<&str>,
            body: &[u8],
            media_type: &str,
        ) -> Result<::http::Request<Vec<u8>>, IntoHttpError> {
            let typed =
                (self.headers.iter()).any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
            let mut builder = self.start(base_url, access_token)?;
            if !typed {
                builder = builder.header(::http::header::CONTENT_TYPE, media_type);
            }
            builder
                .body(body.to_vec())
                .map_err(|e| IntoHttpError(e.to_string()))
        }

        /// The method, the URI with the path and query parameters, the
        /// access token and the header parameters.
        fn start(
            mut self,
            base_url: &str,
            access_token: Option<&str>,
        ) -> Result<::http::request::Builder, IntoHttpError> {
            let mut uri = base_url.trim_end_matches('/').to_owned();
            let mut rest = self.metadata.path;
            while let Some(open) = rest.find('{') {
                uri.push_str(&rest[..open]);
                let Some(close) = rest[open..].find('}') else {
                    break;
                };
                let name = &rest[open + 1..open + close];
                let value = (self.path_values.iter())
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.as_str())
                    .ok_or_else(|| IntoHttpError(format!("no value for `{{{name}}}`")))?;
                uri.extend(::percent_encoding::utf8_percent_encode(value, SEGMENT));
                rest = &rest[open + close + 1..];
            }
            uri.push_str(rest);
            let query = self.query.finish();
            if !query.is_empty() {
                uri.push('?');
                uri.push_str(&query);
            }
            let mut builder = ::http::Request::builder()
                .method(self.metadata.method.as_str())
                .uri(uri);
            if let Some(token) = access_token {
                builder = builder.header(::http::header::AUTHORIZATION, format!("Bearer {token}"));
            }
            for (name, value) in self.headers {
                builder = builder.header(name, value);
            }
            Ok(builder)
        }
    }

    /// An HTTP request matched against an operation: its path parameters
    /// decoded, its query read, its body kept for reading.
    pub struct IncomingRequest<'r> {
        path_values: Vec<(&'static str, String)>,
        query: Vec<(String, String)>,
        headers: &'r ::http::HeaderMap,
        body: &'r [u8],
    }

    impl<'r> IncomingRequest<'r> {
        pub fn read<B: AsRef<[u8]>>(
            metadata: &'static Metadata,
            request: &'r ::http::Request<B>,
        ) -> Result<Self, FromHttpRequestError> {
            if request.method().as_str() != metadata.method.as_str() {
                return Err(FromHttpRequestError::WrongMethod {
                    expected: metadata.method.as_str(),
                    found: request.method().to_string(),
                });
            }
            let path = request.uri().path();
            let wrong_path = || FromHttpRequestError::WrongPath {
                template: metadata.path,
                path: path.to_owned(),
            };
            let template: Vec<&str> = metadata.path.split('/').collect();
            let mut given: Vec<&str> = path.split('/').collect();
            // An empty last parameter (`/state/m.room.name/`) may lose its
            // slash.
            if given.len() + 1 == template.len()
                && template.last().is_some_and(|t| t.starts_with('{'))
            {
                given.push("");
            }
            if given.len() != template.len() {
                return Err(wrong_path());
            }
            let mut path_values = Vec::new();
            for (pattern, segment) in template.iter().zip(&given) {
                match pattern.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) => {
                        let decoded = ::percent_encoding::percent_decode_str(segment)
                            .decode_utf8()
                            .map_err(|e| FromHttpRequestError::InvalidParameter {
                                location: "path",
                                name: static_name(metadata.path, name),
                                message: e.to_string(),
                            })?;
                        path_values.push((static_name(metadata.path, name), decoded.into_owned()));
                    }
                    None if pattern == segment => {}
                    None => return Err(wrong_path()),
                }
            }
            let query = (request.uri().query())
                .map(|q| {
                    ::form_urlencoded::parse(q.as_bytes())
                        .into_owned()
                        .collect()
                })
                .unwrap_or_default();
            Ok(IncomingRequest {
                path_values,
                query,
                headers: request.headers(),
                body: request.body().as_ref(),
            })
        }

        pub fn path<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &'static str,
        ) -> Result<T, FromHttpRequestError> {
            let texts: Vec<String> = (self.path_values.iter())
                .filter(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .collect();
            if texts.is_empty() {
                return Err(FromHttpRequestError::MissingParameter {
                    location: "path",
                    name,
                });
            }
            read_parameter("path", name, &texts)
        }

        /// A query parameter that may be missing.
        pub fn query_optional<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &'static str,
        ) -> Result<Option<T>, FromHttpRequestError> {
            let texts: Vec<String> = (self.query.iter())
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .collect();
            if texts.is_empty() {
                return Ok(None);
            }
            read_parameter("query", name, &texts).map(Some)
        }

        pub fn query<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &'static str,
        ) -> Result<T, FromHttpRequestError> {
            self.query_optional(name)?
                .ok_or(FromHttpRequestError::MissingParameter {
                    location: "query",
                    name,
                })
        }

        pub fn header_optional<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &'static str,
        ) -> Result<Option<T>, FromHttpRequestError> {
            let Some(value) = self.headers.get(name) else {
                return Ok(None);
            };
            let text = value
                .to_str()
                .map_err(|e| FromHttpRequestError::InvalidParameter {
                    location: "header",
                    name,
                    message: e.to_string(),
                })?;
            read_parameter("header", name, &[text.to_owned()]).map(Some)
        }

        pub fn header<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &'static str,
        ) -> Result<T, FromHttpRequestError> {
            self.header_optional(name)?
                .ok_or(FromHttpRequestError::MissingParameter {
                    location: "header",
                    name,
                })
        }

        /// The body as it came (a media upload).
        pub fn bytes(&self) -> Vec<u8> {
            self.body.to_vec()
        }

        /// The JSON body; event content in it is read as the type the
        /// path parameter `event_type_parameter` gives, when there is one.
        pub fn body<T: ::serde::de::DeserializeOwned>(
            &self,
            event_type_parameter: Option<&'static str>,
        ) -> Result<T, FromHttpRequestError> {
            let read = || {
                ::serde_json::from_slice(self.body)
                    .map_err(|e| FromHttpRequestError::InvalidBody(e.to_string()))
            };
            match event_type_parameter {
                Some(name) => {
                    let event_type: String = self.path(name)?;
                    super::__private::with_event_type(&event_type, read)
                }
                None => read(),
            }
        }
    }

    fn read_parameter<T: ::serde::de::DeserializeOwned>(
        location: &'static str,
        name: &'static str,
        texts: &[String],
    ) -> Result<T, FromHttpRequestError> {
        from_wire_texts(texts).map_err(|message| FromHttpRequestError::InvalidParameter {
            location,
            name,
            message,
        })
    }

    /// `name` as it is written in the `'static` template, so errors can
    /// hold it without a copy.
    fn static_name(template: &'static str, name: &str) -> &'static str {
        (template.split(['{', '}']))
            .find(|part| *part == name)
            .unwrap_or("")
    }
}
