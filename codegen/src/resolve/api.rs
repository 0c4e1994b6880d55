//! The HTTP API documents, read into one shape whatever their format.
//!
//! Releases up to v1.7 write Swagger 2.0 (`basePath`, the body as a
//! parameter `in: body`, `responses.<code>.schema` and `examples`), later
//! ones OpenAPI 3.1 (`servers`, `requestBody`, `responses.<code>.content`).
//! Both become [`Operation`]s with their schemas resolved as event schemas
//! are: `$ref`s followed (into `definitions/`, the event schemas, and
//! `#/components/...` inside the file), `allOf` merged.

#[cfg(feature = "api")]
use crate::load::Node;
use crate::load::SpecPath;

#[cfg(feature = "api")]
use super::Resolver;
use super::{Origin, Schema};

/// One HTTP API of the spec (`client-server`...), read from its folder.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedApi {
    /// The folder name (`client-server`).
    pub name: String,
    /// Every operation of every file, in file order, then as written.
    pub operations: Vec<Operation>,
    /// The error codes (`M_FORBIDDEN`) the API's files name anywhere: in
    /// error examples, `enum`s and descriptions. The spec lists the codes
    /// in prose only; these are the ones its data mentions.
    pub error_codes: std::collections::BTreeSet<String>,
}

/// One endpoint: a method on a path.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The file and the JSON pointer of the operation object.
    pub origin: Origin,
    pub operation_id: String,
    /// Upper case (`PUT`).
    pub method: String,
    /// The path template with the API's base path joined
    /// (`/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}`).
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub authentication: Authentication,
    /// Whether a 429 response is listed: the server may rate-limit it.
    pub rate_limited: bool,
    pub added_in: Option<String>,
    pub changed_in: Vec<(String, String)>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<Body>,
    /// By status code as written (`200`, `4XX`), in the document's order.
    pub responses: Vec<Response>,
    /// The path parameter that gives the event type of the event content
    /// a body holds (`eventType` of `/send`); set by the API layer, which
    /// knows where content goes.
    pub event_type_parameter: Option<String>,
}

/// What an operation asks of the caller to prove who it is, from its
/// `security` (or the document's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Authentication {
    None,
    /// A user's (or an application service's) access token.
    AccessToken,
    /// An access token if there is one; the endpoint also answers without.
    OptionalAccessToken,
    /// The homeserver's token, on calls to an application service.
    HomeserverAccessToken,
    /// A server's signature on the request (federation).
    ServerSignature,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub description: Option<String>,
    pub schema: Schema,
    /// The value the document gives as an example (`example`, Swagger's
    /// `x-example`).
    pub example: Option<serde_json::Value>,
}

/// A request or response body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    /// `None` when the body is not JSON (a media upload or download).
    pub schema: Option<Schema>,
    /// The content type when it is not JSON (`application/octet-stream`,
    /// `*/*`...), as the document says.
    pub media_type: Option<String>,
    pub examples: Vec<Example>,
}

/// An example body as the document gives it. Its `$ref`s (to the event
/// examples, as `{"$ref": "../../event-schemas/examples/m.typing.yaml"}`)
/// are left for the reader to merge, relative to `file`.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The example's name, or where it was found (`example`).
    pub label: String,
    /// The file it is written in.
    pub file: SpecPath,
    pub value: serde_json::Value,
}

#[cfg(feature = "api")]
impl Example {
    fn at(origin: &Origin, label: &str, node: &Node) -> Example {
        Example {
            label: label.to_owned(),
            file: SpecPath::new(origin.file.file()),
            value: node.to_json(),
        }
    }
}

/// The `example` a body's schema node carries itself, where the document
/// puts it there (`schema: {type: object, example: {...}}`).
#[cfg(feature = "api")]
fn schema_example(origin: &Origin, schema: Option<&Node>) -> Vec<Example> {
    let Some(example) = schema.and_then(|s| s.get("example")) else {
        return Vec::new();
    };
    // Some Swagger files write a response's `examples` map here
    // (`example: {application/json: {...}}`): the example is inside.
    let example = match example {
        Node::Map(entries) if entries.len() == 1 && entries[0].0 == "application/json" => {
            &entries[0].1
        }
        _ => example,
    };
    vec![Example::at(origin, "example", example)]
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: String,
    pub description: Option<String>,
    pub body: Option<Body>,
}

#[cfg(feature = "api")]
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

