//! Schemas → the manifest's models: a struct per object (component or inline), an enum per
//! union (`oneOf`/`anyOf`), members typed in the manifest's words (`String`, `Id`, `Timestamp`,
//! a model name, `"[T]"`, …), open enums for sets of values.

use std::collections::{HashMap, HashSet};

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Problem;
use super::names::{is_reserved, pascal};

/// A model of the manifest, as the importer writes it.
#[derive(Debug, Clone)]
pub(super) struct ModelOut {
    pub(super) name: String,
    pub(super) description: String,
    /// The JSON pointer of the schema it comes from.
    pub(super) source: String,
    pub(super) body: Body,
}

#[derive(Debug, Clone)]
pub(super) enum Body {
    Members(Vec<MemberOut>),
    Union(UnionOut),
}

#[derive(Debug, Clone)]
pub(super) struct MemberOut {
    /// The JSON key.
    pub(super) name: String,
    pub(super) ty: TypeOut,
    pub(super) description: String,
}

/// A member's type in the manifest's words, and the open enum of a String with values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TypeOut {
    pub(super) ty: String,
    pub(super) values: Option<(String, Vec<String>)>,
}

impl TypeOut {
    pub(super) fn plain(ty: &str) -> Self {
        TypeOut {
            ty: ty.to_owned(),
            values: None,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct UnionOut {
    /// The member whose value says which variant an object is.
    pub(super) tag: Option<String>,
    pub(super) variants: Vec<VariantOut>,
}

#[derive(Debug, Clone)]
pub(super) struct VariantOut {
    pub(super) name: String,
    /// A model name, or a scalar type (`String`, `Integer`, `"[Any]"`).
    pub(super) ty: String,
    /// The tag values that pick this variant.
    pub(super) when: Vec<String>,
    /// Members an object must have to be this variant (without a tag).
    pub(super) requires: Vec<String>,
}

/// The converter: component schemas by name, the models made so far, the names taken.
pub(super) struct Schemas<'a> {
    components: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
    file: &'a str,
    pub(super) models: Vec<ModelOut>,
    /// What a reference to each component schema means: a model's name or another type.
    named: HashMap<String, TypeOut>,
    taken: HashSet<String>,
    /// The type each inline schema was given, by its address in the description: a schema
    /// reached twice (through a component and through a request body that refers to it) is
    /// one type.
    inline: HashMap<usize, TypeOut>,
    /// Open enums by name, with their values: a name is given to one set of values only.
    enums: HashMap<String, Vec<String>>,
    pub(super) problems: Vec<Problem>,
}

/// The object members of a schema, flattened through `allOf` and references: (key, schema,
/// whether required).
type Flat<'s> = Vec<(String, &'s ReferenceOr<Box<Schema>>, bool)>;

impl<'a> Schemas<'a> {
    pub(super) fn new(api: &'a openapiv3::OpenAPI, file: &'a str) -> Self {
        static EMPTY: std::sync::OnceLock<indexmap::IndexMap<String, ReferenceOr<Schema>>> =
            std::sync::OnceLock::new();
        let components = api
            .components
            .as_ref()
            .map_or_else(|| EMPTY.get_or_init(Default::default), |c| &c.schemas);
        Schemas {
            components,
            file,
            models: Vec::new(),
            named: HashMap::new(),
            taken: HashSet::new(),
            inline: HashMap::new(),
            enums: HashMap::new(),
            problems: Vec::new(),
        }
    }

    /// Every component schema, in the description's order.
    pub(super) fn all(&mut self) {
        let names: Vec<String> = self.components.keys().cloned().collect();
        for name in names {
            self.component(&name);
        }
    }

