// The `__private` module of every generated file: helpers and macros the
// generated impls share. Not a module of this crate: `emit` reads this
// text (`include_str!`) and lexes it at run time, because written inside
// `quote!` it cost about 2.5 s of CPU in every clean build of a crate that
// generates from its build script. The generated code names its items as
// `__private::...`; the golden tests compile and lint it.

#[doc(hidden)]
pub mod __private {
    /// An object key, borrowed from the input when the input allows.
    pub struct Key<'de>(::std::borrow::Cow<'de, str>);

    impl Key<'_> {
        pub fn as_str(&self) -> &str {
            &self.0
        }

        pub fn into_string(self) -> String {
            self.0.into_owned()
        }
    }

    impl<'de> ::serde::Deserialize<'de> for Key<'de> {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> ::serde::de::Visitor<'de> for Visitor {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("an object key")
                }
                fn visit_borrowed_str<E: ::serde::de::Error>(
                    self,
                    value: &'de str,
                ) -> Result<Key<'de>, E> {
                    Ok(Key(::std::borrow::Cow::Borrowed(value)))
                }
                fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                    Ok(Key(::std::borrow::Cow::Owned(value.to_owned())))
                }
                fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                    Ok(Key(::std::borrow::Cow::Owned(value)))
                }
            }
            deserializer.deserialize_str(Visitor)
        }
    }

    /// A struct's `Deserialize`, through its `FromObject` impl, so
    /// that each struct carries only the code that differs.
    pub fn deserialize_object<'de, T: FromObject<'de>, D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        deserializer.deserialize_map(ObjectVisitor(::std::marker::PhantomData))
    }

    /// A generated struct read from the entries of a JSON object.
    pub trait FromObject<'de>: Sized {
        /// What the error says was expected when the input is not an object.
        const EXPECTING: &'static str;
        fn from_object<A: ::serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
    }

    struct ObjectVisitor<T>(::std::marker::PhantomData<T>);

    impl<'de, T: FromObject<'de>> ::serde::de::Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_object(map)
        }
    }

    /// Keeps an undeclared entry, so that it is written back.
    pub fn keep<'de, A, K, V>(
        map: &mut A,
        rest: &mut ::std::collections::BTreeMap<K, V>,
        key: Key<'de>,
    ) -> Result<(), A::Error>
    where
        A: ::serde::de::MapAccess<'de>,
        K: FromWire + Ord,
        V: ::serde::Deserialize<'de>,
    {
        rest.insert(K::from_wire(key.into_string()), map.next_value()?);
        Ok(())
    }

    /// A string as read from JSON, whatever it holds: map keys are kept
    /// through this, as `String` or as an identifier type.
    pub trait FromWire {
        fn from_wire(value: String) -> Self;
    }

    impl FromWire for String {
        fn from_wire(value: String) -> Self {
            value
        }
    }

    /// An open string enum's `Deserialize`: any string is accepted.
    pub fn deserialize_string<'de, T, D>(
        deserializer: D,
        expecting: &'static str,
    ) -> Result<T, D::Error>
    where
        T: for<'a> From<&'a str> + From<String>,
        D: ::serde::Deserializer<'de>,
    {
        deserializer.deserialize_str(StringVisitor(expecting, ::std::marker::PhantomData))
    }

    struct StringVisitor<T>(&'static str, ::std::marker::PhantomData<T>);

    impl<'de, T: for<'a> From<&'a str> + From<String>> ::serde::de::Visitor<'de> for StringVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
        fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    /// The properties a struct's schema pins to one value (`msgtype:
    /// m.text` in a text message), and which of them were read.
    pub struct Pinned {
        values: &'static [(&'static str, &'static str)],
        /// One bit per entry of `values`.
        seen: u64,
    }

    impl Pinned {
        pub fn new(values: &'static [(&'static str, &'static str)]) -> Self {
            Pinned { values, seen: 0 }
        }

        /// Reads the value of `key`, which must be the pinned one.
        pub fn read<'de, A: ::serde::de::MapAccess<'de>>(
            &mut self,
            map: &mut A,
            key: &'static str,
        ) -> Result<(), A::Error> {
            let index = self.values.iter().position(|(k, _)| *k == key).unwrap_or(0);
            let expected = self.values.get(index).map_or("", |(_, v)| *v);
            let value = map.next_value::<Key<'de>>()?;
            if value.as_str() != expected {
                return Err(::serde::de::Error::invalid_value(
                    ::serde::de::Unexpected::Str(value.as_str()),
                    &expected,
                ));
            }
            self.seen |= 1 << (index % 64);
            Ok(())
        }

        /// The error for the first pinned property that was missing.
        pub fn finish<E: ::serde::de::Error>(self) -> Result<(), E> {
            match (0..self.values.len()).find(|i| self.seen & (1 << (i % 64)) == 0) {
                Some(i) => Err(E::missing_field(self.values[i].0)),
                None => Ok(()),
            }
        }
    }

    /// How a struct's field is written and read, by whether the
    /// schema requires it.
    pub struct Required;
    /// An optional field: left out when `None`.
    pub struct Optional;
    /// An optional field whose schema does not allow `null`: an
    /// explicit `null` is kept with the undeclared entries, so that
    /// it is written back.
    pub struct OptionalNullKept;

    impl Required {
        /// Writes the field; `_rest` is the struct's undeclared entries,
        /// which only the map kinds read (see [`SetAsideMapOfScalars`]).
        pub fn write<M: ::serde::ser::SerializeMap, T: ::serde::Serialize, R>(
            map: &mut M,
            key: &'static str,
            value: &T,
            _rest: &R,
        ) -> Result<(), M::Error> {
            map.serialize_entry(key, value)
        }

        /// The field's key if its value is written merged with undeclared
        /// entries of the same key, which are then not written apart.
        pub fn merged_key<T>(_value: &T, _key: &'static str) -> Option<&'static str> {
            None
        }

        pub fn read<'de, A: ::serde::de::MapAccess<'de>, T: ::serde::Deserialize<'de>, K, V>(
            map: &mut A,
            slot: &mut Option<T>,
            _rest: &mut ::std::collections::BTreeMap<K, V>,
            _key: Key<'de>,
        ) -> Result<(), A::Error> {
            *slot = Some(map.next_value()?);
            Ok(())
        }

        /// The field's value, or the error that names it.
        pub fn finish<T, E: ::serde::de::Error>(
            slot: Option<T>,
            key: &'static str,
        ) -> Result<T, E> {
            slot.ok_or_else(|| E::missing_field(key))
        }
    }

    impl Optional {
        pub fn write<M: ::serde::ser::SerializeMap, T: ::serde::Serialize, R>(
            map: &mut M,
            key: &'static str,
            value: &Option<T>,
            _rest: &R,
        ) -> Result<(), M::Error> {
            match value {
                Some(value) => map.serialize_entry(key, value),
                None => Ok(()),
            }
        }

        pub fn merged_key<T>(_value: &T, _key: &'static str) -> Option<&'static str> {
            None
        }

        pub fn read<'de, A: ::serde::de::MapAccess<'de>, T: ::serde::Deserialize<'de>, K, V>(
            map: &mut A,
            slot: &mut Option<T>,
            rest: &mut ::std::collections::BTreeMap<K, V>,
            key: Key<'de>,
        ) -> Result<(), A::Error> {
            Required::read(map, slot, rest, key)
        }

        pub fn finish<T, E: ::serde::de::Error>(
            slot: Option<T>,
            _key: &'static str,
        ) -> Result<Option<T>, E> {
            Ok(slot)
        }
    }

    impl OptionalNullKept {
        pub fn write<M: ::serde::ser::SerializeMap, T: ::serde::Serialize, R>(
            map: &mut M,
            key: &'static str,
            value: &Option<T>,
            rest: &R,
        ) -> Result<(), M::Error> {
            Optional::write(map, key, value, rest)
        }

        pub fn merged_key<T>(_value: &T, _key: &'static str) -> Option<&'static str> {
            None
        }

        pub fn read<'de, A: ::serde::de::MapAccess<'de>, T: ::serde::Deserialize<'de>>(
            map: &mut A,
            slot: &mut Option<T>,
            rest: &mut ::std::collections::BTreeMap<String, ::serde_json::Value>,
            key: Key<'de>,
        ) -> Result<(), A::Error> {
            if strict() {
                *slot = Some(map.next_value()?);
                return Ok(());
            }
            match map.next_value::<Option<T>>()? {
                Some(value) => *slot = Some(value),
                None => {
                    rest.insert(key.into_string(), ::serde_json::Value::Null);
                }
            }
            Ok(())
        }

        pub fn finish<T, E: ::serde::de::Error>(
            slot: Option<T>,
            key: &'static str,
        ) -> Result<Option<T>, E> {
            Optional::finish(slot, key)
        }
    }

    ::std::thread_local! {
        /// Set while an `Any*` enum's `deserialize_strict` reads: then no
        /// value is set aside, and one of the wrong type fails the reading
        /// with its path, as it would without the set-aside kinds.
        static STRICT: ::std::cell::Cell<bool> = const { ::std::cell::Cell::new(false) };
    }

    /// Whether a strict reading is in progress (see `strictly`).
    pub fn strict() -> bool {
        STRICT.with(::std::cell::Cell::get)
    }

    /// Runs `read` with nothing set aside (see `STRICT`), restoring the
    /// reading that was in force after it, even if it panics.
    pub fn strictly<R>(read: impl FnOnce() -> R) -> R {
        struct Restore(bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                STRICT.with(|flag| flag.set(self.0));
            }
        }
        let _restore = Restore(STRICT.with(|flag| flag.replace(true)));
        read()
    }

    /// Optional fields whose value, when of the wrong type, is set aside
    /// rather than failing the struct: kept with the undeclared entries
    /// (so written back in place), the field left `None`, and listed by the
    /// struct's `fields_set_aside`. One per JSON shape the field's type
    /// reads from: scalars, objects, lists. A value of the right shape that
    /// fails further in (a required field missing inside an object) still
    /// fails the struct.
    pub struct SetAsideScalar;
    /// See [`SetAsideScalar`].
    pub struct SetAsideObject;
    /// See [`SetAsideScalar`].
    pub struct SetAsideList;

    /// The JSON shape a type reads from.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub enum Shape {
        Scalar,
        Object,
        List,
    }

    macro_rules! set_aside_kind {
        ($kind:ident, $seed:expr) => {
            impl $kind {
                pub fn write<M: ::serde::ser::SerializeMap, T: ::serde::Serialize, R>(
                    map: &mut M,
                    key: &'static str,
                    value: &Option<T>,
                    rest: &R,
                ) -> Result<(), M::Error> {
                    Optional::write(map, key, value, rest)
                }

                pub fn merged_key<T>(_value: &T, _key: &'static str) -> Option<&'static str> {
                    None
                }

                pub fn read<'de, A: ::serde::de::MapAccess<'de>, T: ::serde::Deserialize<'de>>(
                    map: &mut A,
                    slot: &mut Option<T>,
                    rest: &mut ::std::collections::BTreeMap<String, ::serde_json::Value>,
                    key: Key<'de>,
                ) -> Result<(), A::Error> {
                    if strict() {
                        return Optional::read(map, slot, rest, key);
                    }
                    match map.next_value_seed($seed)? {
                        Ok(value) => *slot = Some(value),
                        Err(value) => {
                            rest.insert(key.into_string(), value);
                        }
                    }
                    Ok(())
                }

                pub fn finish<T, E: ::serde::de::Error>(
                    slot: Option<T>,
                    key: &'static str,
                ) -> Result<Option<T>, E> {
                    Optional::finish(slot, key)
                }
            }
        };
    }
    set_aside_kind!(SetAsideScalar, ScalarSeed::<T>::new());
    set_aside_kind!(SetAsideObject, SetAsideSeed::<T>::new(Shape::Object));
    set_aside_kind!(SetAsideList, SetAsideSeed::<T>::new(Shape::List));

    /// The `visit_*` methods of a visitor whose `Value` is `Result<_,
    /// serde_json::Value>`, for the scalars it does not read: each is set
    /// aside whole.
    macro_rules! scalars_set_aside_whole {
        () => {
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Err(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Err(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Err(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Err(v.into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Err(v.into()))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Err(::serde_json::Value::Null))
            }
        };
    }

    /// Optional map fields read entry by entry: an entry whose value is
    /// not of the map's value type is set aside, kept under the field's key
    /// among the undeclared entries (so `fields_set_aside` lists the field),
    /// and written back merged into the map; the other entries read. One per
    /// JSON shape of the map's values.
    pub struct SetAsideMapOfScalars;
    /// See [`SetAsideMapOfScalars`].
    pub struct SetAsideMapOfObjects;
    /// See [`SetAsideMapOfScalars`].
    pub struct SetAsideMapOfLists;
    /// Optional list fields read item by item: an item that is not of the
    /// list's item type is set aside, kept under the field's key among the
    /// undeclared entries as an object from its position to its value, and
    /// written back at that position; the other items read. One per JSON
    /// shape of the items.
    pub struct SetAsideListOfScalars;
    /// See [`SetAsideListOfScalars`].
    pub struct SetAsideListOfObjects;
    /// See [`SetAsideListOfScalars`].
    pub struct SetAsideListOfLists;

    type JsonMap = ::serde_json::Map<String, ::serde_json::Value>;

    /// A map or a list read part by part (entries, items): the value, and
    /// the parts that were not of their type, by key or position; or, for a
    /// value that is not of the container's shape, the value as JSON.
    pub trait Parts<'de>: Sized {
        type Seed: ::serde::de::DeserializeSeed<
            'de,
            Value = Result<(Self, JsonMap), ::serde_json::Value>,
        >;
        fn seed(shape: Shape) -> Self::Seed;
    }

    /// A map or a list written with the parts set aside merged back in.
    pub trait MergeParts {
        fn serialize_merged<S: ::serde::Serializer>(
            &self,
            set_aside: &JsonMap,
            serializer: S,
        ) -> Result<S::Ok, S::Error>;
    }

    struct Merged<'a, T>(&'a T, &'a JsonMap);

    impl<T: MergeParts> ::serde::Serialize for Merged<'_, T> {
        fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.serialize_merged(self.1, serializer)
        }
    }

    macro_rules! set_aside_parts_kind {
        ($kind:ident, $shape:expr) => {
            impl $kind {
                pub fn write<M: ::serde::ser::SerializeMap, T: ::serde::Serialize + MergeParts>(
                    map: &mut M,
                    key: &'static str,
                    value: &Option<T>,
                    rest: &::std::collections::BTreeMap<String, ::serde_json::Value>,
                ) -> Result<(), M::Error> {
                    match (value, rest.get(key)) {
                        (Some(parts), Some(::serde_json::Value::Object(set_aside))) => {
                            map.serialize_entry(key, &Merged(parts, set_aside))
                        }
                        (Some(parts), _) => map.serialize_entry(key, parts),
                        (None, _) => Ok(()),
                    }
                }

                pub fn merged_key<T>(value: &Option<T>, key: &'static str) -> Option<&'static str> {
                    value.as_ref().map(|_| key)
                }

                pub fn read<
                    'de,
                    A: ::serde::de::MapAccess<'de>,
                    T: Parts<'de> + ::serde::Deserialize<'de>,
                >(
                    map: &mut A,
                    slot: &mut Option<T>,
                    rest: &mut ::std::collections::BTreeMap<String, ::serde_json::Value>,
                    key: Key<'de>,
                ) -> Result<(), A::Error> {
                    if strict() {
                        return Optional::read(map, slot, rest, key);
                    }
                    match map.next_value_seed(T::seed($shape))? {
                        Ok((parts, set_aside)) => {
                            *slot = Some(parts);
                            if !set_aside.is_empty() {
                                rest.insert(
                                    key.into_string(),
                                    ::serde_json::Value::Object(set_aside),
                                );
                            }
                        }
                        Err(value) => {
                            rest.insert(key.into_string(), value);
                        }
                    }
                    Ok(())
                }

                pub fn finish<T, E: ::serde::de::Error>(
                    slot: Option<T>,
                    key: &'static str,
                ) -> Result<Option<T>, E> {
                    Optional::finish(slot, key)
                }
            }
        };
    }
    set_aside_parts_kind!(SetAsideMapOfScalars, Shape::Scalar);
    set_aside_parts_kind!(SetAsideMapOfObjects, Shape::Object);
    set_aside_parts_kind!(SetAsideMapOfLists, Shape::List);
    set_aside_parts_kind!(SetAsideListOfScalars, Shape::Scalar);
    set_aside_parts_kind!(SetAsideListOfObjects, Shape::Object);
    set_aside_parts_kind!(SetAsideListOfLists, Shape::List);

    impl<'de, V: ::serde::Deserialize<'de>> Parts<'de> for Vec<V> {
        type Seed = ItemsSeed<V>;
        fn seed(shape: Shape) -> Self::Seed {
            ItemsSeed(shape, ::std::marker::PhantomData)
        }
    }

    impl<'de, K: FromWire + Ord, V: ::serde::Deserialize<'de>> Parts<'de>
        for ::std::collections::BTreeMap<K, V>
    {
        type Seed = EntriesSeed<K, V>;
        fn seed(shape: Shape) -> Self::Seed {
            EntriesSeed(shape, ::std::marker::PhantomData)
        }
    }

    /// A list's items with those set aside put back at their positions;
    /// set-aside items past the end come last.
    impl<V: ::serde::Serialize> MergeParts for Vec<V> {
        fn serialize_merged<S: ::serde::Serializer>(
            &self,
            set_aside: &JsonMap,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            use ::serde::ser::SerializeSeq as _;
            let mut aside: Vec<(usize, &::serde_json::Value)> = (set_aside.iter())
                .filter_map(|(index, value)| Some((index.parse().ok()?, value)))
                .collect();
            aside.sort_by_key(|(index, _)| *index);
            let mut aside = aside.into_iter().peekable();
            let mut seq = serializer.serialize_seq(None)?;
            let mut written = 0;
            for item in self {
                while let Some((_, value)) = aside.next_if(|(index, _)| *index <= written) {
                    seq.serialize_element(value)?;
                    written += 1;
                }
                seq.serialize_element(item)?;
                written += 1;
            }
            for (_, value) in aside {
                seq.serialize_element(value)?;
            }
            seq.end()
        }
    }

    /// Reads an array item by item, setting aside the items that are not a
    /// `V` (by position); anything but an array is set aside whole.
    pub struct ItemsSeed<V>(Shape, ::std::marker::PhantomData<V>);

    type Items<V> = Result<(Vec<V>, JsonMap), ::serde_json::Value>;

    impl<'de, V: ::serde::Deserialize<'de>> ::serde::de::DeserializeSeed<'de> for ItemsSeed<V> {
        type Value = Items<V>;
        fn deserialize<D: ::serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de, V: ::serde::Deserialize<'de>> ::serde::de::Visitor<'de> for ItemsSeed<V> {
        type Value = Items<V>;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_seq<A: ::serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            let mut set_aside = JsonMap::new();
            let mut index = 0usize;
            loop {
                let item = match self.0 {
                    Shape::Scalar => seq.next_element_seed(ScalarSeed::<V>::new())?,
                    shape => seq.next_element_seed(SetAsideSeed::<V>::new(shape))?,
                };
                match item {
                    None => break,
                    Some(Ok(item)) => items.push(item),
                    Some(Err(value)) => {
                        set_aside.insert(index.to_string(), value);
                    }
                }
                index += 1;
            }
            Ok(Ok((items, set_aside)))
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(
            self,
            map: A,
        ) -> Result<Self::Value, A::Error> {
            map_as_json(map).map(Err)
        }
        scalars_set_aside_whole!();
    }

    /// A map's entries, then those set aside whose key it does not hold.
    impl<K, V> MergeParts for ::std::collections::BTreeMap<K, V>
    where
        K: ::serde::Serialize + Ord + ::std::borrow::Borrow<str>,
        V: ::serde::Serialize,
    {
        fn serialize_merged<S: ::serde::Serializer>(
            &self,
            set_aside: &JsonMap,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            use ::serde::ser::SerializeMap as _;
            let mut map = serializer.serialize_map(None)?;
            for (key, value) in self {
                map.serialize_entry(key, value)?;
            }
            for (key, value) in set_aside {
                if !self.contains_key(key.as_str()) {
                    map.serialize_entry(key, value)?;
                }
            }
            map.end()
        }
    }

    /// Reads an object entry by entry into a map, setting aside the
    /// entries whose value is not a `V`; anything but an object is set
    /// aside whole.
    pub struct EntriesSeed<K, V>(Shape, ::std::marker::PhantomData<(K, V)>);

    type Entries<K, V> = Result<(::std::collections::BTreeMap<K, V>, JsonMap), ::serde_json::Value>;

    impl<'de, K: FromWire + Ord, V: ::serde::Deserialize<'de>> ::serde::de::DeserializeSeed<'de>
        for EntriesSeed<K, V>
    {
        type Value = Entries<K, V>;
        fn deserialize<D: ::serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de, K: FromWire + Ord, V: ::serde::Deserialize<'de>> ::serde::de::Visitor<'de>
        for EntriesSeed<K, V>
    {
        type Value = Entries<K, V>;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut entries = ::std::collections::BTreeMap::new();
            let mut set_aside = JsonMap::new();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                let value = match self.0 {
                    Shape::Scalar => map.next_value_seed(ScalarSeed::<V>::new())?,
                    shape => map.next_value_seed(SetAsideSeed::<V>::new(shape))?,
                };
                match value {
                    Ok(value) => {
                        entries.insert(K::from_wire(key.into_string()), value);
                    }
                    Err(value) => {
                        set_aside.insert(key.into_string(), value);
                    }
                }
            }
            Ok(Ok((entries, set_aside)))
        }
        fn visit_seq<A: ::serde::de::SeqAccess<'de>>(
            self,
            seq: A,
        ) -> Result<Self::Value, A::Error> {
            seq_as_json(seq).map(Err)
        }
        scalars_set_aside_whole!();
    }

    /// An object, read whole as JSON to be set aside.
    fn map_as_json<'de, A: ::serde::de::MapAccess<'de>>(
        map: A,
    ) -> Result<::serde_json::Value, A::Error> {
        ::serde::Deserialize::deserialize(::serde::de::value::MapAccessDeserializer::new(map))
    }

    /// A list, read whole as JSON to be set aside.
    fn seq_as_json<'de, A: ::serde::de::SeqAccess<'de>>(
        seq: A,
    ) -> Result<::serde_json::Value, A::Error> {
        ::serde::Deserialize::deserialize(::serde::de::value::SeqAccessDeserializer::new(seq))
    }

    /// Reads one object or list as `T`, or, when it is not of `T`'s shape
    /// (`Shape::Object` or `Shape::List`), as JSON. Through
    /// `deserialize_any`, so that the value is read whole either way and
    /// the reading can go on after it. Scalars are read by [`ScalarSeed`].
    pub struct SetAsideSeed<T>(Shape, ::std::marker::PhantomData<T>);

    impl<T> SetAsideSeed<T> {
        pub fn new(shape: Shape) -> Self {
            SetAsideSeed(shape, ::std::marker::PhantomData)
        }
    }

    impl<'de, T: ::serde::Deserialize<'de>> ::serde::de::DeserializeSeed<'de> for SetAsideSeed<T> {
        type Value = Result<T, ::serde_json::Value>;
        fn deserialize<D: ::serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de, T: ::serde::Deserialize<'de>> ::serde::de::Visitor<'de> for SetAsideSeed<T> {
        type Value = Result<T, ::serde_json::Value>;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(
            self,
            map: A,
        ) -> Result<Self::Value, A::Error> {
            if self.0 == Shape::Object {
                T::deserialize(::serde::de::value::MapAccessDeserializer::new(map)).map(Ok)
            } else {
                map_as_json(map).map(Err)
            }
        }
        fn visit_seq<A: ::serde::de::SeqAccess<'de>>(
            self,
            seq: A,
        ) -> Result<Self::Value, A::Error> {
            if self.0 == Shape::List {
                T::deserialize(::serde::de::value::SeqAccessDeserializer::new(seq)).map(Ok)
            } else {
                seq_as_json(seq).map(Err)
            }
        }
        // A scalar is never an object or a list.
        scalars_set_aside_whole!();
    }

    /// Reads one scalar as `T` (a string, a number, a boolean, or `null`
    /// for a nullable `T`), or, when it is not of `T`'s type, as JSON. The
    /// value is read by one visitor for every `T` and then handed to `T`:
    /// a crate that reads events then has one copy of the reader's
    /// `deserialize_any` for all scalar fields, not one per field type.
    pub struct ScalarSeed<T>(::std::marker::PhantomData<T>);

    impl<T> ScalarSeed<T> {
        pub fn new() -> Self {
            ScalarSeed(::std::marker::PhantomData)
        }
    }

    impl<T> Default for ScalarSeed<T> {
        fn default() -> Self {
            Self::new()
        }
    }

    impl<'de, T: ::serde::Deserialize<'de>> ::serde::de::DeserializeSeed<'de> for ScalarSeed<T> {
        type Value = Result<T, ::serde_json::Value>;
        fn deserialize<D: ::serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            let scalar = deserializer.deserialize_any(ScalarVisitor)?;
            if let ScalarValue::Other(json) = scalar {
                return Ok(Err(json));
            }
            Ok(T::deserialize(scalar.as_deserializer()).map_err(|_| scalar.into_json()))
        }
    }

    /// A value as [`ScalarVisitor`] read it: a scalar, or `Other`, an
    /// object or a list, as JSON.
    enum ScalarValue<'de> {
        Other(::serde_json::Value),
        Null,
        Bool(bool),
        I64(i64),
        U64(u64),
        F64(f64),
        Borrowed(&'de str),
        // A string with escapes, which the reader could only lend.
        Owned(String),
    }

    impl<'de> ScalarValue<'de> {
        fn as_deserializer(&self) -> Scalar<'de, '_> {
            match self {
                // Not handed to a type: `ScalarSeed` sets it aside first.
                ScalarValue::Other(_) | ScalarValue::Null => Scalar::Null,
                ScalarValue::Bool(v) => Scalar::Bool(*v),
                ScalarValue::I64(v) => Scalar::I64(*v),
                ScalarValue::U64(v) => Scalar::U64(*v),
                ScalarValue::F64(v) => Scalar::F64(*v),
                ScalarValue::Borrowed(v) => Scalar::Borrowed(v),
                ScalarValue::Owned(v) => Scalar::Str(v),
            }
        }

        #[cold]
        fn into_json(self) -> ::serde_json::Value {
            match self {
                ScalarValue::Other(v) => v,
                ScalarValue::Null => ::serde_json::Value::Null,
                ScalarValue::Bool(v) => v.into(),
                ScalarValue::I64(v) => v.into(),
                ScalarValue::U64(v) => v.into(),
                ScalarValue::F64(v) => v.into(),
                ScalarValue::Borrowed(v) => v.into(),
                ScalarValue::Owned(v) => v.into(),
            }
        }
    }

    /// Reads any value: a scalar as it is, an object or a list as JSON
    /// (set aside whole, as a scalar field cannot take it).
    struct ScalarVisitor;

    impl<'de> ::serde::de::Visitor<'de> for ScalarVisitor {
        type Value = ScalarValue<'de>;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(ScalarValue::Null)
        }
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(ScalarValue::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(ScalarValue::I64(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(ScalarValue::U64(v))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(ScalarValue::F64(v))
        }
        fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(ScalarValue::Borrowed(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(ScalarValue::Owned(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
            Ok(ScalarValue::Owned(v))
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(
            self,
            map: A,
        ) -> Result<Self::Value, A::Error> {
            map_as_json(map).map(ScalarValue::Other)
        }
        fn visit_seq<A: ::serde::de::SeqAccess<'de>>(
            self,
            seq: A,
        ) -> Result<Self::Value, A::Error> {
            seq_as_json(seq).map(ScalarValue::Other)
        }
    }

    type ScalarError = ::serde::de::value::Error;

    /// A scalar [`ScalarSeed`] has read, handed to `T` to read again. It is
    /// a value that is there, so an `Option` (a nullable field) takes it as
    /// `Some`, and `null` as `None`: serde's own value deserializers pass
    /// `deserialize_option` on to `deserialize_any`, where `Option` refuses
    /// a string or a number.
    #[derive(Clone, Copy)]
    enum Scalar<'de, 'a> {
        Null,
        Bool(bool),
        I64(i64),
        U64(u64),
        F64(f64),
        Borrowed(&'de str),
        Str(&'a str),
    }

    impl<'de> ::serde::Deserializer<'de> for Scalar<'de, '_> {
        type Error = ScalarError;
        fn deserialize_any<V: ::serde::de::Visitor<'de>>(
            self,
            visitor: V,
        ) -> Result<V::Value, ScalarError> {
            match self {
                Scalar::Null => visitor.visit_unit(),
                Scalar::Bool(v) => visitor.visit_bool(v),
                Scalar::I64(v) => visitor.visit_i64(v),
                Scalar::U64(v) => visitor.visit_u64(v),
                Scalar::F64(v) => visitor.visit_f64(v),
                Scalar::Borrowed(v) => visitor.visit_borrowed_str(v),
                Scalar::Str(v) => visitor.visit_str(v),
            }
        }
        fn deserialize_option<V: ::serde::de::Visitor<'de>>(
            self,
            visitor: V,
        ) -> Result<V::Value, ScalarError> {
            match self {
                Scalar::Null => visitor.visit_none(),
                _ => visitor.visit_some(self),
            }
        }
        ::serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf unit unit_struct newtype_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }

    /// The declared fields among the undeclared entries: values of the
    /// wrong type set aside by `SetAside*`, and `null`s the schema does not
    /// allow.
    pub fn set_aside<'a, V>(
        extra: &'a ::std::collections::BTreeMap<String, V>,
        declared: &[&str],
    ) -> Vec<&'a str> {
        (extra.keys())
            .filter(|key| declared.contains(&key.as_str()))
            .map(String::as_str)
            .collect()
    }

    /// `Serialize`, `Deserialize` and `FromObject` for a generated
    /// struct: its name, the field holding undeclared entries, then
    /// `Kind field = "json name"` for each declared field, `Kind`
    /// being `Required`, `Optional` or `OptionalNullKept`, and, after
    /// `; const`, `"json name" = "value"` for each property the schema
    /// pins to one value: no field holds it, it is written as that
    /// value, and reading a different value (or none) is an error.
    /// Paths in the expansion start at `__private`, which the invoking
    /// module has in scope.
    // A spec may have no struct or no string enum.
    #[allow(unused_macros)]
    macro_rules! object_impls {
        ($name:ident, $extra:ident; $($kind:ident $field:ident = $json:literal),* $(,)?) => {
            __private::object_impls!($name, $extra; $($kind $field = $json),*; const);
        };
        (
            $name:ident, $extra:ident;
            $($kind:ident $field:ident = $json:literal),*;
            const $($cjson:literal = $cvalue:literal),* $(,)?
        ) => {
            #[allow(deprecated)]
            impl ::serde::Serialize for $name {
                #[allow(clippy::question_mark)]
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    use ::serde::ser::SerializeMap as _;
                    let mut map = serializer.serialize_map(None)?;
                    $(map.serialize_entry($cjson, $cvalue)?;)*
                    // `match`, not `?`: no conversion of the error to check.
                    $(if let Err(error) =
                        __private::$kind::write(&mut map, $json, &self.$field, &self.$extra)
                    {
                        return Err(error);
                    })*
                    // Most values have no undeclared entries.
                    if !self.$extra.is_empty() {
                        let merged: &[Option<&str>] =
                            &[$(__private::$kind::merged_key(&self.$field, $json)),*];
                        for (key, value) in &self.$extra {
                            if !merged.contains(&Some(::std::convert::AsRef::<str>::as_ref(key))) {
                                map.serialize_entry(key, value)?;
                            }
                        }
                    }
                    map.end()
                }
            }

            impl<'de> ::serde::Deserialize<'de> for $name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    __private::deserialize_object(deserializer)
                }
            }

            #[allow(deprecated)]
            impl<'de> __private::FromObject<'de> for $name {
                const EXPECTING: &'static str = concat!("a `", stringify!($name), "` object");
                #[allow(clippy::question_mark)]
                fn from_object<A: ::serde::de::MapAccess<'de>>(
                    mut map: A,
                ) -> Result<Self, A::Error> {
                    // Each field's slot is a local named after the
                    // field; hygiene keeps it apart from `map`,
                    // `rest` and `key` below.
                    $(let mut $field = None;)*
                    let mut rest = ::std::collections::BTreeMap::new();
                    // Only read into when the struct has pinned properties.
                    #[allow(unused_mut)]
                    let mut pinned = __private::Pinned::new(&[$(($cjson, $cvalue)),*]);
                    while let Some(key) = map.next_key::<__private::Key<'de>>()? {
                        // One `?` for all arms, and `match` rather than `?`
                        // below: each `?` is a return point that drops every
                        // slot, and checking those return points was the
                        // biggest part of the crate's type and borrow
                        // checking.
                        let read = match key.as_str() {
                            $($json => {
                                __private::$kind::read(&mut map, &mut $field, &mut rest, key)
                            })*
                            $($cjson => pinned.read(&mut map, $cjson),)*
                            _ => __private::keep(&mut map, &mut rest, key),
                        };
                        read?;
                    }
                    pinned.finish()?;
                    Ok(Self {
                        $($field: match __private::$kind::finish($field, $json) {
                            Ok(value) => value,
                            Err(error) => return Err(error),
                        },)*
                        $extra: rest,
                    })
                }
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use object_impls;

    /// `as_str`, the conversions from strings, `Display` and the serde
    /// impls of an open string enum: its name, the variant that keeps
    /// other strings, then `Variant = "value"` for each listed value.
    // A spec may have no struct or no string enum.
    #[allow(unused_macros)]
    macro_rules! string_enum_impls {
        ($name:ident, $other:ident; $($variant:ident = $value:literal),* $(,)?) => {
            impl $name {
                /// The value as it appears in JSON.
                #[inline]
                pub fn as_str(&self) -> &str {
                    match self {
                        $(Self::$variant => $value,)*
                        Self::$other(value) => value,
                    }
                }
            }

            impl From<&str> for $name {
                #[inline]
                fn from(value: &str) -> Self {
                    match value {
                        $($value => Self::$variant,)*
                        other => Self::$other(other.to_owned()),
                    }
                }
            }

            impl From<String> for $name {
                #[inline]
                fn from(value: String) -> Self {
                    match Self::from(value.as_str()) {
                        Self::$other(_) => Self::$other(value),
                        known => known,
                    }
                }
            }

            impl ::std::str::FromStr for $name {
                type Err = ::std::convert::Infallible;
                #[inline]
                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl ::std::fmt::Display for $name {
                #[inline]
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::serde::Serialize for $name {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for $name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    __private::deserialize_string(
                        deserializer,
                        concat!("a `", stringify!($name), "` string"),
                    )
                }
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use string_enum_impls;

    /// The serde impls of a union of JSON types: its name, what its
    /// `Deserialize` expects, `[Variant, ...]`, then `shape => Variant`
    /// for each JSON shape (`str`, `bool`, `integer`, `float`, `map`,
    /// `seq`) and the variant that reads it.
    #[allow(unused_macros)]
    macro_rules! union_impls {
        (
            $name:ident, $expecting:literal;
            [$($variant:ident),*];
            $($shape:ident => $target:ident),* $(,)?
        ) => {
            impl ::serde::Serialize for $name {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match self {
                        $(Self::$variant(value) => {
                            ::serde::Serialize::serialize(value, serializer)
                        })*
                    }
                }
            }

            __private::visitor_deserialize! {
                $name, $expecting, deserialize_any;
                $(__private::union_visit!($shape, $name::$target);)*
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use union_impls;

    /// `Deserialize` through a local visitor: the type, what it
    /// expects, the `Deserializer` method to call (`deserialize_map`,
    /// `deserialize_any`...), then the visitor's `visit_*` methods.
    #[allow(unused_macros)]
    macro_rules! visitor_deserialize {
        ($name:ident, $expecting:literal, $entry:ident; $($methods:tt)*) => {
            impl<'de> ::serde::Deserialize<'de> for $name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    struct Visitor;
                    impl<'de> ::serde::de::Visitor<'de> for Visitor {
                        type Value = $name;
                        fn expecting(
                            &self,
                            f: &mut ::std::fmt::Formatter<'_>,
                        ) -> ::std::fmt::Result {
                            f.write_str($expecting)
                        }
                        $($methods)*
                    }
                    deserializer.$entry(Visitor)
                }
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use visitor_deserialize;

    /// The `visit_*` methods through which `union_impls!` reads one
    /// JSON shape into a variant.
    #[allow(unused_macros)]
    macro_rules! union_visit {
        (str, $name:ident::$variant:ident) => {
            __private::union_visit!(@scalar visit_str, &str, $name::$variant);
        };
        (bool, $name:ident::$variant:ident) => {
            __private::union_visit!(@scalar visit_bool, bool, $name::$variant);
        };
        (integer, $name:ident::$variant:ident) => {
            __private::union_visit!(@scalar visit_i64, i64, $name::$variant);
            __private::union_visit!(@scalar visit_u64, u64, $name::$variant);
        };
        (float, $name:ident::$variant:ident) => {
            __private::union_visit!(@scalar visit_f64, f64, $name::$variant);
        };
        (@scalar $method:ident, $ty:ty, $name:ident::$variant:ident) => {
            fn $method<E: ::serde::de::Error>(self, value: $ty) -> Result<$name, E> {
                ::serde::Deserialize::deserialize(
                    ::serde::de::IntoDeserializer::<E>::into_deserializer(value),
                )
                .map($name::$variant)
            }
        };
        (map, $name:ident::$variant:ident) => {
            fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                ::serde::Deserialize::deserialize(::serde::de::value::MapAccessDeserializer::new(
                    map,
                ))
                .map($name::$variant)
            }
        };
        (seq, $name:ident::$variant:ident) => {
            fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, seq: A) -> Result<$name, A::Error> {
                ::serde::Deserialize::deserialize(::serde::de::value::SeqAccessDeserializer::new(
                    seq,
                ))
                .map($name::$variant)
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use union_visit;

    /// A JSON value's text, kept aside to be parsed later: borrowed from
    /// the input when the input is a `&str` or `&[u8]`, copied otherwise
    /// (a reader, a `serde_json::Value`). `Box<RawValue>` would copy it
    /// every time and `&RawValue` would refuse owned input, so this asks
    /// serde_json for the raw text the way both of them do, through the
    /// name serde_json reserves for it, and takes either form.
    pub struct RawJson<'de>(::std::borrow::Cow<'de, str>);

    /// The newtype name by which serde_json hands out a value's raw text.
    const RAW_JSON_TOKEN: &str = "$serde_json::private::RawValue";

    impl RawJson<'_> {
        pub fn text(&self) -> &str {
            &self.0
        }
    }

    impl<'de> ::serde::Deserialize<'de> for RawJson<'de> {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> ::serde::de::Visitor<'de> for Visitor {
                type Value = RawJson<'de>;
                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("any JSON value")
                }
                fn visit_map<A: ::serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<RawJson<'de>, A::Error> {
                    if map.next_key::<Key<'de>>()?.is_none() {
                        return Err(::serde::de::Error::custom("no raw JSON text"));
                    }
                    Ok(RawJson(map.next_value::<Key<'de>>()?.0))
                }
            }
            deserializer.deserialize_newtype_struct(RAW_JSON_TOKEN, Visitor)
        }
    }

    /// Parses raw JSON, naming the path of any error inside it.
    pub fn parse_raw<'a, T: ::serde::Deserialize<'a>, E: ::serde::de::Error>(
        raw: &'a str,
    ) -> Result<T, E> {
        with_path(raw, ::std::marker::PhantomData::<T>, None)
    }

    /// Parses a family variant's content, or, when it does not fit the
    /// variant, the family's fallback; if neither fits, the variant's
    /// error is the one that says what is wrong.
    pub fn variant_or<'a, V, F, T, E>(
        raw: &'a str,
        variant: fn(V) -> T,
        fallback: fn(F) -> T,
    ) -> Result<T, E>
    where
        V: ::serde::Deserialize<'a>,
        F: ::serde::Deserialize<'a>,
        E: ::serde::de::Error,
    {
        match parse_raw::<V, E>(raw) {
            Ok(content) => Ok(variant(content)),
            Err(error) => parse_raw::<F, E>(raw).map(fallback).map_err(|_| error),
        }
    }

    /// `event_type`, `from_parts` and the serde impls of a dispatch enum
    /// (`AnyStateEvent`...): the enum, its envelope, the content enum of
    /// its kind and what its `Deserialize` expects, then its variants.
    /// Invoked at the root of the generated code, where the paths in the
    /// expansion resolve.
    #[allow(unused_macros)]
    macro_rules! dispatch_impls {
        (
            $name:ident, $envelope:ident, $content:ident, $expecting:literal $(, $redacted:ident)?;
            $($variant:ident),* $(,)?
        ) => {
            impl $name {
                /// The event's `type`.
                pub fn event_type(&self) -> &str {
                    match self {
                        $(Self::$variant(event) => event.event_type(),)*
                        Self::Unknown(event) => &event.event_type,
                        Self::Invalid(event) => &event.event_type,
                        $(Self::$redacted(event) => event.event_type(),)?
                    }
                }

                $(
                    /// The event as `rules` redact it (see
                    /// [`RedactionRules::redact_event`](redaction::RedactionRules::redact_event)):
                    /// typed when what is left still fits its content type (an
                    /// `m.room.member` keeps `membership`), `Redacted` when not.
                    // Generic so that its code, which reads the enum from a
                    // JSON map, is made only in crates that call it.
                    pub fn redact<R: ::std::borrow::Borrow<redaction::RedactionRules>>(
                        &self,
                        rules: R,
                    ) -> Self {
                        let Ok(::serde_json::Value::Object(json)) = ::serde_json::to_value(self) else {
                            return self.clone();
                        };
                        let json = rules.borrow().redact_event(&json);
                        // Fitting is what counts here, as for any event read:
                        // a field set aside before is set aside again.
                        let error = match __private::deserialize_object::<Self, _>(&json) {
                            Ok(event) => return event,
                            Err(error) => error.to_string(),
                        };
                        match <$envelope<RedactedContent> as ::serde::Deserialize>::deserialize(&json) {
                            Ok(event) => Self::$redacted(event),
                            Err(_) => Self::Invalid(InvalidEvent {
                                event_type: self.event_type().to_owned(),
                                json,
                                error,
                            }),
                        }
                    }

                    /// Whether this is the redacted form of an event whose
                    /// content no longer fits its type.
                    pub fn is_redacted(&self) -> bool {
                        matches!(self, Self::$redacted(_))
                    }
                )?

                /// The event, if its type is known but it does not fit its schema.
                pub fn invalid(&self) -> Option<&InvalidEvent> {
                    match self {
                        Self::Invalid(event) => Some(event),
                        _ => None,
                    }
                }

                /// Whether the event's type is one this crate does not know.
                pub fn is_unknown(&self) -> bool {
                    matches!(self, Self::Unknown(_))
                }

                /// Reads an event, failing where the plain `Deserialize` would
                /// keep an event that does not fit its schema as `Invalid` or
                /// `Redacted`, or would set a field of the wrong type aside
                /// (at any depth): for those who want validation.
                pub fn deserialize_strict<'de, D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    __private::strictly(|| __private::deserialize_object(deserializer))
                }

                /// The value for an event of a known type that did not fit: its
                /// redacted form if it says it was redacted and fits that,
                /// `Invalid` otherwise.
                #[doc(hidden)]
                pub fn from_invalid(
                    event_type: String,
                    json: ::serde_json::Map<String, ::serde_json::Value>,
                    error: String,
                ) -> Self {
                    $(
                        if let Some(event) = __private::read_redacted(&json) {
                            return Self::$redacted(event);
                        }
                    )?
                    Self::Invalid(InvalidEvent { event_type, json, error })
                }

                /// Makes the event from its parts; on an error, what the
                /// parts held is still in them.
                #[doc(hidden)]
                pub fn from_parts<E: ::serde::de::Error>(
                    event_type: &str,
                    content: $content,
                    parts: &mut EventParts,
                ) -> Result<Self, E> {
                    Ok(match content {
                        $($content::$variant(content) => {
                            parts.event_type = type_as_sent(&content, event_type);
                            Self::$variant($envelope::from_parts(content, parts)?)
                        })*
                        $content::Unknown(json) => Self::Unknown(UnknownEvent::from_parts(
                            event_type.to_owned(),
                            json,
                            ::std::mem::take(parts),
                        )?),
                    })
                }
            }

            impl<'de> __private::FromObject<'de> for $name {
                const EXPECTING: &'static str = $expecting;
                fn from_object<A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                    let (event_type, content, mut parts) = EventParts::read_event(&mut map)?;
                    $name::from_parts(event_type.as_str(), content, &mut parts)
                }
            }

            impl ::serde::Serialize for $name {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match self {
                        $(Self::$variant(event) => event.serialize(serializer),)*
                        Self::Unknown(event) => event.serialize(serializer),
                        Self::Invalid(event) => event.serialize(serializer),
                        $(Self::$redacted(event) => event.serialize(serializer),)?
                    }
                }
            }

            // Lenient: an event that does not fit is kept as `Invalid`; but
            // inside a strict reading (an API body read strictly), it fails.
            __private::visitor_deserialize! {
                $name, $expecting, deserialize_map;
                fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                    if __private::strict() {
                        return <$name as __private::FromObject<'de>>::from_object(map);
                    }
                    let event = EventParts::read_lenient(&mut map)?;
                    Ok(event
                        .finish($name::from_parts::<A::Error>)
                        .unwrap_or_else(|(event_type, json, error)| {
                            $name::from_invalid(event_type, json, error)
                        }))
                }
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use dispatch_impls;

    /// `KindContent` for the content enum of one kind (`AnyStateContent`...):
    /// its name and the name of the `type` string in the tests, then
    /// `Variant if test` for each variant, `test` telling whether the
    /// `type` is the variant's (`event_type == "m.room.topic"`); any other
    /// type is read as `Unknown`.
    #[allow(unused_macros)]
    macro_rules! kind_content_impls {
        ($name:ident, $event_type:ident; $($variant:ident if $test:expr),* $(,)?) => {
            impl __private::KindContent for $name {
                // With no variants, the `type` goes unread.
                #[allow(unused_variables)]
                fn read<'de, D: ::serde::Deserializer<'de>>(
                    $event_type: &str,
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    // `if` rather than `match`: with no variants a match
                    // would have a single arm.
                    $(if $test {
                        return Ok(Self::$variant(::serde::Deserialize::deserialize(deserializer)?));
                    })*
                    Ok(Self::Unknown(::serde::Deserialize::deserialize(deserializer)?))
                }
            }

            impl ::serde::Serialize for $name {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match self {
                        $(Self::$variant(content) => content.serialize(serializer),)*
                        Self::Unknown(json) => json.serialize(serializer),
                    }
                }
            }

            // Content alone does not say its type: it is read as the type
            // `with_event_type` names (an API body whose path gives it).
            impl<'de> ::serde::Deserialize<'de> for $name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    match __private::event_type_in_scope() {
                        Some(event_type) => {
                            <Self as __private::KindContent>::read(&event_type, deserializer)
                        }
                        None => Err(<D::Error as ::serde::de::Error>::custom(
                            __private::NO_EVENT_TYPE,
                        )),
                    }
                }
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use kind_content_impls;

    ::std::thread_local! {
        /// The event type contents are read as, while `with_event_type`
        /// runs.
        static EVENT_TYPE: ::std::cell::RefCell<Option<String>> =
            const { ::std::cell::RefCell::new(None) };
    }

    /// What reading an `Any*Content` without an event type says.
    pub const NO_EVENT_TYPE: &str = "event content is read as the type of its event: read it inside `matrix_events::with_event_type`";

    /// The event type set by the innermost `with_event_type` running.
    pub fn event_type_in_scope() -> Option<String> {
        EVENT_TYPE.with(|slot| slot.borrow().clone())
    }

    /// Runs `read` with contents read as `event_type`, restoring the type
    /// in force before after it, even if it panics.
    pub fn with_event_type<R>(event_type: &str, read: impl FnOnce() -> R) -> R {
        struct Restore(Option<String>);
        impl Drop for Restore {
            fn drop(&mut self) {
                EVENT_TYPE.with(|slot| *slot.borrow_mut() = self.0.take());
            }
        }
        let _restore = Restore(EVENT_TYPE.with(|slot| slot.replace(Some(event_type.to_owned()))));
        read()
    }

    /// A message without the position serde_json gives it, which is in the
    /// text of one event and says nothing to someone holding the whole
    /// response; the error's path says where.
    pub fn without_position(error: String) -> String {
        match error.rsplit_once(" at line ") {
            Some((message, _)) => message.to_owned(),
            None => error,
        }
    }

    /// Reads one envelope field of an event read leniently: a value of the
    /// wrong type is kept with the unknown fields, and the first such one
    /// says in `trouble` why the event does not fit; a `null` is kept as it
    /// is. `seed`: the [`ScalarSeed`] or [`SetAsideSeed`] of `T`'s one JSON
    /// shape, if it has one.
    pub fn read_field_leniently<'de, A, T, S>(
        map: &mut A,
        slot: &mut Option<T>,
        extra: &mut ::std::collections::BTreeMap<String, ::serde_json::Value>,
        key: Key<'de>,
        seed: Option<S>,
        trouble: &mut Option<String>,
    ) -> Result<(), A::Error>
    where
        A: ::serde::de::MapAccess<'de>,
        T: ::serde::de::DeserializeOwned,
        S: ::serde::de::DeserializeSeed<'de, Value = Result<T, ::serde_json::Value>>,
    {
        let value = match seed {
            Some(seed) => match map.next_value_seed(seed)? {
                Ok(value) => {
                    *slot = Some(value);
                    return Ok(());
                }
                Err(value) => value,
            },
            None => match map.next_value::<::serde_json::Value>()? {
                ::serde_json::Value::Null => ::serde_json::Value::Null,
                value => match T::deserialize(&value) {
                    Ok(typed) => {
                        *slot = Some(typed);
                        return Ok(());
                    }
                    Err(_) => value,
                },
            },
        };
        if !value.is_null() && trouble.is_none() {
            // Read again, on this rare path, for serde's words on why.
            let why = T::deserialize(&value).err().map(|e| e.to_string());
            *trouble = Some(format!("{}: {}", key.as_str(), why.unwrap_or_default()));
        }
        extra.insert(key.into_string(), value);
        Ok(())
    }

    /// The content of any event of some kinds, chosen by the event's `type`.
    pub trait KindContent: Sized {
        /// Reads the content of an event whose `type` is `event_type`.
        fn read<'de, D: ::serde::Deserializer<'de>>(
            event_type: &str,
            deserializer: D,
        ) -> Result<Self, D::Error>;
    }

    /// Reads an event's content in place, as the type its `type` names.
    pub struct ContentSeed<'t, K> {
        event_type: &'t str,
        kind: ::std::marker::PhantomData<K>,
    }

    impl<'t, K> ContentSeed<'t, K> {
        pub fn new(event_type: &'t str) -> Self {
            ContentSeed {
                event_type,
                kind: ::std::marker::PhantomData,
            }
        }
    }

    impl<'de, K: KindContent> ::serde::de::DeserializeSeed<'de> for ContentSeed<'_, K> {
        type Value = K;
        fn deserialize<D: ::serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<K, D::Error> {
            K::read(self.event_type, deserializer)
        }
    }

    /// Parses content that came before the event's `type` and was kept
    /// as raw JSON; errors name the path from `content`.
    pub fn content_of<K: KindContent, E: ::serde::de::Error>(
        event_type: &str,
        raw: &str,
    ) -> Result<K, E> {
        with_path(raw, ContentSeed::<K>::new(event_type), Some("content"))
    }

    /// Parses raw JSON found at `at` (`None`: the top of what is being
    /// read); an error names its path from there.
    fn with_path<'a, S: ::serde::de::DeserializeSeed<'a>, E: ::serde::de::Error>(
        raw: &'a str,
        seed: S,
        at: Option<&str>,
    ) -> Result<S::Value, E> {
        let mut deserializer = ::serde_json::Deserializer::from_str(raw);
        seed.deserialize(&mut deserializer)
            .map_err(|error| error_with_path(raw, error, at))
    }

    /// `error`, met reading `raw` (found at `at`), with the path inside
    /// `raw` where it was met put before its message.
    #[cold]
    fn error_with_path<E: ::serde::de::Error>(
        raw: &str,
        error: ::serde_json::Error,
        at: Option<&str>,
    ) -> E {
        let inner = path_at(raw, &error);
        // The position is one in `raw`: left in the message, serde_json
        // would take it for the position of the new error in the text
        // around `raw`, where it means nothing.
        let message = without_position(error.to_string());
        let path = match (at, inner.as_str()) {
            (None, ".") => return E::custom(message),
            (None, path) | (Some(path), ".") => path.to_owned(),
            (Some(at), path) => format!("{at}.{path}"),
        };
        // An error from raw JSON read further in (a family's content)
        // starts with its own path: the two make one.
        match message.split_once(": ") {
            Some((nested, rest)) if is_path(nested) => {
                let dot = if nested.starts_with('[') { "" } else { "." };
                E::custom(format_args!("{path}{dot}{nested}: {rest}"))
            }
            _ => E::custom(format_args!("{path}: {message}")),
        }
    }

    /// The JSON path (`content.info.w`, `chunk[3]`; `.` for the top) of
    /// the place in `text` where reading stopped with `error`, found from
    /// the error's line and column by walking the text up to there. A
    /// second, path-tracking read (`serde_path_to_error`) would say the
    /// same but makes every type's reading code twice, which doubled what
    /// a crate reading events compiles.
    pub fn path_at(text: &str, error: &::serde_json::Error) -> String {
        enum Frame {
            // The key's place in `text`, and whether its value has begun.
            Object {
                key: Option<(usize, usize)>,
                in_value: bool,
            },
            Array {
                index: usize,
            },
        }
        let Some(end) = offset_of(text, error.line(), error.column()) else {
            return ".".to_owned();
        };
        let bytes = &text.as_bytes()[..end];
        let mut frames = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    let start = i;
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    if let Some(Frame::Object {
                        key,
                        in_value: false,
                    }) = frames.last_mut()
                    {
                        *key = Some((start, (i + 1).min(bytes.len())));
                    }
                }
                b'{' => frames.push(Frame::Object {
                    key: None,
                    in_value: false,
                }),
                b'[' => frames.push(Frame::Array { index: 0 }),
                b'}' | b']' => {
                    frames.pop();
                }
                b':' => {
                    if let Some(Frame::Object { in_value, .. }) = frames.last_mut() {
                        *in_value = true;
                    }
                }
                b',' => match frames.last_mut() {
                    Some(Frame::Object { key, in_value }) => {
                        *key = None;
                        *in_value = false;
                    }
                    Some(Frame::Array { index }) => *index += 1,
                    None => {}
                },
                _ => {}
            }
            i += 1;
        }
        let mut path = String::new();
        for frame in &frames {
            match frame {
                Frame::Object {
                    key: Some((start, end)),
                    in_value: true,
                } => {
                    let quoted = &text[*start..*end];
                    let key = ::serde_json::from_str::<String>(quoted)
                        .unwrap_or_else(|_| quoted.trim_matches('"').to_owned());
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&key);
                }
                Frame::Object { .. } => break,
                Frame::Array { index } => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
            }
        }
        if path.is_empty() {
            path.push('.');
        }
        path
    }

    /// The byte offset of a serde_json error's line and column (its
    /// column counts bytes from the line's start); `None` for an error
    /// that has no place.
    fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
        if line == 0 {
            return None;
        }
        let mut start = 0;
        for _ in 1..line {
            start += text[start..].find('\n')? + 1;
        }
        Some((start + column).min(text.len()))
    }

    /// Whether `text` reads as a JSON path (`body`, `offer.sdp`,
    /// `candidates[0]`) rather than the start of a message.
    fn is_path(text: &str) -> bool {
        !text.is_empty()
            && (text.chars()).all(|c| !c.is_whitespace() && !matches!(c, '`' | '"' | '\''))
    }

    /// The string value of one field of a raw JSON object, skipping the rest.
    pub fn peek_str<'a, E: ::serde::de::Error>(
        raw: &'a str,
        field: &str,
    ) -> Result<Option<::std::borrow::Cow<'a, str>>, E> {
        struct Peek<'f>(&'f str);
        impl<'de> ::serde::de::DeserializeSeed<'de> for Peek<'_> {
            type Value = Option<::std::borrow::Cow<'de, str>>;
            fn deserialize<D: ::serde::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                deserializer.deserialize_map(self)
            }
        }
        impl<'de> ::serde::de::Visitor<'de> for Peek<'_> {
            type Value = Option<::std::borrow::Cow<'de, str>>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: ::serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut found = None;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if key.as_str() == self.0 && found.is_none() {
                        found = map.next_value::<MaybeStr<'de>>()?.0;
                    } else {
                        map.next_value::<::serde::de::IgnoredAny>()?;
                    }
                }
                Ok(found)
            }
        }
        with_path(raw, Peek(field), None)
    }

    /// Any JSON value, keeping only whether it is a string and which.
    struct MaybeStr<'de>(Option<::std::borrow::Cow<'de, str>>);

    impl<'de> ::serde::Deserialize<'de> for MaybeStr<'de> {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> ::serde::de::Visitor<'de> for Visitor {
                type Value = MaybeStr<'de>;
                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("any JSON value")
                }
                fn visit_borrowed_str<E>(self, value: &'de str) -> Result<MaybeStr<'de>, E> {
                    Ok(MaybeStr(Some(::std::borrow::Cow::Borrowed(value))))
                }
                fn visit_str<E>(self, value: &str) -> Result<MaybeStr<'de>, E> {
                    Ok(MaybeStr(Some(::std::borrow::Cow::Owned(value.to_owned()))))
                }
                fn visit_bool<E>(self, _: bool) -> Result<MaybeStr<'de>, E> {
                    Ok(MaybeStr(None))
                }
                fn visit_i64<E>(self, _: i64) -> Result<MaybeStr<'de>, E> {
                    Ok(MaybeStr(None))
                }
                fn visit_u64<E>(self, _: u64) -> Result<MaybeStr<'de>, E> {
                    Ok(MaybeStr(None))
                }
                fn visit_f64<E>(self, _: f64) -> Result<MaybeStr<'de>, E> {
                    Ok(MaybeStr(None))
                }
                fn visit_unit<E>(self) -> Result<MaybeStr<'de>, E> {
                    Ok(MaybeStr(None))
                }
                fn visit_seq<A: ::serde::de::SeqAccess<'de>>(
                    self,
                    mut seq: A,
                ) -> Result<MaybeStr<'de>, A::Error> {
                    while seq.next_element::<::serde::de::IgnoredAny>()?.is_some() {}
                    Ok(MaybeStr(None))
                }
                fn visit_map<A: ::serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<MaybeStr<'de>, A::Error> {
                    while map
                        .next_entry::<::serde::de::IgnoredAny, ::serde::de::IgnoredAny>()?
                        .is_some()
                    {}
                    Ok(MaybeStr(None))
                }
            }
            deserializer.deserialize_any(Visitor)
        }
    }

    /// What one room version's redaction algorithm keeps of an event: the
    /// top-level keys, and for some event types keys of `content`. From the
    /// spec's room versions (`rooms/v1` to `rooms/v11`), which give the
    /// whole algorithm and mark what each version changed; they live here,
    /// not in the schemas, since the event schemas do not say it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct RedactionRules {
        /// The room version that introduced these rules.
        since: &'static str,
        event_keys: &'static [&'static str],
        /// Event type, then the content keys kept: `*` keeps all of them,
        /// `a.b` keeps only `b` inside the object `a`.
        content_keys: &'static [(&'static str, &'static [&'static str])],
    }

    const EVENT_KEYS_V1: &[&str] = &[
        "event_id",
        "type",
        "room_id",
        "sender",
        "state_key",
        "content",
        "hashes",
        "signatures",
        "depth",
        "prev_events",
        "prev_state",
        "auth_events",
        "origin",
        "origin_server_ts",
        "membership",
    ];

    // v11 stops keeping `prev_state`, `origin` and `membership`.
    const EVENT_KEYS_V11: &[&str] = &[
        "event_id",
        "type",
        "room_id",
        "sender",
        "state_key",
        "content",
        "hashes",
        "signatures",
        "depth",
        "prev_events",
        "auth_events",
        "origin_server_ts",
    ];

    const POWER_LEVELS_V1: &[&str] = &[
        "ban",
        "events",
        "events_default",
        "kick",
        "redact",
        "state_default",
        "users",
        "users_default",
    ];

    // v11 adds `invite`.
    const POWER_LEVELS_V11: &[&str] = &[
        "ban",
        "events",
        "events_default",
        "invite",
        "kick",
        "redact",
        "state_default",
        "users",
        "users_default",
    ];

    impl RedactionRules {
        /// Room versions 1 to 5.
        pub const V1: RedactionRules = RedactionRules {
            since: "1",
            event_keys: EVENT_KEYS_V1,
            content_keys: &[
                ("m.room.member", &["membership"]),
                ("m.room.create", &["creator"]),
                ("m.room.join_rules", &["join_rule"]),
                ("m.room.power_levels", POWER_LEVELS_V1),
                ("m.room.aliases", &["aliases"]),
                ("m.room.history_visibility", &["history_visibility"]),
            ],
        };

        /// Room versions 6 and 7: `m.room.aliases` keeps nothing.
        pub const V6: RedactionRules = RedactionRules {
            since: "6",
            event_keys: EVENT_KEYS_V1,
            content_keys: &[
                ("m.room.member", &["membership"]),
                ("m.room.create", &["creator"]),
                ("m.room.join_rules", &["join_rule"]),
                ("m.room.power_levels", POWER_LEVELS_V1),
                ("m.room.history_visibility", &["history_visibility"]),
            ],
        };

        /// Room version 8: `m.room.join_rules` keeps `allow`.
        pub const V8: RedactionRules = RedactionRules {
            since: "8",
            event_keys: EVENT_KEYS_V1,
            content_keys: &[
                ("m.room.member", &["membership"]),
                ("m.room.create", &["creator"]),
                ("m.room.join_rules", &["join_rule", "allow"]),
                ("m.room.power_levels", POWER_LEVELS_V1),
                ("m.room.history_visibility", &["history_visibility"]),
            ],
        };

        /// Room versions 9 and 10: `m.room.member` keeps
        /// `join_authorised_via_users_server`.
        pub const V9: RedactionRules = RedactionRules {
            since: "9",
            event_keys: EVENT_KEYS_V1,
            content_keys: &[
                (
                    "m.room.member",
                    &["membership", "join_authorised_via_users_server"],
                ),
                ("m.room.create", &["creator"]),
                ("m.room.join_rules", &["join_rule", "allow"]),
                ("m.room.power_levels", POWER_LEVELS_V1),
                ("m.room.history_visibility", &["history_visibility"]),
            ],
        };

        /// Room versions 11 and 12: the top-level `origin`, `membership`
        /// and `prev_state` go; `m.room.create` keeps all its content,
        /// `m.room.redaction` its `redacts`, `m.room.power_levels` its
        /// `invite`, and `m.room.member` the `signed` part of
        /// `third_party_invite`.
        pub const V11: RedactionRules = RedactionRules {
            since: "11",
            event_keys: EVENT_KEYS_V11,
            content_keys: &[
                (
                    "m.room.member",
                    &[
                        "membership",
                        "join_authorised_via_users_server",
                        "third_party_invite.signed",
                    ],
                ),
                ("m.room.create", &["*"]),
                ("m.room.join_rules", &["join_rule", "allow"]),
                ("m.room.power_levels", POWER_LEVELS_V11),
                ("m.room.history_visibility", &["history_visibility"]),
                ("m.room.redaction", &["redacts"]),
            ],
        };

        /// The rules of a room version, as `m.room.create` names it; `None`
        /// for a version whose rules are not known here (an experimental
        /// one, or one newer than this table).
        pub fn for_room_version(room_version: &str) -> Option<RedactionRules> {
            Some(match room_version {
                "1" | "2" | "3" | "4" | "5" => Self::V1,
                "6" | "7" => Self::V6,
                "8" => Self::V8,
                "9" | "10" => Self::V9,
                "11" | "12" => Self::V11,
                _ => return None,
            })
        }

        /// The first room version with these rules.
        pub fn since(&self) -> &'static str {
            self.since
        }

        /// Whether redaction keeps this top-level key of an event.
        pub fn keeps_event_key(&self, key: &str) -> bool {
            self.event_keys.contains(&key)
        }

        /// What redaction leaves of the content of an event of type
        /// `event_type`: for most types, nothing.
        pub fn redact_content(
            &self,
            event_type: &str,
            content: &::serde_json::Map<String, ::serde_json::Value>,
        ) -> ::serde_json::Map<String, ::serde_json::Value> {
            let Some((_, keys)) = self.content_keys.iter().find(|(t, _)| *t == event_type) else {
                return ::serde_json::Map::new();
            };
            let mut kept = ::serde_json::Map::new();
            for key in *keys {
                if *key == "*" {
                    return content.clone();
                }
                match key.split_once('.') {
                    None => {
                        if let Some(value) = content.get(*key) {
                            kept.insert((*key).to_owned(), value.clone());
                        }
                    }
                    Some((outer, inner)) => {
                        let Some(value) = content.get(outer).and_then(|v| v.as_object()) else {
                            continue;
                        };
                        let mut part = ::serde_json::Map::new();
                        if let Some(value) = value.get(inner) {
                            part.insert(inner.to_owned(), value.clone());
                        }
                        kept.insert(outer.to_owned(), ::serde_json::Value::Object(part));
                    }
                }
            }
            kept
        }

        /// The event as redaction leaves it: the top-level keys these rules
        /// keep, with the content redacted by `redact_content`. `unsigned`
        /// goes too; a server that serves the event adds its own.
        pub fn redact_event(
            &self,
            event: &::serde_json::Map<String, ::serde_json::Value>,
        ) -> ::serde_json::Map<String, ::serde_json::Value> {
            let event_type = event
                .get("type")
                .and_then(|t| t.as_str())
                .unwrap_or_default();
            let mut kept = ::serde_json::Map::new();
            for (key, value) in event {
                if !self.keeps_event_key(key) {
                    continue;
                }
                let value = match (key.as_str(), value) {
                    ("content", ::serde_json::Value::Object(content)) => {
                        ::serde_json::Value::Object(self.redact_content(event_type, content))
                    }
                    ("content", _) => ::serde_json::Value::Object(::serde_json::Map::new()),
                    _ => value.clone(),
                };
                kept.insert(key.clone(), value);
            }
            kept
        }
    }

    /// An event that did not fit its schema, read as the redacted form of
    /// its envelope, if it says it was redacted.
    pub fn read_redacted<T: ::serde::de::DeserializeOwned>(
        event: &::serde_json::Map<String, ::serde_json::Value>,
    ) -> Option<T> {
        if !is_redacted(event) {
            return None;
        }
        T::deserialize(event).ok()
    }

    /// Whether an event says it was redacted (`unsigned.redacted_because`).
    fn is_redacted(event: &::serde_json::Map<String, ::serde_json::Value>) -> bool {
        (event.get("unsigned").and_then(|u| u.as_object()))
            .is_some_and(|unsigned| unsigned.contains_key("redacted_because"))
    }

    /// Why a string is not a valid identifier of some format.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct IdError {
        format: &'static str,
        reason: &'static str,
    }

    impl IdError {
        #[doc(hidden)]
        pub fn new(format: &'static str, reason: &'static str) -> Self {
            IdError { format, reason }
        }

        /// What the spec calls the format (`User ID`).
        pub fn format(&self) -> &'static str {
            self.format
        }

        /// What is wrong with the value.
        pub fn reason(&self) -> &'static str {
            self.reason
        }
    }

    impl ::std::fmt::Display for IdError {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            write!(f, "not a valid {}: {}", self.format, self.reason)
        }
    }

    impl ::std::error::Error for IdError {}

    /// The grammars of identifier formats (the spec's appendices), each a
    /// check returning what is wrong; `any` is the grammar of a format
    /// the generator knows none for.
    pub mod grammar {
        type Check = Result<(), &'static str>;

        /// Identifiers with a sigil are at most 255 bytes, sigil included.
        const MAX_ID_BYTES: usize = 255;

        pub fn any(_value: &str) -> Check {
            Ok(())
        }

        pub fn user_id(value: &str) -> Check {
            let (local, server) = sigil_parts(value, '@')?;
            let server = server.ok_or("no `:server_name` after the localpart")?;
            // The historical grammar: any printable ASCII but `:`.
            if !local
                .bytes()
                .all(|b| (0x21..=0x7e).contains(&b) && b != b':')
            {
                return Err("the localpart holds a character that is not printable ASCII");
            }
            server_name(server)
        }

        pub fn room_alias(value: &str) -> Check {
            let (_, server) = sigil_parts(value, '#')?;
            server_name(server.ok_or("no `:server_name` after the alias")?)
        }

        pub fn room_id(value: &str) -> Check {
            let (_, server) = sigil_parts(value, '!')?;
            server.map_or(Ok(()), server_name)
        }

        pub fn event_id(value: &str) -> Check {
            let (_, server) = sigil_parts(value, '$')?;
            server.map_or(Ok(()), server_name)
        }

        /// The part after the sigil up to the first `:`, and what follows
        /// it; checks the sigil, the length and that the first part is a
        /// non-empty run of printable characters.
        fn sigil_parts(value: &str, sigil: char) -> Result<(&str, Option<&str>), &'static str> {
            let rest = value
                .strip_prefix(sigil)
                .ok_or("it does not start with its sigil")?;
            if value.len() > MAX_ID_BYTES {
                return Err("it is longer than 255 bytes");
            }
            let (first, server) = match rest.split_once(':') {
                Some((first, server)) => (first, Some(server)),
                None => (rest, None),
            };
            if first.is_empty() {
                return Err("nothing follows the sigil");
            }
            if first.chars().any(char::is_control) || first.contains(char::is_whitespace) {
                return Err("it holds white space or a control character");
            }
            Ok((first, server))
        }

        pub fn server_name(value: &str) -> Check {
            let (host, port) = split_port(value)?;
            if let Some(port) = port {
                if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                    return Err("the port is not one to five digits");
                }
            }
            if let Some(v6) = host.strip_prefix('[') {
                let v6 = v6
                    .strip_suffix(']')
                    .ok_or("an IPv6 address without its `]`")?;
                let ok = !v6.is_empty()
                    && v6.len() <= 45
                    && v6
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
                return if ok {
                    Ok(())
                } else {
                    Err("not an IPv6 address")
                };
            }
            if host.is_empty() || host.len() > 255 {
                return Err("the host name is empty or longer than 255 characters");
            }
            if !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            {
                return Err(
                    "the host name holds a character other than letters, digits, `-` and `.`",
                );
            }
            Ok(())
        }

        /// `host` and `port` of `host:port`, a bracketed IPv6 host kept whole.
        pub fn split_port(value: &str) -> Result<(&str, Option<&str>), &'static str> {
            if value.starts_with('[') {
                let end = value.find(']').ok_or("an IPv6 address without its `]`")?;
                let (host, rest) = value.split_at(end + 1);
                return match rest.strip_prefix(':') {
                    Some(port) => Ok((host, Some(port))),
                    None if rest.is_empty() => Ok((host, None)),
                    None => Err("something other than a port follows the IPv6 address"),
                };
            }
            Ok(match value.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (value, None),
            })
        }

        pub fn mxc_uri(value: &str) -> Check {
            let rest = value
                .strip_prefix("mxc://")
                .ok_or("it does not start with `mxc://`")?;
            let (server, media) = rest
                .split_once('/')
                .ok_or("no `/media_id` after the server name")?;
            server_name(server)?;
            if media.is_empty()
                || !media
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                return Err("the media ID is empty or holds a character other than letters, digits, `_` and `-`");
            }
            Ok(())
        }

        pub fn unpadded_base64(value: &str) -> Check {
            base64(value, b'+', b'/')
        }

        pub fn urlsafe_unpadded_base64(value: &str) -> Check {
            base64(value, b'-', b'_')
        }

        fn base64(value: &str, c62: u8, c63: u8) -> Check {
            if !value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == c62 || b == c63)
            {
                return Err("it holds a character outside its base64 alphabet (or `=` padding)");
            }
            // One leftover character cannot encode a whole byte.
            if value.len() % 4 == 1 {
                return Err("its length is not that of any unpadded base64 text");
            }
            Ok(())
        }
    }

    /// The methods and trait impls of an identifier type (a newtype over
    /// `String`): its name, what the spec calls the format, and the
    /// function of `grammar` that checks it. Reading accepts any string;
    /// `parse` checks.
    #[allow(unused_macros)]
    macro_rules! id_impls {
        ($name:ident, $title:literal, $grammar:ident) => {
            impl $name {
                /// Checks `value` against the format's grammar.
                pub fn parse(value: &str) -> Result<Self, __private::IdError> {
                    match __private::grammar::$grammar(value) {
                        Ok(()) => Ok(Self(value.to_owned())),
                        Err(reason) => Err(__private::IdError::new($title, reason)),
                    }
                }

                /// Whether the value follows the format's grammar; one read
                /// from an event may not.
                pub fn is_valid(&self) -> bool {
                    __private::grammar::$grammar(&self.0).is_ok()
                }

                /// The value as written.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// The value as written, as a `String`.
                pub fn into_string(self) -> String {
                    self.0
                }
            }

            __private::id_accessors!($name, $grammar);

            impl __private::FromWire for $name {
                fn from_wire(value: String) -> Self {
                    Self(value)
                }
            }

            impl ::std::str::FromStr for $name {
                type Err = __private::IdError;
                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Self::parse(value)
                }
            }

            impl ::std::convert::TryFrom<&str> for $name {
                type Error = __private::IdError;
                fn try_from(value: &str) -> Result<Self, Self::Error> {
                    Self::parse(value)
                }
            }

            impl ::std::convert::TryFrom<String> for $name {
                type Error = __private::IdError;
                fn try_from(value: String) -> Result<Self, Self::Error> {
                    match __private::grammar::$grammar(&value) {
                        Ok(()) => Ok(Self(value)),
                        Err(reason) => Err(__private::IdError::new($title, reason)),
                    }
                }
            }

            impl From<$name> for String {
                fn from(id: $name) -> String {
                    id.0
                }
            }

            impl ::std::ops::Deref for $name {
                type Target = str;
                fn deref(&self) -> &str {
                    &self.0
                }
            }

            impl AsRef<str> for $name {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }

            impl ::std::borrow::Borrow<str> for $name {
                fn borrow(&self) -> &str {
                    &self.0
                }
            }

            impl PartialEq<str> for $name {
                fn eq(&self, other: &str) -> bool {
                    self.0 == other
                }
            }

            impl PartialEq<&str> for $name {
                fn eq(&self, other: &&str) -> bool {
                    self.0 == *other
                }
            }

            impl ::std::fmt::Display for $name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(&self.0)
                }
            }

            impl ::serde::Serialize for $name {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(&self.0)
                }
            }

            impl<'de> ::serde::Deserialize<'de> for $name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    String::deserialize(deserializer).map(Self)
                }
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use id_impls;

    /// The parts an identifier's grammar names, as accessors; `None`
    /// when the value read does not have that part.
    #[allow(unused_macros)]
    macro_rules! id_accessors {
        ($name:ident, user_id) => {
            __private::id_accessors!(@local_server $name, '@', "localpart", "the user");
        };
        ($name:ident, room_alias) => {
            __private::id_accessors!(@local_server $name, '#', "alias", "the alias");
        };
        ($name:ident, room_id) => {
            __private::id_accessors!(@server $name, '!');
        };
        ($name:ident, event_id) => {
            __private::id_accessors!(@server $name, '$');
        };
        ($name:ident, server_name) => {
            impl $name {
                /// The host: a DNS name, an IPv4 address or a bracketed IPv6 address.
                pub fn host(&self) -> &str {
                    __private::grammar::split_port(&self.0).map_or(&self.0, |(host, _)| host)
                }

                /// The port, if the name has one.
                pub fn port(&self) -> Option<u16> {
                    let (_, port) = __private::grammar::split_port(&self.0).ok()?;
                    port?.parse().ok()
                }
            }
        };
        ($name:ident, mxc_uri) => {
            impl $name {
                /// The server that holds the content.
                pub fn server_name(&self) -> Option<&str> {
                    let rest = self.0.strip_prefix("mxc://")?;
                    Some(rest.split_once('/')?.0)
                }

                /// The content's ID on its server.
                pub fn media_id(&self) -> Option<&str> {
                    let rest = self.0.strip_prefix("mxc://")?;
                    Some(rest.split_once('/')?.1)
                }
            }
        };
        ($name:ident, $grammar:ident) => {};
        (@local_server $name:ident, $sigil:literal, $local:literal, $whose:literal) => {
            impl $name {
                #[doc = concat!("The ", $local, ": what lies between the `", $sigil, "` and the first `:`.")]
                pub fn localpart(&self) -> Option<&str> {
                    Some(self.0.strip_prefix($sigil)?.split_once(':')?.0)
                }

                #[doc = concat!("The server name of ", $whose, ": what follows the first `:`.")]
                pub fn server_name(&self) -> Option<&str> {
                    Some(self.0.strip_prefix($sigil)?.split_once(':')?.1)
                }
            }
        };
        (@server $name:ident, $sigil:literal) => {
            impl $name {
                /// The server name after the first `:`, which only older room versions have.
                pub fn server_name(&self) -> Option<&str> {
                    Some(self.0.strip_prefix($sigil)?.split_once(':')?.1)
                }
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use id_accessors;
}
