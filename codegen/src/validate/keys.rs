//! The keys of every kind of mapping of the manifest: which it takes, which it needs, the kind of
//! value each holds, and how each is written (for hints). `shape.rs` checks trees against them,
//! `partial.rs` types sound items by them; a test keeps them equal to the fields of `raw.rs`.

/// What a key's value must be.
#[derive(Clone, Copy)]
pub(super) enum Value {
    /// A scalar.
    Text,
    /// `true` or `false`.
    Bool,
    /// A list of scalars.
    Texts,
    /// A mapping of constants: any value under each key.
    Constants,
    /// A mapping of names: a scalar under each key (route `query`/`body`: wire key → field).
    Names,
    /// A mapping of this shape.
    Map(&'static Shape),
    /// A list of mappings of this shape.
    List(&'static Shape),
    /// A mapping whose every value has this shape (`routes`, keyed by Select value).
    Routes(&'static Shape),
}

/// Which name an item gives the diagnostics inside it.
#[derive(Clone, Copy)]
pub(super) enum Role {
    None,
    Operation,
    Model,
    Field,
}

pub(super) struct Key {
    pub(super) name: &'static str,
    pub(super) value: Value,
    pub(super) required: bool,
    /// How the key is written, for "add …" and "write …" hints.
    pub(super) example: &'static str,
}

pub(super) struct Shape {
    /// The mapping, as messages name it ("this field").
    pub(super) what: &'static str,
    pub(super) role: Role,
    pub(super) keys: &'static [Key],
}

const fn req(name: &'static str, value: Value, example: &'static str) -> Key {
    Key {
        name,
        value,
        required: true,
        example,
    }
}

const fn opt(name: &'static str, value: Value, example: &'static str) -> Key {
    Key {
        name,
        value,
        required: false,
        example,
    }
}

use Value::{Bool, Constants, List, Map, Names, Routes, Text, Texts};

/// A manifest file.
pub(super) static FILE: Shape = Shape {
    what: "this file",
    role: Role::None,
    keys: &[
        opt(
            "api",
            Map(&API),
            "api: { name: Intercom, base_url: https://api.intercom.io, version_header: Intercom-Version, default_version: \"1.4\" }",
        ),
        opt(
            "datatypes",
            List(&DATATYPE),
            "datatypes: [ { name: Map, description: …, example: …} ]",
        ),
        opt(
            "operations",
            List(&OPERATION),
            "operations: [ { name: getThing, … } ]",
        ),
        opt(
            "models",
            List(&MODEL),
            "models: [ { name: Thing, description: …, fields: [] } ]",
        ),
    ],
};

static API: Shape = Shape {
    what: "`api`",
    role: Role::None,
    keys: &[
        req("name", Text, "name: Intercom"),
        opt("module", Text, "module: v2"),
        req("base_url", Text, "base_url: https://api.intercom.io"),
        req("version_header", Text, "version_header: Intercom-Version"),
        req("default_version", Text, "default_version: \"1.4\""),
    ],
};

static DATATYPE: Shape = Shape {
    what: "this datatype",
    role: Role::None,
    keys: &[
        req("name", Text, "name: Map"),
        req("description", Text, "description: What the datatype holds."),
        req("example", Text, "example: \"40.7128,-74.006\""),
    ],
};

static OPERATION: Shape = Shape {
    what: "this operation",
    role: Role::Operation,
    keys: &[
        req("name", Text, "name: getThing"),
        opt("rust_name", Text, "rust_name: get_thing"),
        req("description", Text, "description: Fetch one thing."),
        opt(
            "docs",
            Text,
            "docs: \"What it does, at length (Markdown).\"",
        ),
        opt("source", Text, "source: \"#/paths/~1things/get\""),
        req("group", Text, "group: things"),
        req("response", Text, "response: Thing"),
        opt("paginated", Text, "paginated: pages"),
        opt("idempotent", Bool, "idempotent: true"),
        opt("auth", Text, "auth: none"),
        opt("success", Text, "success: 202"),
        opt("seed", Bool, "seed: false"),
        req(
            "http",
            Map(&HTTP),
            "http: { method: GET, path: \"/things/{thingId}\" }",
        ),
        req("fields", List(&FIELD), "fields: []"),
    ],
};

static HTTP: Shape = Shape {
    what: "`http`",
    role: Role::None,
    keys: &[
        req("method", Text, "method: GET"),
        req("path", Text, "path: \"/things/{thingId}\""),
        opt(
            "headers",
            Names,
            "headers: { Accept: application/octet-stream }",
        ),
        opt("query", Constants, "query: { per_page: 50 }"),
        opt("body", Constants, "body: { message_type: inapp }"),
        opt("by", Text, "by: thingIdType"),
        opt(
            "routes",
            Routes(&ROUTE),
            "routes: { id: { path: \"/things/{thingId}\" }, email: { query: { email: thingId } } }",
        ),
    ],
};

static ROUTE: Shape = Shape {
    what: "this route",
    role: Role::None,
    keys: &[
        opt("path", Text, "path: \"/things/{thingId}\""),
        opt("query", Names, "query: { email: thingId }"),
        opt("body", Names, "body: { user.email: thingId }"),
        opt("single", Text, "single: things"),
        opt("refuse", Text, "refuse: \"not supported by the API\""),
    ],
};

static FIELD: Shape = Shape {
    what: "this field",
    role: Role::Field,
    keys: &[
        req("name", Text, "name: thingId"),
        req("type", Text, "type: String"),
        req("description", Text, "description: What the input is."),
        opt("values", Texts, "values: [a, b]"),
        opt("in", Text, "in: body"),
        opt("required", Bool, "required: true"),
        opt("wire", Text, "wire: thing.id"),
        opt("sdk_type", Text, "sdk_type: Number"),
        opt("sdk_values", Texts, "sdk_values: [asc, desc]"),
        opt("items", Text, "items: String"),
        opt("model", Text, "model: Thing"),
        opt("shape", Text, "shape: UserReference"),
        opt("value_shape", Text, "value_shape: EventMetadataValue"),
        opt("enum", Text, "enum: ThingKind"),
        opt("secret", Bool, "secret: true"),
        opt("seed", Bool, "seed: false"),
        opt("with", Constants, "with: { avatar.type: avatar }"),
        opt(
            "wrap",
            Map(&WRAP),
            "wrap: { type: tag.list, key: tags, item: id }",
        ),
        opt("each", Constants, "each: { untag: true }"),
        opt("alternatives", Texts, "alternatives: [email, id]"),
    ],
};

static WRAP: Shape = Shape {
    what: "`wrap`",
    role: Role::None,
    keys: &[
        req("type", Text, "type: tag.list"),
        req("key", Text, "key: tags"),
        req("item", Text, "item: id"),
    ],
};

static MODEL: Shape = Shape {
    what: "this model",
    role: Role::Model,
    keys: &[
        req("name", Text, "name: Thing"),
        req("description", Text, "description: What the answer is."),
        opt(
            "source",
            Text,
            "source: \"Intercom API 1.x reference, the thing object\"",
        ),
        opt(
            "fields",
            List(&MODEL_FIELD),
            "fields: [ { name: id, type: String, description: … } ]",
        ),
        opt(
            "union",
            Map(&UNION),
            "union: { tag: type, variants: [ { name: Admin, type: AdminReply, when: [admin] } ] }",
        ),
        opt("external", Text, "external: search::Query"),
    ],
};

static UNION: Shape = Shape {
    what: "`union`",
    role: Role::None,
    keys: &[
        opt("tag", Text, "tag: type"),
        req(
            "variants",
            List(&VARIANT),
            "variants: [ { name: Admin, type: AdminReply } ]",
        ),
    ],
};

static VARIANT: Shape = Shape {
    what: "this variant",
    role: Role::None,
    keys: &[
        req("name", Text, "name: Admin"),
        req("type", Text, "type: AdminReply"),
        opt("when", Texts, "when: [admin]"),
        opt("requires", Texts, "requires: [admin_id]"),
    ],
};

static MODEL_FIELD: Shape = Shape {
    what: "this field",
    role: Role::Field,
    keys: &[
        req("name", Text, "name: id"),
        req("type", Text, "type: String"),
        req("description", Text, "description: What the member holds."),
        opt("enum", Text, "enum: ThingState"),
        opt("values", Texts, "values: [open, closed]"),
    ],
};

#[cfg(test)]
mod tests {
    //! The key lists here must be the fields of the serde structs of `raw.rs`.

    use serde::Deserialize;
    use serde::de::{self, Visitor};

    use super::Shape;
    use crate::raw;

    /// A deserializer that only records the field names a struct asks for.
    struct Fields(Vec<&'static str>);

    #[derive(Debug)]
    struct Stop;

    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }

    impl std::error::Error for Stop {}

    impl de::Error for Stop {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Stop
        }
    }

    impl<'de> de::Deserializer<'de> for &mut Fields {
        type Error = Stop;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = fields.to_vec();
            Err(Stop)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    fn fields_of<T: for<'de> Deserialize<'de>>() -> Vec<&'static str> {
        let mut d = Fields(Vec::new());
        let _ = T::deserialize(&mut d);
        d.0
    }

    fn keys(shape: &Shape) -> Vec<&'static str> {
        shape.keys.iter().map(|k| k.name).collect()
    }

    #[test]
    fn shapes_take_exactly_the_keys_serde_reads() {
        assert_eq!(keys(&super::FILE), fields_of::<raw::File>());
        assert_eq!(keys(&super::API), fields_of::<raw::Api>());
        assert_eq!(keys(&super::DATATYPE), fields_of::<raw::Datatype>());
        assert_eq!(keys(&super::OPERATION), fields_of::<raw::Operation>());
        assert_eq!(keys(&super::HTTP), fields_of::<raw::Http>());
        assert_eq!(keys(&super::ROUTE), fields_of::<raw::Route>());
        assert_eq!(keys(&super::FIELD), fields_of::<raw::Field>());
        assert_eq!(keys(&super::WRAP), fields_of::<raw::Wrap>());
        assert_eq!(keys(&super::MODEL), fields_of::<raw::Model>());
        assert_eq!(keys(&super::MODEL_FIELD), fields_of::<raw::ModelField>());
        assert_eq!(keys(&super::UNION), fields_of::<raw::Union>());
        assert_eq!(keys(&super::VARIANT), fields_of::<raw::Variant>());
    }
}
