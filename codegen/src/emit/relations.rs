//! Tokens for relations: the `Relations` trait at the crate root, the
//! `Relation` enum in the `relations` module, and the trait's impls on
//! message-like content.
//!
//! Content whose schema does not declare `m.relates_to` keeps it with its
//! undeclared properties, as JSON; the trait reads it from there into a
//! `Relation` when asked, so reading events costs nothing more.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc_attrs, ident, relative_path, Emitter};
use crate::events::{Content, EventEntry};
use crate::model::{TypeId, TypeKind};
use crate::relations::{RELATIONS, RELATIONS_MODULE};

const ROOT: &[String] = &[];

impl Emitter<'_> {
    /// The `Relations` trait, at the crate root.
    pub(super) fn relations_trait(&self) -> TokenStream {
        let Some(event_id) = &self.model.relations.event_id else {
            return TokenStream::new();
        };
        let event_id = self.type_tokens(event_id, ROOT);
        let module = ident(RELATIONS_MODULE);
        let link = |section: &str| {
            format!(
                "https://spec.matrix.org/{}/client-server-api/#{section}",
                self.options.spec_version
            )
        };
        let reply_doc = doc_attrs(&[
            "The content as a reply to `event_id`.".to_owned(),
            String::new(),
            format!("See [rich replies]({}).", link("rich-replies")),
        ]);
        let thread_doc = doc_attrs(&[
            "The content as a message in the thread rooted at `root`, following `latest`, the thread's latest event (or `root` itself for the first message of a thread).".to_owned(),
            String::new(),
            "Clients that do not show threads see a reply to `latest`.".to_owned(),
            format!("See [threading]({}).", link("threading")),
        ]);
        let thread_reply_doc = doc_attrs(&[
            "The content as a reply to `event_id` inside the thread rooted at `root`.".to_owned(),
            String::new(),
            format!("See [threading]({}).", link("threading")),
        ]);
        let edit_doc = doc_attrs(&[
            "The content as an edit of `event_id`: the content itself becomes `m.new_content`, and the rest of it stays as the fallback clients without edits show (a client usually prefixes the fallback `body` with `* `).".to_owned(),
            String::new(),
            format!("See [event replacements]({}).", link("event-replacements")),
        ]);
        quote! {
            /// Content that can relate to another event through `m.relates_to`:
            /// a reply, a message in a thread, an edit, a reference...
            ///
            /// Implemented by the content of every message-like event whose
            /// schema does not give `m.relates_to` a type of its own. The
            /// relation is kept as the JSON it came as, and read into a
            /// [`Relation`](#module::Relation) when asked for.
            pub trait Relations: ::serde::Serialize + Sized {
                #[doc(hidden)]
                fn relations_extra(&self) -> &::std::collections::BTreeMap<String, ::serde_json::Value>;
                #[doc(hidden)]
                fn relations_extra_mut(&mut self) -> &mut ::std::collections::BTreeMap<String, ::serde_json::Value>;

                /// The content's `m.relates_to`, read by its `rel_type`; `None` when
                /// it has none or it is not an object.
                fn relation(&self) -> Option<#module::Relation> {
                    #module::Relation::from_json(self.relations_extra().get("m.relates_to")?)
                }

                /// Sets `m.relates_to`, or removes it with `None`.
                fn set_relation(&mut self, relation: Option<#module::Relation>) {
                    let extra = self.relations_extra_mut();
                    match relation {
                        Some(relation) => {
                            extra.insert("m.relates_to".to_owned(), relation.to_json());
                        }
                        None => {
                            extra.remove("m.relates_to");
                        }
                    }
                }

                /// The content with `m.relates_to` set to `relation`.
                fn with_relation(mut self, relation: impl Into<#module::Relation>) -> Self {
                    self.set_relation(Some(relation.into()));
                    self
                }

                #reply_doc
                fn reply_to(self, event_id: impl Into<#event_id>) -> Self {
                    self.with_relation(#module::Reply::new(#module::InReplyTo::new(event_id)))
                }

                #thread_doc
                fn in_thread(self, root: impl Into<#event_id>, latest: impl Into<#event_id>) -> Self {
                    let thread = #module::Thread::new(root)
                        .with_is_falling_back(true)
                        .with_in_reply_to(#module::InReplyTo::new(latest));
                    self.with_relation(thread)
                }

                #thread_reply_doc
                fn reply_in_thread(self, root: impl Into<#event_id>, event_id: impl Into<#event_id>) -> Self {
                    let thread = #module::Thread::new(root)
                        .with_is_falling_back(false)
                        .with_in_reply_to(#module::InReplyTo::new(event_id));
                    self.with_relation(thread)
                }

                #edit_doc
                fn edit_of(self, event_id: impl Into<#event_id>) -> Self {
                    let mut new_content = match ::serde_json::to_value(&self) {
                        Ok(::serde_json::Value::Object(map)) => map,
                        _ => ::serde_json::Map::new(),
                    };
                    new_content.remove("m.relates_to");
                    new_content.remove("m.new_content");
                    let mut edit = self.with_relation(#module::Replacement::new(event_id));
                    edit.relations_extra_mut()
                        .insert("m.new_content".to_owned(), ::serde_json::Value::Object(new_content));
                    edit
                }
            }
        }
    }

    /// `Relation`, in the `relations` module.
    pub(super) fn relation_enum(&self, module: &[String]) -> TokenStream {
        if module != [RELATIONS_MODULE] || self.model.relations.structs.is_empty() {
            return TokenStream::new();
        }
        let mut variants = TokenStream::new();
        let mut conversions = TokenStream::new();
        let mut reads = TokenStream::new();
        let mut writes = TokenStream::new();
        let mut targets = TokenStream::new();
        let mut rel_types = TokenStream::new();
        let mut reply = TokenStream::new();
        for (relation, &id) in RELATIONS.iter().zip(&self.model.relations.structs) {
            let name = ident(relation.name);
            let ty = ident(&self.model.get(id).name);
            let doc = doc_attrs(&[match relation.rel_type {
                Some(t) => format!("`rel_type: {t}`."),
                None => "`m.in_reply_to`, without a `rel_type`.".to_owned(),
            }]);
            variants.extend(quote!(#doc #name(#ty),));
            conversions.extend(quote! {
                impl From<#ty> for Relation {
                    fn from(relation: #ty) -> Self {
                        Self::#name(relation)
                    }
                }
            });
            writes.extend(quote!(Self::#name(r) => ::serde_json::to_value(r),));
            match relation.rel_type {
                Some(t) => {
                    let t = Literal::string(t);
                    reads.extend(quote!(Some(#t) => read(map, Self::#name),));
                    rel_types.extend(quote!(Self::#name(_) => Some(#t),));
                    targets.extend(quote!(Self::#name(r) => Some(&r.event_id),));
                }
                None => {
                    reply = quote!(None if map.contains_key("m.in_reply_to") => read(map, Self::#name),);
                    rel_types.extend(quote!(Self::#name(_) => None,));
                    targets.extend(quote!(Self::#name(r) => Some(&r.in_reply_to.event_id),));
                }
            }
        }
        quote! {
            /// An `m.relates_to`, by its `rel_type`.
            ///
            /// Read leniently: a `rel_type` this crate does not know, or a known
            /// one whose fields do not fit its shape, is kept whole in `Other`,
            /// and every relation is written back as it was read.
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub enum Relation {
                #variants
                /// Any other relation, kept whole.
                Other(::serde_json::Map<String, ::serde_json::Value>),
            }

            #conversions

            impl Relation {
                /// Reads an `m.relates_to` value; `None` when it is not an object.
                pub fn from_json(value: &::serde_json::Value) -> Option<Self> {
                    value.as_object().map(Self::from_map)
                }

                /// Reads an `m.relates_to` object.
                pub fn from_map(map: &::serde_json::Map<String, ::serde_json::Value>) -> Self {
                    fn read<T: ::serde::de::DeserializeOwned>(
                        map: &::serde_json::Map<String, ::serde_json::Value>,
                        variant: fn(T) -> Relation,
                    ) -> Relation {
                        match T::deserialize(::serde_json::Value::Object(map.clone())) {
                            Ok(relation) => variant(relation),
                            Err(_) => Relation::Other(map.clone()),
                        }
                    }
                    match map.get("rel_type").and_then(::serde_json::Value::as_str) {
                        #reads
                        #reply
                        _ => Self::Other(map.clone()),
                    }
                }

                /// The relation as the JSON of `m.relates_to`.
                pub fn to_json(&self) -> ::serde_json::Value {
                    let value = match self {
                        #writes
                        Self::Other(map) => return ::serde_json::Value::Object(map.clone()),
                    };
                    // The relation types serialize to objects with string keys,
                    // which cannot fail.
                    value.unwrap_or_default()
                }

                /// Its `rel_type`: `None` for a reply, and for `Other` without one.
                pub fn rel_type(&self) -> Option<&str> {
                    match self {
                        #rel_types
                        Self::Other(map) => map.get("rel_type").and_then(::serde_json::Value::as_str),
                    }
                }

                /// The event related to (for a reply, the one replied to); for
                /// `Other`, its `event_id` if it is a string.
                pub fn event_id(&self) -> Option<&str> {
                    match self {
                        #targets
                        Self::Other(map) => map.get("event_id").and_then(::serde_json::Value::as_str),
                    }
                }
            }

            impl ::serde::Serialize for Relation {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.to_json().serialize(serializer)
                }
            }

            impl<'de> ::serde::Deserialize<'de> for Relation {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let map = ::serde_json::Map::<String, ::serde_json::Value>::deserialize(deserializer)?;
                    Ok(Self::from_map(&map))
                }
            }
        }
    }

    /// `impl Relations for` an event's content, if it carries relations.
    pub(super) fn relations_impl(&self, event: &EventEntry, content: &TokenStream) -> TokenStream {
        if !event.carries_relations {
            return TokenStream::new();
        }
        let root = relative_path(&event.module, ROOT);
        let extra_of = |id: TypeId| match &self.model.get(id).kind {
            TypeKind::Struct(s) => ident(&s.extra_field),
            _ => ident("extra"),
        };
        let (get, get_mut) = match event.content {
            Content::Struct(id) => {
                let extra = extra_of(id);
                (quote!(&self.#extra), quote!(&mut self.#extra))
            }
            Content::Family(i) => {
                let family = &self.layer.families[i];
                let (arms, extras): (Vec<_>, Vec<_>) = (family.variants.iter())
                    .map(|v| (ident(&v.name), extra_of(v.content)))
                    .chain([(ident(&family.fallback_name), extra_of(family.fallback))])
                    .unzip();
                (
                    quote!(match self { #(Self::#arms(content) => &content.#extras,)* }),
                    quote!(match self { #(Self::#arms(content) => &mut content.#extras,)* }),
                )
            }
        };
        quote! {
            impl #root Relations for #content {
                fn relations_extra(&self) -> &::std::collections::BTreeMap<String, ::serde_json::Value> {
                    #get
                }
                fn relations_extra_mut(&mut self) -> &mut ::std::collections::BTreeMap<String, ::serde_json::Value> {
                    #get_mut
                }
            }
        }
    }
}
