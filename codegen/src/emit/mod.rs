//! Stage 5: Rust tokens for the type model.
//!
//! The serde impls are generated rather than derived: every struct keeps the
//! properties its schema does not declare, and doing that with
//! `#[serde(flatten)]` would buffer each object and parse it twice. Generated
//! impls read each object in one pass, and the output needs no proc macros.
//! What every struct's impl would repeat (the visitor, the missing-field
//! error, keeping undeclared entries) is emitted once in the hidden
//! `__private` module: the output is a sixth smaller, and every later stage
//! (parsing, printing, compiling) has that much less to read.
//!
//! Paths between generated modules are relative (`super::...`), so the
//! output works wherever a crate `include!`s it.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

#[cfg(feature = "api")]
mod api;
mod events;

#[cfg(feature = "api")]
pub use api::api_examples;
mod relations;

use crate::docs;
use crate::events::EventLayer;
use crate::model::{
    self, EnumDef, Field, StructDef, TypeDef, TypeId, TypeKind, TypeModel, TypeRef, UnionDef,
};
use crate::resolve::JsonType;

/// What open enums and identifier types derive: they are plain values,
/// compared, hashed and sorted like the strings they hold.
const VALUE_DERIVES: &[&str] = &[
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
];

/// Name of the hidden module holding helpers the generated impls share.
const PRIVATE_MODULE: &str = "__private";

/// The text of the `__private` module (see the file's header).
const PRIVATE_MODULE_SOURCE: &str = include_str!("private_module.rs");
/// The helpers of the HTTP conversions, text as the private module is.
const PRIVATE_HTTP_SOURCE: &str = include_str!("private_http.rs");

/// Options that change the emitted code.
#[derive(Clone, Debug)]
pub struct EmitOptions {
    /// Release used in spec links (`v1.18`, or `latest`).
    pub spec_version: String,
    /// Derives added to every generated struct and enum: Rust paths,
    /// checked by the caller (`Eq`, `my_crate::MyTrait`).
    pub extra_derives: Vec<String>,
    /// Conversions to and from the `http` crate's types for the API
    /// operations (see `Builder::http`).
    pub http: bool,
}

/// A Markdown index of the events by kind, with links into the generated
/// modules, for a crate's top-level docs.
pub fn index(model: &TypeModel, layer: &EventLayer, options: &EmitOptions) -> String {
    let emitter = Emitter {
        model,
        layer,
        options,
    };
    emitter.index()
}

/// The output file's tokens, in one stream: every part but the `__private`
/// module, which is text (`private_module_text`) and comes last.
pub fn emit(model: &TypeModel, layer: &EventLayer, options: &EmitOptions) -> TokenStream {
    let file = FileParts::new(model, layer, options);
    let mut out = TokenStream::new();
    for i in 0..file.len() {
        out.extend(file.emit(i));
    }
    out
}

/// The output file cut at its top level: the crate-root items, one part per
/// top-level module, and the private helpers, in file order. Each part is
/// emitted on its own so that emitting and formatting can be spread over
/// threads (`proc_macro2` tokens cannot move between threads, but this can).
pub struct FileParts<'a> {
    emitter: Emitter<'a>,
    tree: ModuleTree,
    parts: Vec<Part>,
}

enum Part {
    Root,
    /// The identifier types (`ids::UserId`...).
    Ids,
    Module(String),
    Private,
    /// The HTTP conversions' helpers, with `Builder::http` and operations.
    PrivateHttp,
}

impl<'a> FileParts<'a> {
    pub fn new(model: &'a TypeModel, layer: &'a EventLayer, options: &'a EmitOptions) -> Self {
        let tree = ModuleTree::from_model(model, layer);
        let mut parts = vec![Part::Root];
        if !model.ids.is_empty() {
            parts.push(Part::Ids);
        }
        parts.extend(tree.children.keys().cloned().map(Part::Module));
        parts.push(Part::Private);
        if options.http && !model.operations.is_empty() {
            parts.push(Part::PrivateHttp);
        }
        FileParts {
            emitter: Emitter {
                model,
                layer,
                options,
            },
            tree,
            parts,
        }
    }

    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// A rough measure of how much code part `i` is, so that the biggest
    /// parts can be started first.
    pub fn weight(&self, i: usize) -> usize {
        match &self.parts[i] {
            Part::Root => self.tree.types.len() + 4 * self.emitter.layer.events.len(),
            Part::Ids => self.emitter.model.ids.len(),
            Part::Module(name) => self.tree.children[name].type_count(),
            Part::Private | Part::PrivateHttp => 1,
        }
    }

    /// What part `i` is made of, for `format::format_parts`. Tokens come
    /// with each block of doc lines replaced by a one-token marker, and the
    /// blocks, to be put back after printing: docs are a quarter of the
    /// output, and parsing and printing them as attributes was a fifth of a
    /// run; spliced back in as `///` lines they come out exactly as
    /// prettyplease prints them (the golden tests compare the two for every
    /// fixture and release).
    pub fn source(&self, i: usize) -> PartSource {
        match self.parts[i] {
            Part::Private => return PartSource::Text(private_module_text()),
            Part::PrivateHttp => return PartSource::Text(private_http_text()),
            _ => {}
        }
        DOC_TABLE.with(|table| *table.borrow_mut() = Some(DocTable::default()));
        let tokens = self.emit(i);
        let table = DOC_TABLE.with(|table| table.borrow_mut().take());
        PartSource::Tokens(tokens, table.unwrap_or_default())
    }