#[cfg(feature = "api")]
impl<'a> Resolver<'a> {
    /// Reads the operations of one API's endpoint files.
    pub(super) fn api(&mut self, name: &str, files: &[SpecPath]) -> ResolvedApi {
        let mut operations = Vec::new();
        let mut error_codes = std::collections::BTreeSet::new();
        for path in files {
            let Some(document) = self.files.get(path) else {
                continue;
            };
            self.document(path, document, &mut operations);
        }
        // The endpoint files and the definitions they reach (error bodies,
        // rate limits...).
        let folder = format!("{}/{name}/", crate::load::API_DIR);
        for path in self.files.paths() {
            if path.as_str().starts_with(&folder) && path.fragment().is_none() {
                if let Some(node) = self.files.get(path) {
                    error_codes_in(node, &mut error_codes);
                }
            }
        }
        ResolvedApi {
            name: name.to_owned(),
            operations,
            error_codes,
        }
    }

    fn document(&mut self, path: &SpecPath, document: &'a Node, out: &mut Vec<Operation>) {
        let root = Origin {
            file: path.clone(),
            pointer: String::new(),
        };
        let swagger = document.get("swagger").is_some();
        if !swagger && document.get("openapi").is_none() {
            self.error(
                &root,
                "is neither a Swagger 2.0 (`swagger: '2.0'`) nor an OpenAPI (`openapi: 3.x`) document",
            );
            return;
        }
        let base_path = if swagger {
            document.get("basePath").and_then(Node::as_str)
        } else {
            (document.get("servers"))
                .and_then(|s| s.at_pointer("/0/variables/basePath/default"))
                .and_then(Node::as_str)
        }
        .unwrap_or("")
        .trim_end_matches('/')
        .to_owned();
        let default_security = document.get("security");
        let Some(paths) = document.get("paths") else {
            // A document of shared definitions only.
            return;
        };
        let Node::Map(paths) = paths else {
            self.error(
                &root.child("paths"),
                format!(
                    "`paths` must be a mapping of paths to operations, found {}",
                    paths.kind_name()
                ),
            );
            return;
        };
        for (template, item) in paths {
            let item_origin = root.child("paths").child(template);
            let Node::Map(entries) = item else {
                self.error(
                    &item_origin,
                    format!(
                        "a path must map methods to operations, found {}",
                        item.kind_name()
                    ),
                );
                continue;
            };
            // Parameters shared by every method of the path.
            let shared = item.get("parameters");
            for (method, node) in entries {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let origin = item_origin.child(method);
                let context = OperationContext {
                    swagger,
                    base_path: &base_path,
                    template,
                    method,
                    shared_parameters: shared,
                    default_security,
                };
                if let Some(op) = self.operation(origin, node, &context) {
                    out.push(op);
                }
            }
        }
    }

    fn operation(
        &mut self,
        origin: Origin,
        node: &'a Node,
        context: &OperationContext<'_, 'a>,
    ) -> Option<Operation> {
        let Some(operation_id) = node.get("operationId").and_then(Node::as_str) else {
            self.error(
                &origin,
                "the operation has no `operationId` (a string), which names its module",
            );
            return None;
        };
        let text = |key: &str| node.get(key).and_then(Node::as_str).map(str::to_owned);
        let mut parameters = Vec::new();
        let mut request_body = None;
        let lists = [
            (context.shared_parameters, None),
            (node.get("parameters"), Some(origin.child("parameters"))),
        ];
        for (list, list_origin) in lists {
            let Some(list) = list else { continue };
            let list_origin = list_origin.unwrap_or_else(|| origin.clone());
            let Node::Seq(items) = list else {
                self.error(
                    &list_origin,
                    format!("`parameters` must be a list, found {}", list.kind_name()),
                );
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                let (item_origin, item) = self.follow(list_origin.child(&i.to_string()), item)?;
                match item.get("in").and_then(Node::as_str) {
                    Some("body") => {
                        let schema = self.body_schema(&item_origin, item.get("schema"));
                        let bytes = is_bytes(item.get("schema"));
                        request_body = Some(Body {
                            schema,
                            media_type: bytes.then(|| "application/octet-stream".to_owned()),
                            examples: schema_example(&item_origin, item.get("schema")),
                        });
                    }
                    _ => {
                        if let Some(p) = self.parameter(item_origin, item, context.swagger) {
                            // A method's own parameter replaces a shared one.
                            parameters.retain(|q: &Parameter| {
                                q.name != p.name || q.location != p.location
                            });
                            parameters.push(p);
                        }
                    }
                }
            }
        }
        if let Some(body) = node.get("requestBody") {
            let (body_origin, body) = self.follow(origin.child("requestBody"), body)?;
            request_body = Some(self.content(&body_origin, body));
        }
        let mut responses = Vec::new();
        if let Some(Node::Map(codes)) = node.get("responses") {
            for (status, response) in codes {
                let here = origin.child("responses").child(status);
                let (here, response) = self.follow(here, response)?;
                let body = if context.swagger {
                    let schema = response
                        .get("schema")
                        .map(|node| (self.body_schema(&here, Some(node)), is_bytes(Some(node))));
                    let mut examples: Vec<Example> = (response.get("examples"))
                        .and_then(|e| e.get("application/json"))
                        .map(|e| vec![Example::at(&here, "application/json", e)])
                        .unwrap_or_default();
                    if examples.is_empty() {
                        examples = schema_example(&here, response.get("schema"));
                    }
                    schema.map(|(schema, is_file)| Body {
                        schema,
                        media_type: is_file.then(|| "application/octet-stream".to_owned()),
                        examples,
                    })
                } else {
                    response
                        .get("content")
                        .map(|_| self.content(&here, response))
                };
                responses.push(Response {
                    status: status.clone(),
                    description: response
                        .get("description")
                        .and_then(Node::as_str)
                        .map(str::to_owned),
                    body,
                });
            }
        }
        let rate_limited = responses.iter().any(|r| r.status == "429");
        let security = node.get("security").or(context.default_security);
        let changed_in = match node.get("x-changedInMatrixVersion") {
            Some(Node::Map(entries)) => (entries.iter())
                .filter_map(|(v, t)| Some((v.clone(), t.as_str()?.to_owned())))
                .collect(),
            _ => Vec::new(),
        };
        Some(Operation {
            operation_id: operation_id.to_owned(),
            method: context.method.to_ascii_uppercase(),
            path: format!("{}{}", context.base_path, context.template),
            summary: text("summary"),
            description: text("description"),
            authentication: authentication(security),
            rate_limited,
            added_in: node
                .get("x-addedInMatrixVersion")
                .and_then(super::scalar_text),
            changed_in,
            deprecated: matches!(node.get("deprecated"), Some(Node::Bool(true))),
            parameters,
            request_body,
            responses,
            event_type_parameter: None,
            origin,
        })
    }

