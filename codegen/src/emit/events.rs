//! Tokens for the Matrix event layer: kind traits, generic envelopes, the
//! `Any*Event` dispatch enums, variant family enums, and per-event aliases
//! and trait impls.
//!
//! Dispatch reads an event's object once: envelope fields are parsed as they
//! come, and `content` that follows `type` is parsed in place into the type
//! `type` names (through a per-kind content enum). Content that comes first
//! can only be kept as raw JSON text until `type` arrives, then parsed. No
//! intermediate `serde_json::Value` is built for a known event.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc_attrs, ident, relative_path, Emitter, JsonShape};
use crate::events::{Content, EnvelopeRole, EventEntry, EventKind, Family, UnsignedValue};
use crate::model::{EventField, Field, TypeRef};

const ROOT: &[String] = &[];

impl Emitter<'_> {
    /// Items at the crate root.
    pub(super) fn event_root(&self) -> TokenStream {
        // Without the core schemas there is nothing to wrap content in.
        if self.layer.envelopes.is_empty() {
            return TokenStream::new();
        }
        let mut out = self.kind_items();
        out.extend(self.relations_trait());
        out.extend(self.event_parts());
        out.extend(self.kept_whole_events());
        for kind in EventKind::ALL {
            if self.layer.role_of_kind(kind).is_some() {
                out.extend(self.kind_content(kind));
            }
        }
        for envelope in &self.layer.envelopes {
            out.extend(self.envelope(envelope.role, &envelope.fields, &envelope.docs));
            out.extend(self.dispatch(envelope.role));
        }
        let timelines = [
            self.timeline(
                "AnyTimelineEvent",
                EnvelopeRole::MessageLike,
                EnvelopeRole::State,
            ),
            self.timeline(
                "AnySyncTimelineEvent",
                EnvelopeRole::SyncMessageLike,
                EnvelopeRole::SyncState,
            ),
        ];
        if timelines.iter().any(|t| !t.is_empty()) {
            out.extend(self.timeline_content());
        }
        out.extend(timelines);
        out.extend(self.event_table());
        out
    }

    pub(super) fn index(&self) -> String {
        let mut out = format!(
            "## Events by kind\n\nGenerated from the Matrix spec ({}); the links lead to each event's content type, whose page shows the spec's description and examples.\n",
            self.options.spec_version
        );
        let mut listed = 0;
        for kind in EventKind::ALL {
            let events: Vec<&EventEntry> = self.layer.of_kind(kind).collect();
            if events.is_empty() {
                continue;
            }
            let title = match kind {
                EventKind::MessageLike => "Message-like events",
                EventKind::State => "State events",
                EventKind::GlobalAccountData => "Global account data",
                EventKind::RoomAccountData => "Room account data",
                EventKind::EphemeralRoom => "Ephemeral room events",
                EventKind::Presence => "Presence",
                EventKind::ToDevice => "To-device events",
            };
            let dispatch = (self.layer.role_of_kind(kind))
                .map(|r| {
                    format!(
                        " Read any of them with [`Any{0}`](crate::Any{0}).",
                        r.name()
                    )
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "\n### {title}\n\n{}{dispatch}\n\n",
                capitalized(kind.description())
            ));
            for event in events {
                let path = match event.content {
                    Content::Struct(id) => {
                        let def = self.model.get(id);
                        format!("{}::{}", def.module.join("::"), def.name)
                    }
                    Content::Family(i) => {
                        let f = &self.layer.families[i];
                        format!("{}::{}", f.module.join("::"), f.name)
                    }
                };
                let summary = event
                    .docs
                    .description
                    .as_deref()
                    .map(|d| {
                        crate::docs::markdown(&super::first_sentence(d), &self.options.spec_version)
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "- [`{}`](crate::{path}): {summary}\n",
                    event.event_type
                ));
                listed += 1;
            }
        }
        let untyped: Vec<&EventEntry> = self
            .layer
            .events
            .iter()
            .filter(|e| e.kinds.is_empty())
            .collect();
        if !untyped.is_empty() {
            out.push_str("\n### Events of unknown kind\n\nTheir content types are generated, but no envelope holds them:\n\n");
            for event in untyped {
                out.push_str(&format!("- `{}`\n", event.event_type));
            }
        }
        if listed == 0 && self.layer.events.is_empty() {
            out.push_str("\nThe spec defines no events.\n");
        }
        out
    }

    /// Items inside an event's module: its family enum, trait impls, aliases.
    pub(super) fn event_module_items(&self, module: &[String]) -> TokenStream {
        let mut out = TokenStream::new();
        for (index, family) in self.layer.families.iter().enumerate() {
            if family.module == module {
                out.extend(self.family(index, family));
            }
        }
        for event in self.layer.events.iter().filter(|e| e.module == module) {
            out.extend(self.event_items(event));
        }
        out.extend(self.relation_enum(module));
        out
    }

    fn content_tokens(&self, event: &EventEntry, from: &[String]) -> TokenStream {
        match event.content {
            Content::Struct(id) => self.type_tokens(&TypeRef::Named(id), from),
            Content::Family(i) => {
                let family = &self.layer.families[i];
                let prefix = relative_path(from, &family.module);
                let name = ident(&family.name);
                quote!(#prefix #name)
            }
        }
    }

    fn kind_items(&self) -> TokenStream {
        let mut variants = TokenStream::new();
        let mut traits = TokenStream::new();
        let mut field_arms = TokenStream::new();
        for kind in EventKind::ALL {
            let name = ident(kind.name());
            let fields: Vec<Literal> = (self.layer.role_of_kind(kind))
                .and_then(|role| self.layer.envelope(role))
                .map(|e| {
                    e.fields
                        .iter()
                        .map(|f| Literal::string(&f.json_name))
                        .collect()
                })
                .unwrap_or_default();
            field_arms.extend(quote!(EventKind::#name => &[#(#fields),*],));
            let doc = doc_attrs(&[format!("The event is {}.", kind.description())]);
            variants.extend(quote!(#doc #name,));
            let trait_name = ident(&format!("{}EventContent", kind.name()));
            let doc = doc_attrs(&[format!("Content of {}.", kind.description())]);
            let constructors = self.event_constructors(kind);
            traits.extend(quote! {
                #doc
                pub trait #trait_name: EventContent {
                    #constructors
                }
            });
        }
        let kind_count = Literal::usize_unsuffixed(EventKind::ALL.len());
        let kind_names = EventKind::ALL.iter().map(|k| ident(k.name()));
        quote! {
            /// Where an event can appear; it decides the envelope around the content.
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub enum EventKind {
                #variants
            }

            impl EventKind {
                /// Every kind, in this order.
                pub const ALL: [EventKind; #kind_count] = [#(EventKind::#kind_names),*];

                /// The top-level fields, besides `type` and `content`, of the
                /// envelope this kind's events are read in (the room form, not
                /// the sync one); empty for a kind no envelope was built for.
                pub fn envelope_fields(self) -> &'static [&'static str] {
                    match self {
                        #field_arms
                    }
                }
            }

            /// Ties an event content type to its event `type` and kinds.
            pub trait EventContent: ::serde::Serialize + for<'de> ::serde::Deserialize<'de> {
                /// The `type` of events with this content.
                const EVENT_TYPE: &'static str;
                /// The kinds such events have, the main one first.
                const KINDS: &'static [EventKind];

                /// Whether events of this `type` have this content: `EVENT_TYPE`,
                /// an unstable name the schema lists, or, for a schema of every
                /// type with a prefix (an `EVENT_TYPE` ending in `.*`), any type
                /// with that prefix.
                fn accepts_type(event_type: &str) -> bool {
                    event_type == Self::EVENT_TYPE
                }

                /// Whether this content is a variant family's catch-all: its
                /// discriminator is unknown, or the content does not fit its
                /// variant. Always `false` for content that is not a family.
                fn is_fallback(&self) -> bool {
                    false
                }

                /// What redaction under `rules` leaves of this content (see
                /// [`RedactionRules::redact_content`](redaction::RedactionRules::redact_content)).
                fn redact(&self, rules: &redaction::RedactionRules) -> RedactedContent {
                    let kept = match ::serde_json::to_value(self) {
                        Ok(::serde_json::Value::Object(content)) => rules.redact_content(Self::EVENT_TYPE, &content),
                        _ => ::serde_json::Map::new(),
                    };
                    RedactedContent { kept }
                }
            }

            #traits
        }
    }

    /// `into_message_like_event(...)` and kin: the content wrapped in each
    /// envelope of its kind, given the envelope's required fields.
    fn event_constructors(&self, kind: EventKind) -> TokenStream {
        let mut out = TokenStream::new();
        for role in EnvelopeRole::ALL.into_iter().filter(|r| r.kind() == kind) {
            let Some(envelope) = self.layer.envelope(role) else {
                continue;
            };
            let name = ident(role.name());
            let method = ident(&format!("into_{}", crate::names::snake_case(role.name())));
            let required: Vec<&Field> = envelope.fields.iter().filter(|f| f.required).collect();
            let params = required.iter().map(|f| {
                let rust = ident(&f.rust_name);
                let ty = self.type_tokens(&f.ty, ROOT);
                quote!(#rust: impl Into<#ty>)
            });
            let args = required.iter().map(|f| {
                let rust = ident(&f.rust_name);
                quote!(#rust.into())
            });
            let listed: Vec<String> = required
                .iter()
                .map(|f| format!("`{}`", f.json_name))
                .collect();
            let doc = doc_attrs(&[
                format!(
                    "The content as a [`{0}`], given the envelope's required fields{1}; set the optional ones on the result. For tests, and for servers that make events.",
                    role.name(),
                    if listed.is_empty() { String::new() } else { format!(" ({})", listed.join(", ")) }
                ),
            ]);
            out.extend(quote! {
                #doc
                #[allow(clippy::too_many_arguments)]
                fn #method(self, #(#params),*) -> #name<Self> {
                    #name::new(self, #(#args),*)
                }
            });
        }
        out
    }

    /// Every envelope field of every kind, collected while an event's
    /// `type` is not yet known.
    fn parts_fields(&self) -> Vec<&Field> {
        let mut fields: Vec<&Field> = Vec::new();
        for envelope in &self.layer.envelopes {
            for f in &envelope.fields {
                if fields.iter().all(|g| g.json_name != f.json_name) {
                    fields.push(f);
                }
            }
        }
        fields
    }

    fn event_parts(&self) -> TokenStream {
        let key = super::private_path(ROOT, "Key");
        let kind_content = super::private_path(ROOT, "KindContent");
        let seed = super::private_path(ROOT, "ContentSeed");
        let content_of = super::private_path(ROOT, "content_of");
        let raw_json = super::private_path(ROOT, "RawJson");
        let shape_path = super::private_path(ROOT, "Shape");
        let scalar_seed = super::private_path(ROOT, "ScalarSeed");
        let set_aside_seed = super::private_path(ROOT, "SetAsideSeed");
        let read_field = super::private_path(ROOT, "read_field_leniently");
        let without_position = super::private_path(ROOT, "without_position");
        let mut decls = TokenStream::new();
        let mut arms = TokenStream::new();
        let mut lenient_arms = TokenStream::new();
        let mut leftovers = TokenStream::new();
        for f in self.parts_fields() {
            let rust = ident(&f.rust_name);
            let json = Literal::string(&f.json_name);
            let ty = self.type_tokens(&f.ty, ROOT);
            decls.extend(quote!(pub #rust: Option<#ty>,));
            let seed = match self.json_shape(&f.ty) {
                Some(JsonShape::Scalar) => quote!(Some(#scalar_seed::new())),
                Some(shape) => {
                    let shape = ident(shape.name());
                    quote!(Some(#set_aside_seed::new(#shape_path::#shape)))
                }
                None => quote!(None::<#scalar_seed<_>>),
            };
            lenient_arms.extend(quote! {
                #json => #read_field(map, &mut self.#rust, &mut self.extra, key, #seed, trouble)?,
            });
            arms.extend(quote! {
                #json => match map.next_value::<Option<#ty>>()? {
                    Some(value) => self.#rust = Some(value),
                    None => {
                        self.extra.insert(key.into_string(), ::serde_json::Value::Null);
                    }
                },
            });
            leftovers.extend(quote! {
                if let Some(value) = self.#rust.take() {
                    extra.insert(#json.to_owned(), ::serde_json::to_value(value).map_err(E::custom)?);
                }
            });
        }
        let take_extra = if leftovers.is_empty() {
            quote!(Ok(::std::mem::take(&mut self.extra)))
        } else {
            quote! {
                let mut extra = ::std::mem::take(&mut self.extra);
                #leftovers
                Ok(extra)
            }
        };
        quote! {
            /// The envelope fields of an event whose `type` is not known yet.
            #[doc(hidden)]
            #[derive(Default)]
            pub struct EventParts {
                /// The `type` the event came with, for the envelope to keep
                /// when it is not its content's `EVENT_TYPE`.
                pub event_type: Option<String>,
                #decls
                pub extra: ::std::collections::BTreeMap<String, ::serde_json::Value>,
            }

            impl EventParts {
                /// Reads the whole event object: its `type`, its `content`
                /// as the type that `type` names, and every other field.
                /// Content that comes before `type` can only be kept as raw
                /// JSON until `type` is known; content after it is read in
                /// place, in the same pass.
                pub fn read_event<'de, A: ::serde::de::MapAccess<'de>, K: #kind_content>(
                    map: &mut A,
                ) -> Result<(#key<'de>, K, EventParts), A::Error> {
                    let mut event_type: Option<#key<'de>> = None;
                    let mut content: Option<K> = None;
                    let mut raw: Option<#raw_json<'de>> = None;
                    let mut parts = EventParts::default();
                    while let Some(key) = map.next_key::<#key<'de>>()? {
                        match key.as_str() {
                            "type" if event_type.is_some() => {
                                return Err(<A::Error as ::serde::de::Error>::duplicate_field("type"));
                            }
                            "content" if content.is_some() || raw.is_some() => {
                                return Err(<A::Error as ::serde::de::Error>::duplicate_field("content"));
                            }
                            "type" => event_type = Some(map.next_value()?),
                            "content" => match &event_type {
                                Some(t) => content = Some(map.next_value_seed(#seed::new(t.as_str()))?),
                                None => raw = Some(map.next_value()?),
                            },
                            _ => parts.read(key, map)?,
                        }
                    }
                    let event_type = event_type.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field("type"))?;
                    let content = match (content, raw) {
                        (Some(content), _) => content,
                        (None, Some(raw)) => #content_of(event_type.as_str(), raw.text())?,
                        (None, None) => return Err(<A::Error as ::serde::de::Error>::missing_field("content")),
                    };
                    Ok((event_type, content, parts))
                }

                /// Reads the whole object of an event whose content type is
                /// known up front: `type` must be `C`'s, and `content` is read
                /// in place wherever it comes.
                pub fn read_typed<'de, A: ::serde::de::MapAccess<'de>, C: EventContent>(
                    map: &mut A,
                ) -> Result<(C, EventParts), A::Error> {
                    let mut event_type: Option<String> = None;
                    let mut content: Option<C> = None;
                    let mut parts = EventParts::default();
                    while let Some(key) = map.next_key::<#key<'de>>()? {
                        match key.as_str() {
                            // Refused as `read_event` refuses them, so that the
                            // typed and the `Any*` readings of an event agree.
                            "type" if event_type.is_some() => {
                                return Err(<A::Error as ::serde::de::Error>::duplicate_field("type"));
                            }
                            "content" if content.is_some() => {
                                return Err(<A::Error as ::serde::de::Error>::duplicate_field("content"));
                            }
                            "type" => event_type = Some(map.next_value()?),
                            "content" => content = Some(map.next_value()?),
                            _ => parts.read(key, map)?,
                        }
                    }
                    let event_type = event_type.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field("type"))?;
                    if !C::accepts_type(&event_type) {
                        return Err(<A::Error as ::serde::de::Error>::invalid_value(
                            ::serde::de::Unexpected::Str(&event_type),
                            &C::EVENT_TYPE,
                        ));
                    }
                    // Kept only when it is not the content's own (an unstable
                    // name, a type with a prefix).
                    parts.event_type = (event_type != C::EVENT_TYPE).then_some(event_type);
                    let content = content.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field("content"))?;
                    Ok((content, parts))
                }

                /// Reads one envelope field, or keeps an unknown one.
                pub fn read<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: #key<'de>, map: &mut A) -> Result<(), A::Error> {
                    match key.as_str() {
                        #arms
                        _ => {
                            self.extra.insert(key.into_string(), map.next_value()?);
                        }
                    }
                    Ok(())
                }

                /// The whole event as JSON: the fields an envelope did not take,
                /// the unknown ones, `type` and `content`.
                pub fn whole_json<E: ::serde::de::Error>(
                    &mut self,
                    event_type: &str,
                    content: Option<::serde_json::Value>,
                ) -> Result<::serde_json::Map<String, ::serde_json::Value>, E> {
                    let mut json: ::serde_json::Map<String, ::serde_json::Value> = self.take_extra()?.into_iter().collect();
                    json.insert("type".to_owned(), ::serde_json::Value::String(event_type.to_owned()));
                    if let Some(content) = content {
                        json.insert("content".to_owned(), content);
                    }
                    Ok(json)
                }

                /// Takes the fields an envelope did not take, as JSON, with the unknown ones.
                pub fn take_extra<E: ::serde::de::Error>(&mut self) -> Result<::std::collections::BTreeMap<String, ::serde_json::Value>, E> {
                    #take_extra
                }

                /// Reads the whole event object as `read_event` does, except
                /// that what does not fit is noted rather than failing, so that
                /// the reading goes on to the end of the object: the content
                /// is kept as raw JSON (borrowed from the input where it can
                /// be) and parsed by [`LenientEvent::finish`]; an envelope
                /// field of the wrong type is kept. Only a `type` that is not
                /// a string, or none, fails.
                pub fn read_lenient<'de, A: ::serde::de::MapAccess<'de>>(
                    map: &mut A,
                ) -> Result<LenientEvent<'de>, A::Error> {
                    let mut event_type: Option<#key<'de>> = None;
                    let mut content: Option<#raw_json<'de>> = None;
                    let mut parts = EventParts::default();
                    let mut trouble = None;
                    while let Some(key) = map.next_key::<#key<'de>>()? {
                        match key.as_str() {
                            "type" => {
                                if event_type.is_some() && trouble.is_none() {
                                    trouble = Some("duplicate field `type`".to_owned());
                                }
                                event_type = Some(map.next_value()?);
                            }
                            "content" => {
                                if content.is_some() && trouble.is_none() {
                                    trouble = Some("duplicate field `content`".to_owned());
                                }
                                content = Some(map.next_value()?);
                            }
                            _ => parts.read_leniently(key, map, &mut trouble)?,
                        }
                    }
                    let event_type = event_type.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field("type"))?;
                    Ok(LenientEvent { event_type, content, parts, trouble })
                }

                /// Reads one envelope field, keeping a value of the wrong type
                /// with the unknown fields and noting why in `trouble`.
                fn read_leniently<'de, A: ::serde::de::MapAccess<'de>>(
                    &mut self,
                    key: #key<'de>,
                    map: &mut A,
                    trouble: &mut Option<String>,
                ) -> Result<(), A::Error> {
                    match key.as_str() {
                        #lenient_arms
                        _ => {
                            self.extra.insert(key.into_string(), map.next_value()?);
                        }
                    }
                    Ok(())
                }
            }

            /// An event read by [`EventParts::read_lenient`], its content not
            /// parsed yet.
            #[doc(hidden)]
            pub struct LenientEvent<'de> {
                event_type: #key<'de>,
                content: Option<#raw_json<'de>>,
                parts: EventParts,
                /// Why the envelope does not fit, if it does not.
                trouble: Option<String>,
            }

            impl LenientEvent<'_> {
                /// Parses the content as the kind `K` and makes the event with
                /// `make`; if the envelope did not fit, or either step fails,
                /// gives the event's `type`, its whole JSON and the error.
                pub fn finish<K: #kind_content, T, E: ::serde::de::Error>(
                    mut self,
                    make: impl FnOnce(&str, K, &mut EventParts) -> Result<T, E>,
                ) -> Result<T, (String, ::serde_json::Map<String, ::serde_json::Value>, String)> {
                    let error = match (self.trouble.take(), &self.content) {
                        (Some(trouble), _) => trouble,
                        (None, None) => "missing field `content`".to_owned(),
                        (None, Some(raw)) => match #content_of::<K, E>(self.event_type.as_str(), raw.text()) {
                            Ok(content) => match make(self.event_type.as_str(), content, &mut self.parts) {
                                Ok(event) => return Ok(event),
                                Err(error) => error.to_string(),
                            },
                            Err(error) => error.to_string(),
                        },
                    };
                    Err(self.into_invalid(error))
                }

                /// The event as it came: what the envelope read, the unknown
                /// fields, `type` and `content`.
                #[cold]
                fn into_invalid(mut self, error: String) -> (String, ::serde_json::Map<String, ::serde_json::Value>, String) {
                    let content = self.content.as_ref().map(|raw| {
                        ::serde_json::from_str(raw.text())
                            .unwrap_or_else(|_| ::serde_json::Value::String(raw.text().to_owned()))
                    });
                    let event_type = self.event_type.into_string();
                    // Typed envelope fields always turn back into JSON.
                    let json = self.parts.whole_json::<::serde_json::Error>(&event_type, content).unwrap_or_default();
                    (event_type, json, #without_position(error))
                }
            }

            /// The `type` to keep beside content of type `C` read from an
            /// event whose `type` is `event_type`: none when it is `C`'s own.
            #[doc(hidden)]
            pub fn type_as_sent<C: EventContent>(_content: &C, event_type: &str) -> Option<String> {
                (event_type != C::EVENT_TYPE).then(|| event_type.to_owned())
            }
        }
    }

    /// `InvalidEvent` and `UnknownEvent`: events kept as they came.
    fn kept_whole_events(&self) -> TokenStream {
        let accessors = ["event_id", "sender", "state_key", "room_id"].map(|field| {
            let method = ident(field);
            let doc = doc_attrs(&[format!(
                "The event's `{field}`, if it has one that is a string."
            )]);
            quote! {
                #doc
                pub fn #method(&self) -> Option<&str> {
                    self.json.get(#field).and_then(::serde_json::Value::as_str)
                }
            }
        });
        quote! {
            /// An event of a type this crate knows whose content or envelope
            /// does not fit the schema (a required field missing, a value of
            /// the wrong type), kept whole so that it is written back exactly
            /// as it was read, with the error.
            ///
            /// What could be read is at hand: `event_type`, and the accessors
            /// below, so a server can still apply a state event (`type` and
            /// `state_key`) it cannot type.
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub struct InvalidEvent {
                /// The event's `type`.
                pub event_type: String,
                /// The whole event, as it came.
                pub json: ::serde_json::Map<String, ::serde_json::Value>,
                /// Why it is not its type, after the JSON path of the problem
                /// (`content.call_id: invalid type: ...`).
                pub error: String,
            }

            impl InvalidEvent {
                #(#accessors)*

                /// The event's `content`, if it has one.
                pub fn content(&self) -> Option<&::serde_json::Value> {
                    self.json.get("content")
                }
            }

            impl ::serde::Serialize for InvalidEvent {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.json.serialize(serializer)
                }
            }


            /// An event whose `type` this crate does not know, kept whole so
            /// that it is written back exactly as it was read.
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub struct UnknownEvent {
                /// The event's `type`.
                pub event_type: String,
                /// The whole event, `type` and `content` included.
                pub json: ::serde_json::Map<String, ::serde_json::Value>,
            }

            impl UnknownEvent {
                #[doc(hidden)]
                pub fn from_parts<E: ::serde::de::Error>(
                    event_type: String,
                    content: ::serde_json::Value,
                    mut parts: EventParts,
                ) -> Result<Self, E> {
                    let json = parts.whole_json(&event_type, Some(content))?;
                    Ok(UnknownEvent { event_type, json })
                }
            }

            impl ::serde::Serialize for UnknownEvent {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.json.serialize(serializer)
                }
            }

            /// What is left of the content of a redacted event: the keys its
            /// room version's redaction algorithm keeps, often none. A room
            /// event that says it was redacted (`unsigned.redacted_because`)
            /// and whose content no longer fits its type is read with this
            /// content, as the `Redacted` variant of its `Any*` enum, in the
            /// envelope of its kind; its `event_type()` is the event's.
            ///
            /// `EVENT_TYPE` is empty: the content fits any type, and the
            /// envelope keeps the type the event came with.
            #[derive(Clone, Debug, Default, PartialEq)]
            #[non_exhaustive]
            pub struct RedactedContent {
                /// The content's keys, as they came.
                pub kept: ::serde_json::Map<String, ::serde_json::Value>,
            }

            impl RedactedContent {
                /// The value of a key the redaction kept.
                pub fn get(&self, key: &str) -> Option<&::serde_json::Value> {
                    self.kept.get(key)
                }
            }

            impl EventContent for RedactedContent {
                const EVENT_TYPE: &'static str = "";
                const KINDS: &'static [EventKind] = &[];
                fn accepts_type(_event_type: &str) -> bool {
                    true
                }
            }

            impl ::serde::Serialize for RedactedContent {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.kept.serialize(serializer)
                }
            }

            impl<'de> ::serde::Deserialize<'de> for RedactedContent {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    Ok(RedactedContent { kept: ::serde::Deserialize::deserialize(deserializer)? })
                }
            }

            /// Redaction: what each room version's algorithm keeps of an event.
            pub mod redaction {
                pub use super::__private::RedactionRules;
            }

            impl<'de> ::serde::Deserialize<'de> for UnknownEvent {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let json = ::serde_json::Map::<String, ::serde_json::Value>::deserialize(deserializer)?;
                    let event_type = json
                        .get("type")
                        .and_then(::serde_json::Value::as_str)
                        .ok_or_else(|| <D::Error as ::serde::de::Error>::missing_field("type"))?
                        .to_owned();
                    Ok(UnknownEvent { event_type, json })
                }
            }
        }
    }

    fn envelope(
        &self,
        role: EnvelopeRole,
        fields: &[Field],
        docs: &crate::model::Docs,
    ) -> TokenStream {
        let name = ident(role.name());
        let kind = role.kind();
        let mut doc_lines = vec![format!(
            "An event of {}, around content of type `C`.",
            kind.description()
        )];
        let described = crate::docs::render(docs, &self.options.spec_version);
        if !described.is_empty() {
            doc_lines.push(String::new());
            doc_lines.extend(described);
        }
        let doc = doc_attrs(&doc_lines);
        let mut decls = TokenStream::new();
        let mut params = TokenStream::new();
        let mut inits = TokenStream::new();
        let mut checks = TokenStream::new();
        let mut takes = TokenStream::new();
        let mut field_types = Vec::new();
        let mut ser = TokenStream::new();
        for f in fields {
            let rust = ident(&f.rust_name);
            let json = Literal::string(&f.json_name);
            let ty = self.field_type(f, ROOT);
            let field_docs = self.docs(&f.docs);
            decls.extend(quote!(#field_docs pub #rust: #ty,));
            field_types.push(ty.clone());
            if f.required {
                params.extend(quote!(#rust: #ty,));
                inits.extend(quote!(#rust,));
                checks.extend(quote! {
                    if self.#rust.is_none() {
                        return Err(E::missing_field(#json));
                    }
                });
                takes.extend(quote! {
                    let #rust = self.#rust.take().ok_or_else(|| E::missing_field(#json))?;
                });
                ser.extend(quote!(map.serialize_entry(#json, &self.#rust)?;));
            } else {
                inits.extend(quote!(#rust: None,));
                takes.extend(quote!(let #rust = self.#rust.take();));
                ser.extend(quote! {
                    if let Some(value) = &self.#rust {
                        map.serialize_entry(#json, value)?;
                    }
                });
            }
        }
        let field_names: Vec<_> = fields.iter().map(|f| ident(&f.rust_name)).collect();
        let take_fields = ident(&format!("take_{}", crate::names::snake_case(role.name())));
        // Apart from `from_parts`, so that a crate reading events makes it
        // once, not once per content type.
        let take_doc = Literal::string(&format!(
            " The fields of a [`{}`], its `type` as sent and the fields it does not declare, taken out; when one it requires is missing, the parts are left as they were.",
            role.name()
        ));
        let expecting = Literal::string(&format!("a `{}` object", role.name()));
        let server_unsigned = self.server_unsigned_getters(role, fields);
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub struct #name<C> {
                /// The event's content.
                pub content: C,
                #decls
                /// Top-level properties the spec does not declare, kept so that nothing read is lost when the event is written back.
                pub extra: ::std::collections::BTreeMap<String, ::serde_json::Value>,
                /// The `type` the event came with when it is not its content's
                /// `EVENT_TYPE` (an unstable name, a type with a prefix).
                type_as_sent: Option<String>,
            }

            impl<C> #name<C> {
                /// Creates an event from its content and required fields.
                #[allow(clippy::too_many_arguments)]
                pub fn new(content: C, #params) -> Self {
                    Self { content, #inits extra: ::std::collections::BTreeMap::new(), type_as_sent: None }
                }

                /// The same event sent under another `type` its content
                /// accepts: an unstable name, or the concrete type of a
                /// schema for every type with a prefix.
                pub fn with_event_type(mut self, event_type: impl Into<String>) -> Self {
                    self.type_as_sent = Some(event_type.into());
                    self
                }
            }

            #server_unsigned

            impl<C: EventContent> #name<C> {
                /// The event's `type`, as it came or as it will be written.
                pub fn event_type(&self) -> &str {
                    self.type_as_sent.as_deref().unwrap_or(C::EVENT_TYPE)
                }

                /// Makes the event from its parts; when one it requires is
                /// missing, the parts are left as they were.
                #[doc(hidden)]
                pub fn from_parts<E: ::serde::de::Error>(content: C, parts: &mut EventParts) -> Result<Self, E> {
                    let (#(#field_names,)* type_as_sent, extra) = parts.#take_fields()?;
                    Ok(Self { content, #(#field_names,)* extra, type_as_sent })
                }
            }

            impl EventParts {
                #[doc = #take_doc]
                #[doc(hidden)]
                #[allow(clippy::type_complexity)]
                pub fn #take_fields<E: ::serde::de::Error>(
                    &mut self,
                ) -> Result<(#(#field_types,)* Option<String>, ::std::collections::BTreeMap<String, ::serde_json::Value>), E> {
                    #checks
                    let type_as_sent = self.event_type.take();
                    #takes
                    Ok((#(#field_names,)* type_as_sent, self.take_extra()?))
                }
            }

            impl<C: EventContent> ::serde::Serialize for #name<C> {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    use ::serde::ser::SerializeMap as _;
                    let mut map = serializer.serialize_map(None)?;
                    map.serialize_entry("type", self.event_type())?;
                    map.serialize_entry("content", &self.content)?;
                    #ser
                    for (key, value) in &self.extra {
                        map.serialize_entry(key, value)?;
                    }
                    map.end()
                }
            }

            impl<'de, C: EventContent> ::serde::Deserialize<'de> for #name<C> {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    struct Visitor<C>(::std::marker::PhantomData<C>);
                    impl<'de, C: EventContent> ::serde::de::Visitor<'de> for Visitor<C> {
                        type Value = #name<C>;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                            let (content, mut parts) = EventParts::read_typed(&mut map)?;
                            #name::from_parts(content, &mut parts)
                        }
                    }
                    deserializer.deserialize_map(Visitor(::std::marker::PhantomData))
                }
            }
        }
    }

    /// Getters for what servers add to `unsigned` that the event schemas
    /// do not declare ([`crate::events::SERVER_UNSIGNED`]), read from its
    /// undeclared properties; or, where a release's `unsigned` type does
    /// declare one as a string (v1.1's `transaction_id`), from that field,
    /// so that the getters are there whatever the release. None for an
    /// envelope without `unsigned`, or whose `unsigned` keeps nothing
    /// undeclared as JSON.
    fn server_unsigned_getters(&self, role: EnvelopeRole, fields: &[Field]) -> TokenStream {
        let Some(unsigned) = fields.iter().find(|f| f.json_name == "unsigned") else {
            return TokenStream::new();
        };
        let Some(declared) = crate::events::unsigned_struct(self.model, unsigned) else {
            return TokenStream::new();
        };
        let name = ident(role.name());
        let base = unsigned_in_getter(unsigned);
        let extra = ident(&declared.extra_field);
        let properties = (crate::events::SERVER_UNSIGNED.iter())
            .filter(|p| !p.states_only || role.kind() == EventKind::State);
        let mut getters = Vec::new();
        for p in properties {
            let method = ident(p.json_name);
            let json = Literal::string(p.json_name);
            let field = declared.fields.iter().find(|f| f.json_name == p.json_name);
            let (whence, body) = match (field, p.value) {
                (None, UnsignedValue::Text) => (
                    "which the client-server API declares but the event schemas do not: read from the properties `unsigned` does not declare",
                    quote!(#base.#extra.get(#json)?.as_str()),
                ),
                (None, UnsignedValue::Content) => (
                    "which the client-server API declares but the event schemas do not: read from the properties `unsigned` does not declare",
                    quote!(::serde::Deserialize::deserialize(#base.#extra.get(#json)?).ok()),
                ),
                (Some(f), UnsignedValue::Text) if f.ty == TypeRef::String => {
                    let field = ident(&f.rust_name);
                    let body = match f.required {
                        true => quote!(Some(#base.#field.as_str())),
                        false => quote!(#base.#field.as_deref()),
                    };
                    ("which this release's `unsigned` declares: its field, for code that reads every release alike", body)
                }
                // Declared as something else: the field is the way to it.
                (Some(_), _) => continue,
            };
            let doc = doc_attrs(&[
                p.doc.to_owned(),
                String::new(),
                format!(
                    "`unsigned.{}`, {whence}; `None` when it is absent or not of this type.",
                    p.json_name
                ),
            ]);
            getters.push(match p.value {
                UnsignedValue::Text => quote! {
                    #doc
                    pub fn #method(&self) -> Option<&str> {
                        #body
                    }
                },
                UnsignedValue::Content => quote! {
                    #doc
                    pub fn #method(&self) -> Option<C>
                    where
                        C: ::serde::de::DeserializeOwned,
                    {
                        #body
                    }
                },
            });
        }
        if getters.is_empty() {
            return TokenStream::new();
        }
        quote! {
            impl<C> #name<C> {
                #(#getters)*
            }
        }
    }

    /// `AnyMessageLikeEvent` and its kin: one variant per event of the
    /// envelope's kind, chosen by `type`, and `Unknown` for the rest.
    fn dispatch(&self, role: EnvelopeRole) -> TokenStream {
        let name = ident(&format!("Any{}", role.name()));
        let envelope = ident(role.name());
        let content_enum = kind_content_name(role.kind());
        let mut variants = TokenStream::new();
        let mut entries = Vec::new();
        let mut fallback_arms = TokenStream::new();
        for event in self.layer.of_kind(role.kind()) {
            let variant = ident(&event.name);
            let alias = ident(&role.alias(&event.name, &event.kinds));
            let prefix = relative_path(ROOT, &event.module);
            let doc = doc_attrs(&[format!("`{}`", event.event_type)]);
            variants.extend(quote!(#doc #variant(#prefix #alias),));
            entries.push(quote!(#variant));
            // Only a variant family's content can be its catch-all; every
            // other content keeps `is_fallback`'s default, `false`.
            if matches!(event.content, Content::Family(_)) {
                fallback_arms.extend(
                    quote!(Self::#variant(event) => EventContent::is_fallback(&event.content),),
                );
            }
        }
        let is_fallback_body = if fallback_arms.is_empty() {
            quote!(false)
        } else {
            quote! {
                match self {
                    #fallback_arms
                    _ => false,
                }
            }
        };
        let doc = doc_attrs(&[format!(
            "Any event of {}, as a `{}` of the content its `type` names.",
            role.kind().description(),
            role.name()
        )]);
        let expecting = Literal::string(&format!("an event object ({})", role.name()));
        // Only room events are redacted.
        let (redacted_variant, redacted_arg) = match role.kind() {
            EventKind::MessageLike | EventKind::State => (
                quote! {
                    /// A redacted event (`unsigned.redacted_because`) whose content
                    /// no longer fits its type: what redaction left of it.
                    Redacted(#envelope<RedactedContent>),
                },
                quote!(, Redacted),
            ),
            _ => (TokenStream::new(), TokenStream::new()),
        };
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            #[non_exhaustive]
            pub enum #name {
                #variants
                /// An event of a type this crate does not know.
                Unknown(UnknownEvent),
                /// An event of a known type that does not fit its schema, kept whole.
                Invalid(InvalidEvent),
                #redacted_variant
            }

            impl #name {
                /// Whether the content landed in a variant family's catch-all
                /// (see [`EventContent::is_fallback`]).
                pub fn content_is_fallback(&self) -> bool {
                    #is_fallback_body
                }
            }

            __private::dispatch_impls! {
                #name, #envelope, #content_enum, #expecting #redacted_arg;
                #(#entries),*
            }
        }
    }

    /// A room timeline holds message-like and state events; known types go
    /// by their kind, unknown ones by whether they carry a `state_key`.
    fn timeline(&self, name: &str, message: EnvelopeRole, state: EnvelopeRole) -> TokenStream {
        if self.layer.envelope(message).is_none() || self.layer.envelope(state).is_none() {
            return TokenStream::new();
        }
        let name = ident(name);
        let any_message = ident(&format!("Any{}", message.name()));
        let any_state = ident(&format!("Any{}", state.name()));
        let any_message_content = kind_content_name(EventKind::MessageLike);
        let any_state_content = kind_content_name(EventKind::State);
        let from_object = super::private_path(ROOT, "FromObject");
        let deserialize_object = super::private_path(ROOT, "deserialize_object");
        let strictly = super::private_path(ROOT, "strictly");
        let strict = super::private_path(ROOT, "strict");
        let deserialize = quote! {
            impl #name {
                /// The event as `rules` redact it (see
                /// [`RedactionRules::redact_event`](redaction::RedactionRules::redact_event)):
                /// typed when what is left still fits its content type, the
                /// kind's `Redacted` variant when not.
                pub fn redact<R: ::std::borrow::Borrow<redaction::RedactionRules>>(&self, rules: R) -> Self {
                    let rules = rules.borrow();
                    match self {
                        #name::State(event) => #name::State(event.redact(rules)),
                        #name::MessageLike(event) => #name::MessageLike(event.redact(rules)),
                    }
                }

                /// Reads an event, failing where the plain `Deserialize` would
                /// keep an event that does not fit its schema as `Invalid` or
                /// `Redacted`, or would set a field of the wrong type aside
                /// (at any depth).
                pub fn deserialize_strict<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #strictly(|| #deserialize_object(deserializer))
                }
            }

            impl<'de> #from_object<'de> for #name {
                const EXPECTING: &'static str = "a room timeline event object";
                fn from_object<A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                    let (event_type, content, mut parts) = EventParts::read_event(&mut map)?;
                    #name::from_parts(event_type.as_str(), content, &mut parts)
                }
            }

            impl #name {
                fn from_parts<E: ::serde::de::Error>(event_type: &str, content: TimelineContent, parts: &mut EventParts) -> Result<Self, E> {
                    Ok(match content {
                        TimelineContent::State(content) => {
                            #name::State(#any_state::from_parts(event_type, content, parts)?)
                        }
                        TimelineContent::MessageLike(#any_message_content::Unknown(json)) if parts.state_key.is_some() => {
                            #name::State(#any_state::from_parts(event_type, #any_state_content::Unknown(json), parts)?)
                        }
                        TimelineContent::MessageLike(content) => {
                            #name::MessageLike(#any_message::from_parts(event_type, content, parts)?)
                        }
                    })
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    struct Visitor;
                    impl<'de> ::serde::de::Visitor<'de> for Visitor {
                        type Value = #name;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str("a room timeline event object")
                        }
                        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                            if #strict() {
                                return <#name as #from_object<'de>>::from_object(map);
                            }
                            let event = EventParts::read_lenient(&mut map)?;
                            let (event_type, json, error) = match event.finish(#name::from_parts::<A::Error>) {
                                Ok(event) => return Ok(event),
                                Err(invalid) => invalid,
                            };
                            // An invalid event of a known type goes where its
                            // type's kind says, as a valid one would.
                            Ok(if TimelineContent::is_state_type(&event_type) {
                                #name::State(#any_state::from_invalid(event_type, json, error))
                            } else {
                                #name::MessageLike(#any_message::from_invalid(event_type, json, error))
                            })
                        }
                    }
                    deserializer.deserialize_map(Visitor)
                }
            }
        };
        quote! {
            /// Any event of a room's timeline: message-like or state.
            #[derive(Clone, Debug, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            #[non_exhaustive]
            pub enum #name {
                /// A message-like event.
                MessageLike(#any_message),
                /// A state event.
                State(#any_state),
            }

            impl #name {
                /// The event's `type`.
                pub fn event_type(&self) -> &str {
                    match self {
                        Self::MessageLike(event) => event.event_type(),
                        Self::State(event) => event.event_type(),
                    }
                }

                /// The event, if its type is known but it does not fit its schema.
                pub fn invalid(&self) -> Option<&InvalidEvent> {
                    match self {
                        Self::MessageLike(event) => event.invalid(),
                        Self::State(event) => event.invalid(),
                    }
                }

                /// Whether the event's type is one this crate does not know.
                pub fn is_unknown(&self) -> bool {
                    match self {
                        Self::MessageLike(event) => event.is_unknown(),
                        Self::State(event) => event.is_unknown(),
                    }
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        Self::MessageLike(event) => event.serialize(serializer),
                        Self::State(event) => event.serialize(serializer),
                    }
                }
            }

            #deserialize
        }
    }

    /// The content of any event of one kind, read before the envelope
    /// around it is complete.
    fn kind_content(&self, kind: EventKind) -> TokenStream {
        let name = kind_content_name(kind);
        let mut variants = TokenStream::new();
        let mut entries = Vec::new();
        // Exact types first: an unstable name must not be taken by a
        // prefix that happens to cover it.
        let mut events: Vec<&EventEntry> = self.layer.of_kind(kind).collect();
        events.sort_by_key(|e| e.prefix.is_some());
        // `From` for each content, and for each member of a family (through
        // the family's enum); a type two variants share gets none.
        let mut sources: Vec<(String, TokenStream, &proc_macro2::Ident, bool)> = Vec::new();
        let names: Vec<proc_macro2::Ident> = events.iter().map(|e| ident(&e.name)).collect();
        for (event, variant) in events.iter().zip(&names) {
            let content = self.content_tokens(event, ROOT);
            let test = type_test(event);
            let doc = doc_attrs(&[format!("`{}`", event.event_type)]);
            variants.extend(quote!(#doc #variant(#content),));
            entries.push(quote!(#variant if #test));
            sources.push((content.to_string(), content, variant, false));
            if let Content::Family(i) = event.content {
                let family = &self.layer.families[i];
                for id in family
                    .variants
                    .iter()
                    .map(|v| v.content)
                    .chain([family.fallback])
                {
                    let ty = self.type_tokens(&TypeRef::Named(id), ROOT);
                    sources.push((ty.to_string(), ty, variant, true));
                }
            }
        }
        let mut conversions = TokenStream::new();
        for (key, ty, variant, member) in &sources {
            if sources.iter().filter(|(other, ..)| other == key).count() > 1 {
                continue;
            }
            let value = if *member {
                quote!(content.into())
            } else {
                quote!(content)
            };
            conversions.extend(quote! {
                impl From<#ty> for #name {
                    fn from(content: #ty) -> Self {
                        Self::#variant(#value)
                    }
                }
            });
        }
        let doc = doc_attrs(&[
            format!(
                "The content of any event of {}, by its `type`; `Unknown` holds the JSON of a type this crate does not know.",
                kind.description()
            ),
            String::new(),
            "Every content type of the kind turns into it with `.into()`, so one function can take any of them.".to_owned(),
        ]);
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            #[non_exhaustive]
            pub enum #name {
                #variants
                /// The content of an event of a type this crate does not know.
                Unknown(::serde_json::Value),
            }

            #conversions

            __private::kind_content_impls! {
                #name, event_type;
                #(#entries),*
            }
        }
    }

    /// The content of a timeline event. A known type is message-like or
    /// state by its kind; an unknown one is read as message-like and moved
    /// to state afterwards if the event turns out to have a `state_key`.
    fn timeline_content(&self) -> TokenStream {
        let any_message_content = kind_content_name(EventKind::MessageLike);
        let any_state_content = kind_content_name(EventKind::State);
        let kind_content = super::private_path(ROOT, "KindContent");
        let tests: Vec<TokenStream> = self
            .layer
            .of_kind(EventKind::State)
            .map(type_test)
            .collect();
        let is_state = if tests.is_empty() {
            quote!(false)
        } else {
            quote!(#(#tests)||*)
        };
        quote! {
            /// The content of a room timeline event, message-like or state.
            #[doc(hidden)]
            #[allow(clippy::large_enum_variant)]
            pub enum TimelineContent {
                MessageLike(#any_message_content),
                State(#any_state_content),
            }

            impl TimelineContent {
                /// Whether `event_type` is a state event type this crate knows.
                #[allow(unused_variables)]
                pub fn is_state_type(event_type: &str) -> bool {
                    #is_state
                }
            }

            impl #kind_content for TimelineContent {
                fn read<'de, D: ::serde::Deserializer<'de>>(event_type: &str, deserializer: D) -> Result<Self, D::Error> {
                    Ok(if Self::is_state_type(event_type) {
                        Self::State(#kind_content::read(event_type, deserializer)?)
                    } else {
                        Self::MessageLike(#kind_content::read(event_type, deserializer)?)
                    })
                }
            }
        }
    }

    /// A table of every event type and its kinds, for tools.
    fn event_table(&self) -> TokenStream {
        let mut rows = TokenStream::new();
        for event in &self.layer.events {
            let own = std::iter::once(event.event_type.as_str());
            for t in own.chain(event.aliases.iter().map(String::as_str)) {
                let t = Literal::string(t);
                let kinds = event.kinds.iter().map(|k| ident(k.name()));
                rows.extend(quote!((#t, &[#(EventKind::#kinds),*]),));
            }
        }
        quote! {
            /// Every event type this crate knows, with its kinds (the main one first).
            /// Unstable names are listed as types of their own; a type
            /// ending in `.*` stands for every type with that prefix.
            pub const EVENT_TYPES: &[(&str, &[EventKind])] = &[#rows];
        }
    }

    /// `index` is the family's place in [`EventLayer::families`](crate::events::EventLayer::families).
    fn family(&self, index: usize, family: &Family) -> TokenStream {
        let name = ident(&family.name);
        let module = &family.module;
        let private = relative_path(module, &["__private".to_owned()]);
        let discriminator = Literal::string(&family.discriminator);
        let fallback = ident(&family.fallback_name);
        let fallback_ty = self.type_tokens(&TypeRef::Named(family.fallback), module);
        let mut variants = TokenStream::new();
        let mut ser_arms = TokenStream::new();
        let mut parse_arms = TokenStream::new();
        // A variant's content turns into the family's: `TextMessageEventContent`
        // into `RoomMessageEventContent` with `.into()`.
        let mut conversions = TokenStream::new();
        let members = (family.variants.iter().map(|v| (&v.name, v.content)))
            .chain([(&family.fallback_name, family.fallback)]);
        for (variant, content) in members {
            let variant = ident(variant);
            let ty = self.type_tokens(&TypeRef::Named(content), module);
            conversions.extend(quote! {
                impl From<#ty> for #name {
                    fn from(content: #ty) -> Self {
                        Self::#variant(content)
                    }
                }
            });
        }
        for v in &family.variants {
            let variant = ident(&v.name);
            let ty = self.type_tokens(&TypeRef::Named(v.content), module);
            let value = Literal::string(&v.value);
            let doc = doc_attrs(&[format!("`{}: {}`", family.discriminator, v.value)]);
            variants.extend(quote!(#doc #variant(#ty),));
            ser_arms.extend(quote!(Self::#variant(content) => content.serialize(serializer),));
            parse_arms.extend(
                quote!(Some(#value) => #private variant_or(raw, Self::#variant, Self::#fallback)?,),
            );
        }
        let mut doc_lines = crate::docs::render(&family.docs, &self.options.spec_version);
        if !doc_lines.is_empty() {
            doc_lines.push(String::new());
        }
        doc_lines.push(format!(
            "The variant is chosen by `{}`. Content with a value this crate does not know, or that fits the event's own schema but not its variant's, is kept whole in `{}`.",
            family.discriminator, family.fallback_name
        ));
        let mut doc = doc_attrs(&doc_lines);
        doc.extend(self.example_docs(Content::Family(index)));
        let fallback_doc =
            doc_attrs(&[format!("Any other `{}`, kept whole.", family.discriminator)]);
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #variants
                #fallback_doc
                #fallback(#fallback_ty),
            }

            #conversions

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #ser_arms
                        Self::#fallback(content) => content.serialize(serializer),
                    }
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    // The discriminator may come after the fields it decides.
                    let raw = #private RawJson::deserialize(deserializer)?;
                    let raw = raw.text();
                    let value = #private peek_str::<D::Error>(raw, #discriminator)?;
                    Ok(match value.as_deref() {
                        #parse_arms
                        _ => Self::#fallback(#private parse_raw(raw)?),
                    })
                }
            }
        }
    }

    fn event_items(&self, event: &EventEntry) -> TokenStream {
        if event.kinds.is_empty() || self.layer.envelopes.is_empty() {
            return TokenStream::new();
        }
        let module = &event.module;
        let root = relative_path(module, ROOT);
        let content = self.content_tokens(event, module);
        let value = Literal::string(&event.event_type);
        let kinds = event.kinds.iter().map(|k| ident(k.name()));
        let is_fallback = match event.content {
            Content::Family(i) => {
                let fallback = ident(&self.layer.families[i].fallback_name);
                quote! {
                    fn is_fallback(&self) -> bool {
                        matches!(self, Self::#fallback(_))
                    }
                }
            }
            Content::Struct(_) => TokenStream::new(),
        };
        let accepts_type = if event.aliases.is_empty() && event.prefix.is_none() {
            TokenStream::new()
        } else {
            let test = type_test(event);
            quote! {
                fn accepts_type(event_type: &str) -> bool {
                    #test
                }
            }
        };
        let mut out = self.relations_impl(event, &content);
        out.extend(quote! {
            impl #root EventContent for #content {
                const EVENT_TYPE: &'static str = #value;
                const KINDS: &'static [#root EventKind] = &[#(#root EventKind::#kinds),*];
                #accepts_type
                #is_fallback
            }
        });
        for kind in &event.kinds {
            let trait_name = ident(&format!("{}EventContent", kind.name()));
            out.extend(quote!(impl #root #trait_name for #content {}));
        }
        for role in EnvelopeRole::ALL {
            if !event.kinds.contains(&role.kind()) || self.layer.envelope(role).is_none() {
                continue;
            }
            let alias = ident(&role.alias(&event.name, &event.kinds));
            let envelope = ident(role.name());
            let doc = doc_attrs(&[format!(
                "An `{}` event as a `{}`.",
                event.event_type,
                role.name()
            )]);
            out.extend(quote! {
                #doc
                pub type #alias = #root #envelope<#content>;
            });
            let mut accessors: Vec<TokenStream> = event
                .own_fields
                .iter()
                .map(|f| self.own_field_accessor(f))
                .collect();
            let unsigned = (self.layer.envelope(role).into_iter())
                .flat_map(|e| &e.fields)
                .find(|f| f.json_name == "unsigned");
            if let Some(unsigned) = unsigned {
                accessors.extend(
                    (event.unsigned_fields.iter())
                        .filter_map(|f| self.unsigned_field_accessor(f, unsigned, module)),
                );
            }
            if !accessors.is_empty() {
                out.extend(quote! {
                    impl #alias {
                        #(#accessors)*
                    }
                });
            }
        }
        out
    }

    /// A getter for a property only one event type adds to `unsigned`
    /// (`invite_room_state`): the envelope's `unsigned` is shared by every
    /// event of its kind, so the value stays with its undeclared
    /// properties, where it is read and written back, and is typed here.
    /// `None` when the envelope's `unsigned` keeps no undeclared properties
    /// as JSON (then there is nowhere to read it from).
    fn unsigned_field_accessor(
        &self,
        field: &Field,
        unsigned: &Field,
        module: &[String],
    ) -> Option<TokenStream> {
        let base = unsigned_in_getter(unsigned);
        let extra = ident(&crate::events::unsigned_struct(self.model, unsigned)?.extra_field);
        let method = ident(&field.rust_name);
        let json = Literal::string(&field.json_name);
        let ty = self.type_tokens(&field.ty, module);
        let mut docs = self.docs(&field.docs);
        docs.extend(doc_attrs(&[
            String::new(),
            format!(
                "`unsigned.{}`, read from the properties `unsigned` does not declare, where it is kept because the envelope and its `unsigned` are shared by every event of its kind; `None` when it is absent or not of this type. Each call reads it anew.",
                field.json_name
            ),
        ]));
        Some(quote! {
            #docs
            pub fn #method(&self) -> Option<#ty> {
                let value = #base.#extra.get(#json)?;
                ::serde::Deserialize::deserialize(value).ok()
            }
        })
    }

    /// A getter for a top-level field only one event type has; the value
    /// stays in the envelope's `extra`, where it is read and written back.
    fn own_field_accessor(&self, field: &EventField) -> TokenStream {
        let method = ident(&field.rust_name);
        let json = Literal::string(&field.json_name);
        let mut docs = self.docs(&field.docs);
        docs.extend(doc_attrs(&[
            String::new(),
            format!(
                "The top-level `{}` field, kept in `extra` because the envelope is shared by every event of its kind; `None` when it is absent{}.",
                field.json_name,
                if field.is_string { " or not a string" } else { "" }
            ),
        ]));
        if field.is_string {
            quote! {
                #docs
                pub fn #method(&self) -> Option<&str> {
                    self.extra.get(#json).and_then(::serde_json::Value::as_str)
                }
            }
        } else {
            quote! {
                #docs
                pub fn #method(&self) -> Option<&::serde_json::Value> {
                    self.extra.get(#json)
                }
            }
        }
    }
}

/// The expression, inside an envelope's method returning an `Option`, for
/// its `unsigned` (`self.unsigned.as_ref()?`), where the getters for what
/// `unsigned` carries read.
fn unsigned_in_getter(unsigned: &Field) -> TokenStream {
    let field = ident(&unsigned.rust_name);
    if unsigned.required {
        quote!(self.#field)
    } else {
        quote!(self.#field.as_ref()?)
    }
}

/// `event_type == "m.poll.start" || event_type == "org.matrix.msc3381.poll.start"`,
/// or `event_type.starts_with("m.secret_storage.key.")`: whether a `type`
/// string (the local `event_type`) is this event's.
fn type_test(event: &EventEntry) -> TokenStream {
    let exact = event.exact_types().map(|t| {
        let t = Literal::string(t);
        quote!(event_type == #t)
    });
    let prefix = event.prefix.iter().map(|p| {
        let p = Literal::string(p);
        quote!(event_type.starts_with(#p))
    });
    let tests: Vec<TokenStream> = exact.chain(prefix).collect();
    quote!(#(#tests)||*)
}

/// `AnyMessageLikeContent` and its kin, one per kind.
fn kind_content_name(kind: EventKind) -> proc_macro2::Ident {
    ident(&format!("Any{}Content", kind.name()))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}