    /// What a reference to the component schema `name` means, converting it the first time.
    pub(super) fn component(&mut self, name: &str) -> TypeOut {
        if let Some(known) = self.named.get(name) {
            return known.clone();
        }
        let pointer = format!("/components/schemas/{name}");
        let Some(schema) = self.resolve_component(name) else {
            self.problem(&pointer, format!("no schema `{name}`"));
            return TypeOut::plain("Any");
        };
        let model = self.claim(&pascal(name));
        // Claimed before the members are read, so a schema that refers to itself finds it.
        if self.is_model(schema) {
            self.named.insert(name.to_owned(), TypeOut::plain(&model));
            self.model(&model, schema, &pointer);
            TypeOut::plain(&model)
        } else {
            self.taken.remove(&model);
            let ty = self.type_of(schema, &pascal(name), "", &pointer);
            self.named.insert(name.to_owned(), ty.clone());
            ty
        }
    }

    /// The component schema `name`, through references.
    pub(super) fn resolve_named(&self, name: &str) -> Option<&'a Schema> {
        self.resolve_component(name)
    }

    /// The members of an object schema, through `allOf` and references (none for another kind
    /// of schema): (key, schema, whether required).
    pub(super) fn object_members(&mut self, schema: &'a Schema, pointer: &str) -> Flat<'a> {
        self.flatten(schema, pointer)
    }

    /// The type of a member whose schema is the component `reference` names.
    pub(super) fn reference_type(
        &mut self,
        reference: &str,
        member: &str,
        pointer: &str,
    ) -> TypeOut {
        self.reference(reference, member, pointer)
    }

    fn resolve_component(&self, name: &str) -> Option<&'a Schema> {
        let mut seen = 0;
        let mut current = self.components.get(name)?;
        loop {
            match current {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference } => {
                    seen += 1;
                    if seen > 16 {
                        return None;
                    }
                    current = self.components.get(ref_name(reference)?)?;
                }
            }
        }
    }

    /// A schema by reference or inline.
    fn deref<'s>(&self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                ref_name(reference).and_then(|n| self.resolve_component(n))
            }
        }
    }

    fn deref_box<'s>(&self, schema: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                ref_name(reference).and_then(|n| self.resolve_component(n))
            }
        }
    }

    /// Whether `schema` becomes a model: an object with members, or a union of objects.
    fn is_model(&self, schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
            SchemaKind::AllOf { all_of } => all_of.iter().any(|s| {
                self.deref(s).is_some_and(|s| {
                    self.is_model(s) || matches!(s.schema_kind, SchemaKind::Any(_))
                })
            }),
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                let parts = self.union_parts(parts);
                parts.len() > 1 && !parts.iter().all(|p| self.is_scalar(p))
            }
            SchemaKind::Any(any) => !any.properties.is_empty() || !any.all_of.is_empty(),
            _ => false,
        }
    }

    /// Whether the alternatives of a union are all objects with the same members, differing
    /// only in which they require (`create_contact_request`: with an email, an external id or
    /// a role): such a union is one object whose members are all optional.
    pub(super) fn same_shape(&self, parts: &'a [ReferenceOr<Schema>]) -> bool {
        let parts = self.union_parts(parts);
        let mut keys: Option<Vec<String>> = None;
        for part in &parts {
            let Some(schema) = self.deref(part) else {
                return false;
            };
            let mut flat = Vec::new();
            let mut scratch = Schemas::new_probe(self.components, self.file);
            scratch.flatten_into(schema, "", &mut flat, 0);
            let mut these: Vec<String> = flat.into_iter().map(|(k, _, _)| k).collect();
            if these.is_empty() {
                return false;
            }
            these.sort();
            match &keys {
                Some(known) if *known != these => return false,
                _ => keys = Some(these),
            }
        }
        parts.len() > 1
    }

    /// The alternatives of a union that are not `null`.
    fn union_parts<'s>(&self, parts: &'s [ReferenceOr<Schema>]) -> Vec<&'s ReferenceOr<Schema>>
    where
        'a: 's,
    {
        parts
            .iter()
            .filter(|p| {
                !self.deref(p).is_some_and(|s| {
                    matches!(&s.schema_kind, SchemaKind::Any(a) if a.typ.as_deref() == Some("null"))
                })
            })
            .collect()
    }

    /// Whether a model or an open enum is called `name`.
    pub(super) fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// A name for a new model, made unique and kept off the runtime's names.
    pub(super) fn claim(&mut self, wanted: &str) -> String {
        let mut base = wanted.to_owned();
        if base.is_empty() {
            base = "Model".to_owned();
        }
        if is_reserved(&base) {
            base.push_str("Object");
        }
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Converts the model schema `schema` into the model `name`.
    fn model(&mut self, name: &str, schema: &'a Schema, pointer: &str) {
        let description = describe(schema);
        let body = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }
                if !self.same_shape(parts) =>
            {
                Body::Union(self.union(name, schema, parts, pointer))
            }
            _ => {
                let flat = self.flatten(schema, pointer);
                Body::Members(self.members(name, flat, pointer))
            }
        };
        self.models.push(ModelOut {
            name: name.to_owned(),
            description,
            source: format!("#{pointer}"),
            body,
        });
    }

    /// The members of an object schema, through `allOf` and references, in order; a member named
    /// twice keeps its first place and its last schema.
    fn flatten(&mut self, schema: &'a Schema, pointer: &str) -> Flat<'a> {
        let mut out: Flat<'a> = Vec::new();
        self.flatten_into(schema, pointer, &mut out, 0);
        out
    }

    fn flatten_into(&mut self, schema: &'a Schema, pointer: &str, out: &mut Flat<'a>, depth: u32) {
        if depth > 16 {
            self.problem(pointer, "`allOf` nested deeper than 16 levels".to_owned());
            return;
        }
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(any) => {
                // `properties` beside `allOf`: the parts' members first, then its own.
                for (i, part) in any.all_of.iter().enumerate() {
                    if let Some(part) = self.deref(part) {
                        self.flatten_into(part, &format!("{pointer}/allOf/{i}"), out, depth + 1);
                    }
                }
                self.merge_alternatives("oneOf", &any.one_of, pointer, out, depth);
                self.merge_alternatives("anyOf", &any.any_of, pointer, out, depth);
                (&any.properties, &any.required)
            }
            SchemaKind::AllOf { all_of } => {
                for (i, part) in all_of.iter().enumerate() {
                    if let Some(part) = self.deref(part) {
                        self.flatten_into(part, &format!("{pointer}/allOf/{i}"), out, depth + 1);
                    }
                }
                return;
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                let kind = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.merge_alternatives(kind, parts, pointer, out, depth);
                return;
            }
            _ => return,
        };
        for (key, member) in properties {
            let required = required.contains(key);
            match out.iter_mut().find(|(k, _, _)| k == key) {
                Some(slot) => {
                    slot.1 = member;
                    slot.2 |= required;
                }
                None => out.push((key.clone(), member, required)),
            }
        }
    }

    /// The members of alternatives (`oneOf`/`anyOf`) read as one object, which takes any of
    /// them: each member once, required where every alternative requires it.
    fn merge_alternatives(
        &mut self,
        kind: &str,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
        out: &mut Flat<'a>,
        depth: u32,
    ) {
        let mut each: Vec<Flat<'a>> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if let Some(part) = self.deref(part) {
                let mut flat = Vec::new();
                self.flatten_into(part, &format!("{pointer}/{kind}/{i}"), &mut flat, depth + 1);
                each.push(flat);
            }
        }
        for flat in &each {
            for (key, member, _) in flat {
                let required = each
                    .iter()
                    .all(|f| f.iter().any(|(k, _, r)| k == key && *r));
                if !out.iter().any(|(k, _, _)| k == key) {
                    out.push((key.clone(), *member, required));
                }
            }
        }
    }

    fn members(&mut self, model: &str, flat: Flat<'a>, pointer: &str) -> Vec<MemberOut> {
        flat.into_iter()
            .map(|(key, member, _)| {
                let at = format!("{pointer}/properties/{}", escape_pointer(&key));
                let description = self.deref_box(member).map(describe).unwrap_or_default();
                let ty = self.type_of_box(member, model, &key, &at);
                MemberOut {
                    name: key,
                    ty,
                    description,
                }
            })
            .collect()
    }

    /// The type of the member `member` whose schema is `schema`.
    pub(super) fn member_type(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        parent: &str,
        member: &str,
        pointer: &str,
    ) -> TypeOut {
        self.type_of_box(schema, parent, member, pointer)
    }

    fn type_of_box(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        parent: &str,
        member: &str,
        pointer: &str,
    ) -> TypeOut {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, member, pointer),
            ReferenceOr::Item(schema) => self.type_of(schema, parent, member, pointer),
        }
    }

    /// The type of a member `member` of `parent` (or, with `member` empty, of a schema named
    /// `parent`) whose schema is `schema`.
    pub(super) fn type_of_ref(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        parent: &str,
        member: &str,
        pointer: &str,
    ) -> TypeOut {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, member, pointer),
            ReferenceOr::Item(schema) => self.type_of(schema, parent, member, pointer),
        }
    }

    fn reference(&mut self, reference: &str, member: &str, pointer: &str) -> TypeOut {
        let Some(name) = ref_name(reference) else {
            self.problem(
                pointer,
                format!("`{reference}` is not a local schema reference"),
            );
            return TypeOut::plain("Any");
        };
        let ty = self.component(name);
        id_or(member, ty)
    }

    /// The type of an inline schema: converted once, then the same type wherever it is reached.
    pub(super) fn type_of(
        &mut self,
        schema: &'a Schema,
        parent: &str,
        member: &str,
        pointer: &str,
    ) -> TypeOut {
        let address = std::ptr::from_ref(schema) as usize;
        if let Some(known) = self.inline.get(&address) {
            return id_or(member, known.clone());
        }
        let ty = self.type_of_new(schema, parent, member, pointer);
        self.inline.insert(address, ty.clone());
        ty
    }

    fn type_of_new(
        &mut self,
        schema: &'a Schema,
        parent: &str,
        member: &str,
        pointer: &str,
    ) -> TypeOut {
        let named = |s: &Self| {
            if member.is_empty() {
                parent.to_owned()
            } else {
                let _ = s;
                format!("{parent}{}", pascal(member))
            }
        };
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                // A date (`2025-12-25`) is no point in time: it stays text.
                if matches!(format_of(&s.format).as_deref(), Some("date-time")) {
                    TypeOut::plain("Timestamp")
                } else if values.len() > 1 {
                    self.open_enum(&named(self), values)
                } else {
                    TypeOut::plain("String")
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                if matches!(
                    format_of(&i.format).as_deref(),
                    Some("date-time" | "timestamp")
                ) || member.ends_with("_at")
                {
                    TypeOut::plain("Timestamp")
                } else {
                    TypeOut::plain("Integer")
                }
            }
            SchemaKind::Type(Type::Number(_)) => TypeOut::plain("Number"),
            SchemaKind::Type(Type::Boolean(_)) => TypeOut::plain("Boolean"),
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => {
                        let item_member = format!("{member}_item");
                        let at = format!("{pointer}/items");
                        self.type_of_box(items, parent, &item_member, &at)
                    }
                    None => TypeOut::plain("Any"),
                };
                if item.ty.starts_with('[') {
                    // The manifest has no lists of lists: the inner lists are kept as JSON.
                    TypeOut::plain("[Any]")
                } else {
                    // A list of values from a set is a list of strings: the manifest's enums
                    // are single members.
                    TypeOut::plain(&format!("[{}]", item.ty))
                }
            }
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
                TypeOut::plain("Object")
            }
            // A declared scalar type wins over `properties` beside it (which it cannot have).
            SchemaKind::Any(any)
                if matches!(
                    any.typ.as_deref(),
                    Some("string" | "integer" | "number" | "boolean")
                ) =>
            {
                match any.typ.as_deref() {
                    Some("string") => TypeOut::plain("String"),
                    Some("integer") => TypeOut::plain("Integer"),
                    Some("number") => TypeOut::plain("Number"),
                    _ => TypeOut::plain("Boolean"),
                }
            }
            // `{enum: [a, b]}` without a `type` (a member of `oneOf` branches, each naming its
            // values): text from a set, as the values are.
            SchemaKind::Any(any)
                if any.typ.is_none()
                    && any.properties.is_empty()
                    && !any.enumeration.is_empty()
                    && any.enumeration.iter().all(serde_json::Value::is_string) =>
            {
                TypeOut::plain("String")
            }
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() => {
                match any.typ.as_deref() {
                    Some("object") => TypeOut::plain("Object"),
                    _ => TypeOut::plain("Any"),
                }
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                let parts = self.union_parts(parts);
                match parts.as_slice() {
                    [] => TypeOut::plain("Any"),
                    [one] => self.type_of_ref(one, parent, member, pointer),
                    _ if parts.iter().all(|p| self.is_scalar(p)) => {
                        if member.ends_with("_at") || parts.iter().any(|p| self.is_date_time(p)) {
                            TypeOut::plain("Timestamp")
                        } else {
                            TypeOut::plain("Any")
                        }
                    }
                    _ => {
                        let name = self.claim(&named(self));
                        self.model(&name, schema, pointer);
                        TypeOut::plain(&name)
                    }
                }
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 && !self.has_members(schema) => {
                return self.type_of_ref(&all_of[0], parent, member, pointer);
            }
            SchemaKind::Not { .. } => {
                self.problem(pointer, "`not` has no Rust type".to_owned());
                TypeOut::plain("Any")
            }
            _ => {
                let name = self.claim(&named(self));
                self.model(&name, schema, pointer);
                TypeOut::plain(&name)
            }
        };
        id_or(member, ty)
    }

    fn has_members(&self, schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
            SchemaKind::Any(any) => !any.properties.is_empty() || !any.all_of.is_empty(),
            _ => false,
        }
    }

    fn is_date_time(&self, schema: &ReferenceOr<Schema>) -> bool {
        self.deref(schema).is_some_and(|s| match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                matches!(format_of(&t.format).as_deref(), Some("date-time"))
            }
            SchemaKind::Type(Type::Integer(t)) => {
                matches!(
                    format_of(&t.format).as_deref(),
                    Some("date-time" | "timestamp")
                )
            }
            _ => false,
        })
    }

    fn is_scalar(&self, schema: &ReferenceOr<Schema>) -> bool {
        self.deref(schema).is_some_and(|s| {
            matches!(
                s.schema_kind,
                SchemaKind::Type(
                    Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_)
                ) | SchemaKind::Type(Type::Array(_))
            )
        })
    }

    fn open_enum(&mut self, wanted: &str, mut values: Vec<String>) -> TypeOut {
        values.dedup();
        // `Unknown` is the variant of values the SDK does not list: a value spelt `unknown` is
        // kept there, as sent.
        values.retain(|v| crate::naming::variant(v) != "Unknown");
        if values.len() < 2 {
            return TypeOut::plain("String");
        }
        let mut name = wanted.to_owned();
        if is_reserved(&name) {
            name.push_str("Value");
        }
        let mut n = 2;
        loop {
            let clash = self.taken.contains(&name);
            match self.enums.get(&name) {
                Some(known) if *known == values => break,
                None if !clash => {
                    self.enums.insert(name.clone(), values.clone());
                    self.taken.insert(name.clone());
                    break;
                }
                _ => {
                    name = format!("{wanted}{n}");
                    n += 1;
                }
            }
        }
        TypeOut {
            ty: "String".to_owned(),
            values: Some((name, values)),
        }
    }

    /// A union's variants, and the member that tells them apart.
    fn union(
        &mut self,
        name: &str,
        schema: &'a Schema,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> UnionOut {
        let kind = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
            "oneOf"
        } else {
            "anyOf"
        };
        let mut variants = Vec::new();
        let mut titles = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let at = format!("{pointer}/{kind}/{i}");
            if self.union_parts(std::slice::from_ref(part)).is_empty() {
                continue;
            }
            let title = match part {
                ReferenceOr::Reference { reference } => {
                    ref_name(reference).map(pascal).unwrap_or_default()
                }
                ReferenceOr::Item(s) => s
                    .schema_data
                    .title
                    .as_deref()
                    .map(pascal)
                    .unwrap_or_else(|| untitled(s, i)),
            };
            let ty = match part {
                ReferenceOr::Reference { reference } => self.reference(reference, "", &at),
                ReferenceOr::Item(s) => {
                    let wanted = format!("{name}{title}");
                    if self.is_model(s) {
                        let model = self.claim(&wanted);
                        self.model(&model, s, &at);
                        TypeOut::plain(&model)
                    } else {
                        self.type_of(s, &wanted, "", &at)
                    }
                }
            };
            let requires = self
                .deref(part)
                .map(|s| self.required_of(s))
                .unwrap_or_default();
            titles.push(title);
            variants.push(VariantOut {
                name: String::new(),
                ty: ty.ty,
                when: Vec::new(),
                requires,
            });
        }
        for (v, n) in variants.iter_mut().zip(variant_names(&titles)) {
            v.name = n;
        }
        let mut tag = None;
        if let Some(d) = &schema.schema_data.discriminator {
            tag = Some(d.property_name.clone());
            for (value, target) in &d.mapping {
                let target = ref_name(target).map(pascal);
                for (v, part) in variants.iter_mut().zip(parts) {
                    let this = match part {
                        ReferenceOr::Reference { reference } => ref_name(reference).map(pascal),
                        ReferenceOr::Item(_) => None,
                    };
                    if this.is_some() && this == target {
                        v.when.push(value.clone());
                    }
                }
            }
        } else if let Some((key, values)) = self.implicit_tag(parts) {
            tag = Some(key);
            for (v, value) in variants.iter_mut().zip(values) {
                v.when.push(value);
            }
        }
        UnionOut { tag, variants }
    }

    /// The member every alternative holds with one constant value, all values different
    /// (`type`, `message_type`), when there is one.
    fn implicit_tag(&self, parts: &'a [ReferenceOr<Schema>]) -> Option<(String, Vec<String>)> {
        let parts = self.union_parts(parts);
        for key in ["type", "message_type", "data_type"] {
            let mut values = Vec::new();
            for part in &parts {
                let schema = self.deref(part)?;
                let mut flat = Vec::new();
                let mut scratch = Schemas::new_probe(self.components, self.file);
                scratch.flatten_into(schema, "", &mut flat, 0);
                let value = flat
                    .iter()
                    .find(|(k, _, _)| k == key)
                    .and_then(|(_, s, _)| self.deref_box(s))
                    .and_then(constant);
                match value {
                    Some(v) => values.push(v),
                    None => {
                        values.clear();
                        break;
                    }
                }
            }
            let mut distinct = values.clone();
            distinct.sort();
            distinct.dedup();
            if !values.is_empty() && distinct.len() == values.len() {
                return Some((key.to_owned(), values));
            }
        }
        None
    }

    fn new_probe(
        components: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
        file: &'a str,
    ) -> Self {
        Schemas {
            components,
            file,
            models: Vec::new(),
            named: HashMap::new(),
            taken: HashSet::new(),
            inline: HashMap::new(),
            enums: HashMap::new(),
            problems: Vec::new(),
        }
    }

    /// The members an object schema requires, through `allOf`.
    fn required_of(&self, schema: &'a Schema) -> Vec<String> {
        let mut flat = Vec::new();
        let mut scratch = Schemas::new_probe(self.components, self.file);
        scratch.flatten_into(schema, "", &mut flat, 0);
        flat.into_iter()
            .filter(|(_, _, required)| *required)
            .map(|(k, _, _)| k)
            .collect()
    }

    pub(super) fn problem(&mut self, pointer: &str, message: String) {
        self.problems.push(Problem::at(self.file, pointer, message));
    }
}