    /// A node that may be a `$ref` to a parameter, response or request
    /// body elsewhere (`#/components/parameters/limit`): the node it names,
    /// with its place. A `$ref` the loader could not follow was reported.
    fn follow(&self, origin: Origin, node: &'a Node) -> Option<(Origin, &'a Node)> {
        let Some(reference) = node.get("$ref").and_then(Node::as_str) else {
            return Some((origin, node));
        };
        let target = origin.file.join(reference)?;
        let files: &'a crate::load::SpecFiles = self.files;
        // A part of a file the loader did not keep apart (an example's
        // `#/components/examples/...`) is found in the file itself.
        let found = files.get(&target).or_else(|| {
            let whole = files.get(&SpecPath::new(target.file()))?;
            whole.at_pointer(target.fragment()?)
        })?;
        Some((
            Origin {
                file: target,
                pointer: String::new(),
            },
            found,
        ))
    }

    /// A parameter: its schema is `schema` (OpenAPI) or the parameter
    /// object itself less the parameter's own keys (Swagger).
    fn parameter(&mut self, origin: Origin, node: &'a Node, swagger: bool) -> Option<Parameter> {
        let name = node.get("name").and_then(Node::as_str);
        let location = match node.get("in").and_then(Node::as_str) {
            Some("path") => ParameterLocation::Path,
            Some("query") => ParameterLocation::Query,
            Some("header") => ParameterLocation::Header,
            // Cookies and form data have no place in the Matrix APIs.
            Some(_) => return None,
            None => {
                self.error(&origin, "the parameter has no `in`");
                return None;
            }
        };
        let Some(name) = name else {
            self.error(&origin, "the parameter has no `name` (a string)");
            return None;
        };
        let required = matches!(node.get("required"), Some(Node::Bool(true)))
            || location == ParameterLocation::Path;
        let schema = if swagger {
            // The parameter object is its own schema, its keys beside the
            // schema's keywords.
            self.swagger_parameter = true;
            let schema = self.api_schema(origin.clone(), node);
            self.swagger_parameter = false;
            schema
        } else {
            match node.get("schema") {
                Some(schema) => self.api_schema(origin.child("schema"), schema),
                None => {
                    self.error(&origin, "the parameter has no `schema`");
                    None
                }
            }
        }?;
        Some(Parameter {
            name: name.to_owned(),
            location,
            required,
            description: node
                .get("description")
                .and_then(Node::as_str)
                .map(str::to_owned),
            example: (node.get("example"))
                .or_else(|| node.get("x-example"))
                .or_else(|| node.get("schema").and_then(|s| s.get("example")))
                .map(Node::to_json),
            schema,
        })
    }

    /// A Swagger body's `schema`; `None` for a body that is not JSON
    /// (see [`is_bytes`]).
    fn body_schema(&mut self, origin: &Origin, schema: Option<&'a Node>) -> Option<Schema> {
        if is_bytes(schema) {
            return None;
        }
        self.api_schema(origin.child("schema"), schema?)
    }