    /// The tokens of part `i`; none for the `__private` module, which is
    /// text (see `private_module_text`).
    pub fn emit(&self, i: usize) -> TokenStream {
        match &self.parts[i] {
            Part::Root => self.emitter.own_items(&self.tree, &[]),
            Part::Ids => self.emitter.ids_module(),
            Part::Module(name) => {
                self.emitter
                    .module(name, &self.tree.children[name], std::slice::from_ref(name))
            }
            Part::Private | Part::PrivateHttp => TokenStream::new(),
        }
    }
}

/// One part of the output file, as `FileParts::source` gives it.
pub enum PartSource {
    /// Tokens to parse and print, with the doc blocks set aside.
    Tokens(TokenStream, DocTable),
    /// Source text already in its final form.
    Text(&'static str),
}

/// Modules nest by path; each node holds its own types and its children.
#[derive(Default)]
struct ModuleTree {
    types: Vec<TypeId>,
    children: std::collections::BTreeMap<String, ModuleTree>,
}

impl ModuleTree {
    fn type_count(&self) -> usize {
        self.types.len()
            + self
                .children
                .values()
                .map(ModuleTree::type_count)
                .sum::<usize>()
    }

    fn from_model(model: &TypeModel, layer: &EventLayer) -> ModuleTree {
        let mut root = ModuleTree::default();
        for (path, ids) in model::by_module(model) {
            let mut node = &mut root;
            for part in &path {
                node = node.children.entry(part.clone()).or_default();
            }
            node.types
                .extend(ids.into_iter().filter(|id| !layer.hidden.contains(id)));
        }
        // Every operation has a module, for its `METADATA` at least.
        for op in &model.operations {
            let mut node = &mut root;
            for part in &op.module {
                node = node.children.entry(part.clone()).or_default();
            }
        }
        root
    }
}

struct Emitter<'a> {
    model: &'a TypeModel,
    layer: &'a EventLayer,
    options: &'a EmitOptions,
}