/// The name of an alternative that has no title: what it is (`List`, `Text`, …).
fn untitled(schema: &Schema, index: usize) -> String {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(_)) => "List".to_owned(),
        SchemaKind::Type(Type::String(_)) => "Text".to_owned(),
        SchemaKind::Type(Type::Integer(_)) => "Integer".to_owned(),
        SchemaKind::Type(Type::Number(_)) => "Number".to_owned(),
        SchemaKind::Type(Type::Boolean(_)) => "Boolean".to_owned(),
        _ => format!("Variant{}", index + 1),
    }
}

/// `#/components/schemas/contact` → `contact`.
pub(super) fn ref_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

/// `~` and `/` escaped for a JSON pointer.
pub(super) fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// An identifier member (`id`, `*_id`; `*_ids` a list of them) is an `Id` whatever the
/// description says: Intercom sends ids as strings or integers (Intercom-OpenAPI#115).
fn id_or(member: &str, ty: TypeOut) -> TypeOut {
    // Not `Any`: a member named `id` that is a string or a list (a ticket value's `id`) is JSON.
    let scalar = matches!(ty.ty.as_str(), "String" | "Integer" | "Number") && ty.values.is_none();
    let list = matches!(ty.ty.as_str(), "[String]" | "[Integer]" | "[Number]");
    if (member == "id" || member.ends_with("_id")) && scalar {
        TypeOut::plain("Id")
    } else if member.ends_with("_ids") && list {
        TypeOut::plain("[Id]")
    } else {
        ty
    }
}