    /// A schema of an API document. The APIs are read for what they can
    /// give: what cannot be read (a tuple, `properties` written as a list
    /// in old releases) is kept as any JSON, with a warning naming it,
    /// rather than failing the whole generation.
    fn api_schema(&mut self, origin: Origin, node: &'a Node) -> Option<Schema> {
        let mark = self.diags.len();
        self.in_api = true;
        let schema = self.schema(origin, node);
        self.in_api = false;
        (self.diags).errors_to_warnings_since(mark, "the value is kept as `serde_json::Value`");
        schema
    }

    /// An OpenAPI `content` map: the JSON schema and examples, or the
    /// media type of a body that is not JSON.
    fn content(&mut self, origin: &Origin, node: &'a Node) -> Body {
        let content_origin = origin.child("content");
        let Some(Node::Map(types)) = node.get("content") else {
            return Body::default();
        };
        let json = types.iter().find(|(t, _)| t == "application/json");
        let Some((_, media)) = json else {
            return Body {
                media_type: types.first().map(|(t, _)| t.clone()),
                ..Body::default()
            };
        };
        let here = content_origin.child("application/json");
        let schema = (media.get("schema")).and_then(|s| self.api_schema(here.child("schema"), s));
        let mut examples = Vec::new();
        if let Some(example) = media.get("example") {
            examples.push(Example::at(origin, "example", example));
        }
        if let Some(Node::Map(named)) = media.get("examples") {
            for (label, example) in named {
                let Some((at, example)) = self.follow(here.child(label), example) else {
                    continue;
                };
                if let Some(value) = example.get("value") {
                    examples.push(Example::at(&at, label, value));
                }
            }
        }
        if examples.is_empty() {
            examples = schema_example(origin, media.get("schema"));
        }
        Body {
            schema,
            media_type: None,
            examples,
        }
    }
}

/// Collects the `M_...` codes (`M_` and then capitals, digits and `_`)
/// written anywhere in a document's strings.
#[cfg(feature = "api")]
fn error_codes_in(node: &Node, out: &mut std::collections::BTreeSet<String>) {
    match node {
        Node::String(text) => {
            let mut rest = text.as_str();
            while let Some(start) = rest.find("M_") {
                let before = rest[..start].chars().next_back();
                let tail = &rest[start + 2..];
                let len = tail
                    .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                    .unwrap_or(tail.len());
                let code = &rest[start..start + 2 + len];
                let word_start = !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                if word_start && len > 0 && !code.ends_with('_') {
                    out.insert(code.to_owned());
                }
                rest = &tail[len..];
            }
        }
        Node::Seq(items) => items.iter().for_each(|n| error_codes_in(n, out)),
        Node::Map(entries) => entries.iter().for_each(|(_, n)| error_codes_in(n, out)),
        _ => {}
    }
}

/// What an operation's place in its document says about it.
#[cfg(feature = "api")]
struct OperationContext<'c, 'a> {
    swagger: bool,
    base_path: &'c str,
    template: &'c str,
    method: &'c str,
    shared_parameters: Option<&'a Node>,
    default_security: Option<&'a Node>,
}

/// The authentication a `security` list asks for: any of its alternatives
/// will do, and an empty one (`{}`) means none is needed.
#[cfg(feature = "api")]
fn authentication(security: Option<&Node>) -> Authentication {
    let Some(Node::Seq(alternatives)) = security else {
        return Authentication::None;
    };
    let mut optional = false;
    let mut found = Authentication::None;
    for alternative in alternatives {
        let Node::Map(schemes) = alternative else {
            continue;
        };
        if schemes.is_empty() {
            optional = true;
        }
        for (scheme, _) in schemes {
            let scheme = scheme.to_ascii_lowercase();
            found = if scheme.contains("signed") {
                Authentication::ServerSignature
            } else if scheme.contains("homeserver") {
                Authentication::HomeserverAccessToken
            } else {
                Authentication::AccessToken
            };
        }
    }
    match (found, optional) {
        (Authentication::AccessToken, true) => Authentication::OptionalAccessToken,
        (found, _) => found,
    }
}

/// Whether a Swagger body's `schema` is bytes rather than JSON:
/// `type: file`, or a string of `format: byte` or `binary`, as the media
/// uploads of v1.1 to v1.7 say (their bodies are the file as it is, not a
/// JSON string).
#[cfg(feature = "api")]
fn is_bytes(schema: Option<&Node>) -> bool {
    let field = |name: &str| schema.and_then(|s| s.get(name)).and_then(Node::as_str);
    match field("type") {
        Some("file") => true,
        Some("string") => matches!(field("format"), Some("byte" | "binary")),
        _ => false,
    }
}