impl Emitter<'_> {
    /// The items of the module at `path`, not counting its submodules.
    fn own_items(&self, tree: &ModuleTree, path: &[String]) -> TokenStream {
        let mut out = if path.is_empty() {
            self.event_root()
        } else {
            TokenStream::new()
        };
        let defines = |id: &TypeId| !self.model.same_as.contains_key(id);
        if tree.types.iter().any(defines) && !path.is_empty() {
            // Every type invokes a `__private` macro (`object_impls!`,
            // `string_enum_impls!`, `union_impls!`), whose expansion names
            // the other `__private` items the same way.
            let root = relative_path(path, &[]);
            out.extend(quote!(use #root __private;));
        }
        for &id in &tree.types {
            out.extend(self.type_def(id));
        }
        out.extend(self.event_module_items(path));
        #[cfg(feature = "api")]
        out.extend(self.api_module_items(path));
        out
    }

    /// `pub mod name { ... }` for the module at `path`, with its submodules.
    fn module(&self, name: &str, tree: &ModuleTree, path: &[String]) -> TokenStream {
        let mut body = self.own_items(tree, path);
        for (name, child) in &tree.children {
            let mut child_path = path.to_vec();
            child_path.push(name.clone());
            body.extend(self.module(name, child, &child_path));
        }
        let ident = ident(name);
        let doc: Vec<String> = self.module_doc(path).lines().map(str::to_owned).collect();
        let mut out = doc_attrs(&doc);
        if path == [model::API_MODULE] {
            // Response bodies nest maps of maps (`failures` of a key query:
            // server, then user, then device); the spec's shapes are kept.
            out.extend(quote!(#[allow(clippy::type_complexity)]));
        }
        out.extend(quote!(pub mod #ident));
        // Moved into the group rather than interpolated: `quote!` would copy
        // the whole body once per level of nesting.
        out.extend([TokenTree::Group(Group::new(Delimiter::Brace, body))]);
        out
    }

    fn module_doc(&self, path: &[String]) -> String {
        #[cfg(feature = "api")]
        if let Some(doc) = self.api_module_doc(path) {
            return doc;
        }
        if path == [model::COMMON_MODULE] {
            return "Types defined once in the spec and shared by several events.".to_owned();
        }
        if path == [crate::relations::RELATIONS_MODULE] {
            return "The relations of `m.relates_to` (replies, threads, edits, annotations, references), from the generator's table of the spec's relation types; read and set them on content with the `Relations` trait at the crate root.".to_owned();
        }
        match self
            .model
            .events
            .iter()
            .find(|e| e.module == path && e.variant_of.is_none())
        {
            Some(event) => format!("The `{}` event.", event.event_type),
            None => format!("Events whose type starts with `m.{}.`.", path.join(".")),
        }
    }

    fn type_def(&self, id: TypeId) -> TokenStream {
        let def = self.model.get(id);
        if let Some(&kept) = self.model.same_as.get(&id) {
            let kept = self.model.get(kept);
            let module = relative_path(&def.module, &kept.module);
            let name = ident(&kept.name);
            return quote!(pub use #module #name;);
        }
        match &def.kind {
            TypeKind::Struct(s) => self.struct_def(
                def,
                s,
                self.example_docs(crate::events::Content::Struct(id)),
            ),
            TypeKind::Enum(e) => self.enum_def(def, e),
            TypeKind::Union(u) => self.union_def(def, u),
        }
    }

    /// The spec's examples of an event, as JSON blocks for its docs.
    fn example_docs(&self, content: crate::events::Content) -> TokenStream {
        let examples: Vec<_> = self.layer.examples_of(content).collect();
        if examples.is_empty() {
            return TokenStream::new();
        }
        let mut lines = vec![
            String::new(),
            if examples.len() == 1 {
                "# Example"
            } else {
                "# Examples"
            }
            .to_owned(),
        ];
        for example in examples {
            lines.push(String::new());
            lines.push(format!("From the spec's `{}.yaml`:", example.name));
            lines.push(String::new());
            lines.push("```json".to_owned());
            let pretty = serde_json::to_string_pretty(&example.json).unwrap_or_default();
            lines.extend(pretty.lines().map(str::to_owned));
            lines.push("```".to_owned());
        }
        doc_attrs(&lines)
    }

    /// `, Eq, Foo` for the derives a build script asked for, less those the
    /// item derives already (open enums are `Eq` anyway).
    fn extra_derives(&self, built_in: &[&str]) -> TokenStream {
        let paths = (self.options.extra_derives.iter())
            .filter(|path| {
                let last = path.rsplit("::").next().unwrap_or(path).trim();
                !built_in.contains(&last)
            })
            .filter_map(|path| path.parse::<TokenStream>().ok());
        quote!(#(, #paths)*)
    }

    fn docs(&self, docs: &model::Docs) -> TokenStream {
        let lines = docs::render(docs, &self.options.spec_version);
        let mut out = doc_attrs(&lines);
        if docs.deprecated {
            // The spec says why in the description; its first sentence is
            // the note the compiler shows at every use.
            match docs
                .description
                .as_deref()
                .map(first_sentence)
                .filter(|s| !s.is_empty())
            {
                Some(note) => out.extend(quote!(#[deprecated(note = #note)])),
                None => out.extend(quote!(#[deprecated])),
            }
        }
        out
    }

    /// The Rust spelling of a type as seen from module `from`.
    fn type_tokens(&self, ty: &TypeRef, from: &[String]) -> TokenStream {
        match ty {
            TypeRef::String => quote!(String),
            TypeRef::Integer => quote!(i64),
            TypeRef::Number => quote!(::serde_json::Number),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Any => quote!(::serde_json::Value),
            TypeRef::Object => quote!(::serde_json::Map<String, ::serde_json::Value>),
            TypeRef::EventEnum(name) => {
                let prefix = relative_path(from, &[]);
                let name = ident(name);
                quote!(#prefix #name)
            }
            TypeRef::Named(id) => {
                let def = self.model.get(*id);
                let prefix = relative_path(from, &def.module);
                let name = ident(&def.name);
                quote!(#prefix #name)
            }
            TypeRef::Id(id) => self.id_tokens(*id, from),
            TypeRef::List(item) => {
                let item = self.type_tokens(item, from);
                quote!(Vec<#item>)
            }
            TypeRef::Map(key, value) => {
                let key = self.key_tokens(*key, from);
                let value = self.type_tokens(value, from);
                quote!(::std::collections::BTreeMap<#key, #value>)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.type_tokens(inner, from);
                quote!(Option<#inner>)
            }
        }
    }

    /// `pub mod ids`: a newtype per identifier format, whose impls come
    /// from `__private::id_impls!` with the name of the grammar it checks.
    fn ids_module(&self) -> TokenStream {
        let mut body = quote! {
            use super::__private;
            pub use super::__private::IdError;
        };
        let extra_derives = self.extra_derives(VALUE_DERIVES);
        for id in &self.model.ids {
            let name = ident(&id.name);
            let title = Literal::string(&id.title);
            let grammar = ident(id.grammar.map_or("any", crate::ids::Grammar::name));
            let mut lines = vec![format!(
                "Values of the format `{}`, which the spec calls {}.",
                id.format, id.title
            )];
            if let Some(url) = &id.url {
                lines.push(String::new());
                lines.push(format!(
                    "The spec defines it [here]({}).",
                    self.spec_link(url)
                ));
            }
            lines.push(String::new());
            lines.push(match id.grammar {
                Some(g) => format!(
                    "Any string is read and written back as it came, since real events carry identifiers off the grammar. `is_valid()` tells whether a value follows it, and `parse()` builds only values that do: {}.",
                    g.shape()
                ),
                None => "Any string is read and written back as it came. The generator knows no grammar for this format, so `parse()` accepts every string.".to_owned(),
            });
            let docs = doc_attrs(&lines);
            body.extend(quote! {
                #docs
                #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash #extra_derives)]
                pub struct #name(String);

                __private::id_impls!(#name, #title, #grammar);
            });
        }
        let docs = doc_attrs(&[
            "Identifiers: a type for each identifier format the spec lists in its `string-formats.yaml` (user, room and event IDs, room aliases, server names, content URIs...).".to_owned(),
            String::new(),
            "Fields the spec marks with a format hold these types instead of `String`. Each reads any string, keeps it as written, and checks it only when asked (`is_valid`), so an event with an identifier off the grammar is still read; `parse` is the strict way to make one.".to_owned(),
        ]);
        let module = ident(model::IDS_MODULE);
        let mut out = docs;
        out.extend(quote!(pub mod #module));
        out.extend([TokenTree::Group(Group::new(Delimiter::Brace, body))]);
        out
    }

    /// A link from `string-formats.yaml`: relative ones are on the spec's
    /// site, at the release the code is generated from.
    fn spec_link(&self, url: &str) -> String {
        if url.starts_with("https://") || url.starts_with("http://") {
            url.to_owned()
        } else {
            format!(
                "https://spec.matrix.org/{}/{}",
                self.options.spec_version,
                url.trim_start_matches('/')
            )
        }
    }

    /// `super::ids::UserId` from `from`.
    fn id_tokens(&self, id: model::IdRef, from: &[String]) -> TokenStream {
        let prefix = relative_path(from, &[model::IDS_MODULE.to_owned()]);
        let name = ident(&self.model.id(id).name);
        quote!(#prefix #name)
    }

    /// The key type of a map: `String`, or an identifier type.
    fn key_tokens(&self, key: Option<model::IdRef>, from: &[String]) -> TokenStream {
        match key {
            Some(id) => self.id_tokens(id, from),
            None => quote!(String),
        }
    }

    fn field_type(&self, field: &Field, from: &[String]) -> TokenStream {
        let ty = self.type_tokens(&field.ty, from);
        if field.boxed {
            quote!(Option<Box<#ty>>)
        } else if field.required {
            ty
        } else {
            quote!(Option<#ty>)
        }
    }

    fn struct_def(&self, def: &TypeDef, s: &StructDef, examples: TokenStream) -> TokenStream {
        let name = ident(&def.name);
        let mut docs = self.docs(&def.docs);
        let pinned: Vec<&Field> = s.fields.iter().filter(|f| f.constant.is_some()).collect();
        if !pinned.is_empty() {
            let said: Vec<String> = (pinned.iter())
                .map(|f| {
                    format!(
                        "`{}` is always `{}`",
                        f.json_name,
                        f.constant.as_deref().unwrap_or("")
                    )
                })
                .collect();
            docs.extend(doc_attrs(&[
                String::new(),
                format!(
                    "{}: the type says it, so no field holds it. It is written as such, and a value read that says otherwise is not this type.",
                    said.join(" and ")
                ),
            ]));
        }
        docs.extend(examples);
        let extra_field = ident(&s.extra_field);
        let extra_key = self.key_tokens(s.extra_key, &def.module);
        let extra_value = self.type_tokens(&s.extra, &def.module);
        let extra_keeps_null = s.extra == TypeRef::Any;
        let extra_docs = doc_attrs(std::slice::from_ref(&s.extra_docs));

        let mut fields = TokenStream::new();
        let mut entries = Vec::new();
        let mut constants = Vec::new();
        // Properties whose value may land among the undeclared ones.
        let mut set_aside_fields = Vec::new();
        for field in &s.fields {
            if let Some(value) = &field.constant {
                let json = Literal::string(&field.json_name);
                let value = Literal::string(value);
                constants.push(quote!(#json = #value));
                continue;
            }
            let rust = ident(&field.rust_name);
            let json = Literal::string(&field.json_name);
            let ty = self.field_type(field, &def.module);
            let mut field_docs = self.docs(&field.docs);
            if let Some(value) = &field.sole_value {
                field_docs.extend(doc_attrs(&[
                    String::new(),
                    format!("`new` fills in `{value}`, the only value this release of the spec lists. The type is open all the same: a value a later release adds reads into `Other` and is written back as it came."),
                ]));
            }
            if field.required_to_send {
                field_docs.extend(doc_attrs(&[
                    String::new(),
                    "Required when sending, and taken by `new`; `None` when an event read lacks it, as events sent before it was required do.".to_owned(),
                ]));
            }
            fields.extend(quote! {
                #field_docs
                pub #rust: #ty,
            });
            let nullable = matches!(field.ty, TypeRef::Nullable(_));
            let kind = if field.required {
                quote!(Required)
            } else if !extra_keeps_null {
                quote!(Optional)
            } else if let Some(kind) =
                (self.set_aside_kind(&field.ty)).filter(|_| !field.required_to_send)
            {
                // A value of the wrong type is kept with the undeclared
                // properties, and the rest of the struct still reads. Not
                // for fields the schema requires: absent is all they may be.
                set_aside_fields.push(json.clone());
                kind
            } else if nullable {
                quote!(Optional)
            } else {
                // An explicit `null` where the schema allows none is kept
                // with the undeclared properties, so it is written back.
                set_aside_fields.push(json.clone());
                quote!(OptionalNullKept)
            };
            entries.push(quote!(#kind #rust = #json));
        }
        let mut inherent = self.inherent_impl(def, s);
        if !set_aside_fields.is_empty() {
            inherent.extend(quote! {
                impl #name {
                    /// The declared properties whose value, when read, was not of
                    /// their type (or was a `null` the schema does not allow):
                    /// each is kept with the undeclared properties and written
                    /// back in place, and its field is `None`.
                    #[inline]
                    pub fn fields_set_aside(&self) -> Vec<&str> {
                        __private::set_aside(&self.#extra_field, &[#(#set_aside_fields),*])
                    }
                }
            });
        }
        let required = has_required_fields(s);
        let extra_derives = if required {
            self.extra_derives(&["Clone", "Debug", "PartialEq"])
        } else {
            self.extra_derives(&["Clone", "Debug", "Default", "PartialEq"])
        };
        let default_derive = if required {
            TokenStream::new()
        } else {
            quote!(Default,)
        };
        let const_part = if constants.is_empty() {
            TokenStream::new()
        } else {
            quote!(; const #(#constants),*)
        };
        // The serde impls come from one macro in `__private` (reached through
        // the `use` that `own_items` puts in each module with structs): the
        // struct above is what readers need, and the generator's time goes
        // mostly into parsing and printing function bodies.
        quote! {
            #docs
            #[derive(Clone, Debug, #default_derive PartialEq #extra_derives)]
            #[non_exhaustive]
            pub struct #name {
                #fields
                #extra_docs
                pub #extra_field: ::std::collections::BTreeMap<#extra_key, #extra_value>,
            }

            #inherent

            __private::object_impls! {
                #name, #extra_field;
                #(#entries),*
                #const_part
            }
        }
    }

    /// How an optional field reads so that a value of the wrong type is set
    /// aside: by the JSON shape its type reads from; `None` for types that
    /// take several shapes (unions, any JSON).
    fn set_aside_kind(&self, ty: &TypeRef) -> Option<TokenStream> {
        // A map's entries and a list's items are set aside one by one.
        let name = match ty {
            TypeRef::Map(_, value) => match self.json_shape(value) {
                Some(shape) => format!("SetAsideMapOf{}s", shape.name()),
                None => "SetAsideObject".to_owned(),
            },
            TypeRef::List(item) => match self.json_shape(item) {
                Some(shape) => format!("SetAsideListOf{}s", shape.name()),
                None => "SetAsideList".to_owned(),
            },
            _ => format!("SetAside{}", self.json_shape(ty)?.name()),
        };
        let name = ident(&name);
        Some(quote!(#name))
    }

    fn json_shape(&self, ty: &TypeRef) -> Option<JsonShape> {
        match ty {
            TypeRef::String
            | TypeRef::Integer
            | TypeRef::Number
            | TypeRef::Boolean
            | TypeRef::Id(_) => Some(JsonShape::Scalar),
            TypeRef::Object | TypeRef::Map(..) | TypeRef::EventEnum(_) => Some(JsonShape::Object),
            TypeRef::List(_) => Some(JsonShape::List),
            TypeRef::Named(id) => match &self.model.get(*id).kind {
                TypeKind::Struct(_) => Some(JsonShape::Object),
                TypeKind::Enum(_) => Some(JsonShape::Scalar),
                TypeKind::Union(_) => None,
            },
            // `null` reads as `None` through the scalar path only.
            TypeRef::Nullable(inner) => {
                Some(self.json_shape(inner)?).filter(|s| *s == JsonShape::Scalar)
            }
            TypeRef::Any => None,
        }
    }

    /// `new()` taking the required fields (structs are `#[non_exhaustive]`,
    /// so this is how other crates build them), and an `_or_default()`
    /// accessor for each field whose absence means a value.
    fn inherent_impl(&self, def: &TypeDef, s: &StructDef) -> TokenStream {
        let mut params = TokenStream::new();
        let mut inits = TokenStream::new();
        let mut setters = TokenStream::new();
        for field in s.fields.iter().filter(|f| f.constant.is_none()) {
            let rust = ident(&field.rust_name);
            let mut ty = self.type_tokens(&field.ty, &def.module);
            if field.boxed {
                // `impl Into<Box<T>>` takes a `T` as well.
                ty = quote!(Box<#ty>);
            }
            if let Some(value) = &field.sole_value {
                let value = self.sole_value_expr(&field.ty, value, &ty);
                inits.extend(if field.required {
                    quote!(#rust: #value,)
                } else {
                    quote!(#rust: Some(#value),)
                });
            } else if field.required {
                // `impl Into` takes `&str` for `String` and for open enums.
                params.extend(quote!(#rust: impl Into<#ty>,));
                inits.extend(quote!(#rust: #rust.into(),));
            } else if field.required_to_send {
                params.extend(quote!(#rust: impl Into<#ty>,));
                inits.extend(quote!(#rust: Some(#rust.into()),));
            } else {
                inits.extend(quote!(#rust: None,));
                // `type_` sets with `with_type`, unless another field
                // (`type`, renamed `type__`) would take that name.
                let trimmed = field.rust_name.trim_end_matches('_');
                let shared = (s.fields.iter())
                    .filter(|f| f.rust_name.trim_end_matches('_') == trimmed)
                    .count();
                let setter = if shared > 1 {
                    format_ident!("with_{}", field.rust_name)
                } else {
                    format_ident!("with_{trimmed}")
                };
                let doc = doc_attrs(&[format!("Sets `{}`.", field.json_name)]);
                let allow = if field.docs.deprecated {
                    quote!(#[allow(deprecated)])
                } else {
                    TokenStream::new()
                };
                setters.extend(quote! {
                    #doc
                    #allow
                    pub fn #setter(mut self, #rust: impl Into<#ty>) -> Self {
                        self.#rust = Some(#rust.into());
                        self
                    }
                });
            }
        }
        let extra_field = ident(&s.extra_field);
        let constructor = if has_required_fields(s) {
            quote! {
                /// Creates a value from its required fields; the optional ones start empty.
                #[allow(clippy::too_many_arguments)]
                pub fn new(#params) -> Self {
                    Self {
                        #inits
                        #extra_field: ::std::collections::BTreeMap::new(),
                    }
                }
            }
        } else {
            quote! {
                /// Creates a value with every field empty.
                #[inline]
                pub fn new() -> Self {
                    Self::default()
                }
            }
        };
        let mut accessors = TokenStream::new();
        for field in s.fields.iter().filter(|f| !f.required) {
            let Some(default) = &field.default else {
                continue;
            };
            let Some((ty, value)) = self.default_value(&field.ty, default, &def.module) else {
                continue;
            };
            let rust = ident(&field.rust_name);
            let method = format_ident!("{}_or_default", field.rust_name.trim_end_matches('_'));
            let doc = doc_attrs(&[format!(
                "`{}`, or `{}` when it is absent, as the spec says an absent value means.",
                field.json_name, default
            )]);
            accessors.extend(quote! {
                #doc
                pub fn #method(&self) -> #ty {
                    self.#rust.clone().unwrap_or_else(|| #value)
                }
            });
        }
        let allow_deprecated = allow_deprecated(s);
        let name = ident(&def.name);
        // Required fields that `new` fills in alone (one-value enums) leave
        // it without parameters; such a type has a `Default` all the same.
        let default = if has_required_fields(s) && params.is_empty() {
            quote! {
                impl Default for #name {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        } else {
            TokenStream::new()
        };
        quote! {
            #allow_deprecated
            impl #name {
                #constructor
                #setters
                #accessors
            }
            #default
        }
    }

    /// The value `new` gives a field whose schema lists one value: that
    /// value's variant of the open enum (`Algorithm::MegolmV1AesSha2`).
    fn sole_value_expr(&self, ty: &TypeRef, value: &str, tokens: &TokenStream) -> TokenStream {
        if let TypeRef::Named(id) = ty {
            if let TypeKind::Enum(e) = &self.model.get(*id).kind {
                if let Some(variant) = e.variants.iter().find(|v| v.value == value) {
                    let variant = ident(&variant.name);
                    return quote!(#tokens::#variant);
                }
            }
        }
        let value = Literal::string(value);
        quote!(<#tokens>::from(#value))
    }

    /// The Rust expression for a default value, for the types where one can
    /// be written down.
    fn default_value(
        &self,
        ty: &TypeRef,
        value: &serde_json::Value,
        from: &[String],
    ) -> Option<(TokenStream, TokenStream)> {
        let tokens = self.type_tokens(ty, from);
        let expr = match (ty, value) {
            (TypeRef::String, serde_json::Value::String(s)) => quote!(#s.to_owned()),
            (TypeRef::Boolean, serde_json::Value::Bool(b)) => quote!(#b),
            (TypeRef::Integer, serde_json::Value::Number(n)) => {
                let n = Literal::i64_unsuffixed(n.as_i64()?);
                quote!(#n)
            }
            (TypeRef::Named(id), serde_json::Value::String(s))
                if matches!(self.model.get(*id).kind, TypeKind::Enum(_)) =>
            {
                quote!(#tokens::from(#s))
            }
            _ => return None,
        };
        Some((tokens, expr))
    }

    fn enum_def(&self, def: &TypeDef, e: &EnumDef) -> TokenStream {
        let name = ident(&def.name);
        let docs = self.docs(&def.docs);
        let other = ident(&e.other_variant);
        let mut variants = TokenStream::new();
        let mut entries = Vec::new();
        for v in &e.variants {
            let variant = ident(&v.name);
            let value = Literal::string(&v.value);
            let doc = doc_attrs(&[format!("`{}`", v.value)]);
            variants.extend(quote!(#doc #variant,));
            entries.push(quote!(#variant = #value));
        }
        let extra_derives = self.extra_derives(VALUE_DERIVES);
        let open_note = doc_attrs(&[
            String::new(),
            format!("Values this version of the spec does not list are kept in `{}` and written back unchanged.", e.other_variant),
        ]);
        quote! {
            #docs
            #open_note
            #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord #extra_derives)]
            // A later spec may list more values; matching on them stays
            // non-breaking only if other crates must have a wildcard arm.
            #[non_exhaustive]
            pub enum #name {
                #variants
                /// A value the spec does not list, kept as written.
                #other(String),
            }

            __private::string_enum_impls! {
                #name, #other;
                #(#entries),*
            }
        }
    }

    fn union_def(&self, def: &TypeDef, u: &UnionDef) -> TokenStream {
        let name = ident(&def.name);
        let docs = self.docs(&def.docs);
        let mut variants = TokenStream::new();
        let mut names = Vec::new();
        // Each variant's value converts into the union, so constructors'
        // `impl Into` take a `"1"` or a `0` for a call `version`.
        let mut conversions = TokenStream::new();
        for v in &u.variants {
            let variant = ident(&v.name);
            let ty = self.type_tokens(&v.ty, &def.module);
            let doc = doc_attrs(&[format!("A JSON {}.", v.json_type.name())]);
            variants.extend(quote!(#doc #variant(#ty),));
            conversions.extend(quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant(value)
                    }
                }
            });
            if v.ty == TypeRef::String {
                conversions.extend(quote! {
                    impl From<&str> for #name {
                        fn from(value: &str) -> Self {
                            Self::#variant(value.to_owned())
                        }
                    }
                });
            }
            names.push(variant);
        }
        // Each JSON shape goes to the one variant that can hold it; an
        // integer goes to the `number` variant when there is no `integer` one.
        let has = |t: JsonType| u.variants.iter().find(|v| v.json_type == t);
        let shapes = [
            ("str", has(JsonType::String)),
            ("bool", has(JsonType::Boolean)),
            (
                "integer",
                has(JsonType::Integer).or_else(|| has(JsonType::Number)),
            ),
            ("float", has(JsonType::Number)),
            ("map", has(JsonType::Object)),
            ("seq", has(JsonType::Array)),
        ];
        let visits = shapes.iter().filter_map(|(shape, variant)| {
            let shape = ident(shape);
            let variant = ident(&(*variant)?.name);
            Some(quote!(#shape => #variant))
        });
        let kinds: Vec<&str> = u.variants.iter().map(|v| v.json_type.name()).collect();
        let expecting = Literal::string(&format!("a JSON {}", kinds.join(" or ")));
        let extra_derives = self.extra_derives(&["Clone", "Debug", "PartialEq"]);
        quote! {
            #docs
            #[derive(Clone, Debug, PartialEq #extra_derives)]
            pub enum #name {
                #variants
            }

            #conversions

            __private::union_impls! {
                #name, #expecting;
                [#(#names),*];
                #(#visits),*
            }
        }
    }
}

/// Whether a struct has a required field a value must be given for (a
/// pinned one has its value already).
fn has_required_fields(s: &StructDef) -> bool {
    (s.fields.iter()).any(|f| (f.required || f.required_to_send) && f.constant.is_none())
}

fn allow_deprecated(s: &StructDef) -> TokenStream {
    if s.fields.iter().any(|f| f.docs.deprecated) {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    }
}

/// The `__private` module: helpers and macros every generated impl shares,
/// once per output file, copied as written. Its macros are what
/// prettyplease prints worst (a `macro_rules!` body comes out as one run of
/// tokens), and it is the same in every file, so it skips syn and
/// prettyplease; `.ci/run` holds it to rustfmt's format.
pub fn private_module_text() -> &'static str {
    let start = PRIVATE_MODULE_SOURCE
        .find(PRIVATE_MODULE_START)
        .unwrap_or_default();
    &PRIVATE_MODULE_SOURCE[start..]
}

/// The `__private_http` module as it goes into the output: the module,
/// without the file's header comment; held to rustfmt's format as
/// `__private` is.
pub fn private_http_text() -> &'static str {
    let start = PRIVATE_HTTP_SOURCE.find("#[doc(hidden)]").unwrap_or(0);
    &PRIVATE_HTTP_SOURCE[start..]
}

/// Where the module starts in `private_module.rs`, after the file's header.
const PRIVATE_MODULE_START: &str = "#[doc(hidden)]\npub mod __private {";

/// The one JSON shape a type is read from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum JsonShape {
    Scalar,
    Object,
    List,
}

impl JsonShape {
    /// The name of the same shape in the generated `__private::Shape`.
    fn name(self) -> &'static str {
        match self {
            JsonShape::Scalar => "Scalar",
            JsonShape::Object => "Object",
            JsonShape::List => "List",
        }
    }
}

fn private_path(from: &[String], item: &str) -> TokenStream {
    let prefix = relative_path(from, &[PRIVATE_MODULE.to_owned()]);
    let item = ident(item);
    quote!(#prefix #item)
}

/// `super::super::common::` from `call::hangup` to `common`.
fn relative_path(from: &[String], to: &[String]) -> TokenStream {
    let shared = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    let mut out = TokenStream::new();
    for _ in shared..from.len() {
        out.extend(quote!(super::));
    }
    for part in &to[shared..] {
        let part = ident(part);
        out.extend(quote!(#part::));
    }
    out
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The first sentence of a description, on one line.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_owned(),
        None => flat,
    }
}

/// Doc blocks taken out of a part's tokens; block `n` stands in the tokens
/// as the doc attribute `#[doc = "\u{1}n"]`.
#[derive(Debug, Default)]
pub struct DocTable {
    pub blocks: Vec<Vec<String>>,
}

/// What a marker's doc text starts with; no doc line the emitter writes
/// holds this control character (`doc_literal` would escape it).
pub const DOC_MARKER: char = '\u{1}';

impl DocTable {
    /// Stores `lines` and returns the literal that stands for them, unless
    /// a line would not print as a plain `///` line (prettyplease writes a
    /// doc holding a newline as a block comment).
    fn mark(&mut self, lines: &[String]) -> Option<Literal> {
        if lines.is_empty() || lines.iter().any(|l| l.contains(['\n', '\r', DOC_MARKER])) {
            return None;
        }
        self.blocks.push(lines.to_vec());
        Some(Literal::string(&format!(
            "{DOC_MARKER}{}",
            self.blocks.len() - 1
        )))
    }
}

thread_local! {
    /// Set while `FileParts::source` emits a part on this thread.
    static DOC_TABLE: std::cell::RefCell<Option<DocTable>> = const { std::cell::RefCell::new(None) };
}

/// `#[doc = " line"]` for each line; prettyplease writes them as `/// line`.
/// A quarter of the output is docs, so the tokens are built by hand rather
/// than through `quote!` and `Literal::string` (which escapes char by char
/// through `escape_debug`).
fn doc_attrs(lines: &[String]) -> TokenStream {
    if let Some(marker) = DOC_TABLE.with(|table| table.borrow_mut().as_mut()?.mark(lines)) {
        return doc_tokens(std::iter::once(marker));
    }
    doc_tokens(lines.iter().map(|line| doc_literal(line)))
}

fn doc_tokens(literals: impl Iterator<Item = Literal>) -> TokenStream {
    let mut out = Vec::new();
    for literal in literals {
        let attr = [
            TokenTree::Ident(ident("doc")),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(literal),
        ];
        out.push(TokenTree::Punct(Punct::new('#', Spacing::Alone)));
        out.push(TokenTree::Group(Group::new(
            Delimiter::Bracket,
            attr.into_iter().collect(),
        )));
    }
    out.into_iter().collect()
}

/// The string literal `" line"`.
fn doc_literal(line: &str) -> Literal {
    // A literal `doc_literal_source` wrote always lexes; the fallback keeps
    // a mistake there from ever costing more than speed.
    doc_literal_source(line)
        .parse()
        .unwrap_or_else(|_| Literal::string(&format!(" {line}")))
}

/// The source text of `doc_literal`, escaping only what a Rust string
/// literal must escape.
fn doc_literal_source(line: &str) -> String {
    let mut repr = String::with_capacity(line.len() + 3);
    repr.push_str("\" ");
    for c in line.chars() {
        match c {
            '"' => repr.push_str("\\\""),
            '\\' => repr.push_str("\\\\"),
            '\n' => repr.push_str("\\n"),
            '\r' => repr.push_str("\\r"),
            '\t' => repr.push_str("\\t"),
            c if c.is_control() => repr.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => repr.push(c),
        }
    }
    repr.push('"');
    repr
}

#[cfg(test)]
mod tests {
    use super::{
        doc_literal_source, private_module_text, PRIVATE_MODULE_SOURCE, PRIVATE_MODULE_START,
    };

    #[test]
    fn the_private_module_text_is_one_module_without_the_files_header() {
        let text = private_module_text();
        assert!(text.starts_with(PRIVATE_MODULE_START), "{}", &text[..40]);
        assert!(PRIVATE_MODULE_SOURCE.starts_with("//"));
        let file: syn::File = syn::parse_str(text).expect("parses as Rust");
        assert!(
            matches!(&file.items[..], [syn::Item::Mod(m)] if m.ident == "__private"),
            "one module, `__private`"
        );
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn doc_literals_read_back_as_the_line_they_were_made_from() {
        for line in [
            "plain text",
            r#"a "quoted" word, a back\slash and \n written out"#,
            "a tab\there, a bell \u{7}, a carriage return\r",
            "non-ASCII: é, ✓, and 'single quotes'",
            "",
        ] {
            let literal = doc_literal_source(line);
            let read: syn::LitStr = syn::parse_str(&literal).expect(&literal);
            assert_eq!(read.value(), format!(" {line}"), "{literal}");
        }
    }
}