/// A schema's text for the docs: its description, or its title.
pub(super) fn describe(schema: &Schema) -> String {
    schema
        .schema_data
        .description
        .as_deref()
        .or(schema.schema_data.title.as_deref())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn format_of<T: std::fmt::Debug>(format: &openapiv3::VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(v) => {
            let text = format!("{v:?}");
            Some(match text.as_str() {
                "DateTime" => "date-time".to_owned(),
                "Date" => "date".to_owned(),
                other => other.to_ascii_lowercase(),
            })
        }
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The one value a member may take, when its schema says so (`enum: [contact]`).
fn constant(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(one)] => Some(one.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Variant names from the alternatives' titles: the words all of them share at the start and
/// at the end are left out (`ContactReplyConversationRequest`, `AdminReplyConversationRequest`
/// → `Contact`, `Admin`), unless that leaves a name empty or two names equal.
fn variant_names(titles: &[String]) -> Vec<String> {
    let words: Vec<Vec<String>> = titles.iter().map(|t| split_words(t)).collect();
    let shared = |from_end: bool| -> usize {
        let mut n = 0;
        loop {
            let mut at = words.iter().map(|w| {
                if from_end {
                    w.len().checked_sub(n + 1).and_then(|i| w.get(i))
                } else {
                    w.get(n)
                }
            });
            let Some(Some(first)) = at.next() else {
                return n;
            };
            if at.all(|w| w == Some(first)) && words.len() > 1 {
                n += 1;
            } else {
                return n;
            }
        }
    };
    let (head, tail) = (shared(false), shared(true));
    let names: Vec<String> = words
        .iter()
        .map(|w| {
            let end = w.len().saturating_sub(tail);
            w.get(head..end.max(head))
                .map(|s| s.concat())
                .unwrap_or_default()
        })
        .collect();
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    if names.iter().any(String::is_empty) || distinct.len() != names.len() {
        return titles.to_vec();
    }
    names
}

/// `AdminReplyRequest` → `["Admin", "Reply", "Request"]`.
fn split_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(w) if !c.is_ascii_uppercase() => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::variant_names;

    #[test]
    fn variant_names_drop_the_words_all_share() {
        let names =
            |t: &[&str]| variant_names(&t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(
            names(&[
                "ContactReplyConversationRequest",
                "AdminReplyConversationRequest"
            ]),
            ["Contact", "Admin"]
        );
        assert_eq!(
            names(&[
                "CreateContactWithEmail",
                "CreateContactWithExternalId",
                "CreateContactWithRole"
            ]),
            ["Email", "ExternalId", "Role"]
        );
        assert_eq!(names(&["Same", "Same"]), ["Same", "Same"]);
    }
}
