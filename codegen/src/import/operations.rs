//! Operations → the manifest's operations: the request (method, path, parameters, body), the
//! answer (model, list, text, file or nothing), how a list continues, and the names.

use std::collections::HashMap;

use openapiv3::{
    Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    StatusCode, Type,
};

use super::names;
use super::schemas::{Schemas, TypeOut, describe, escape_pointer, ref_name};

/// An operation of the manifest, as the importer writes it.
#[derive(Debug, Clone)]
pub(super) struct OperationOut {
    pub(super) name: String,
    pub(super) summary: String,
    pub(super) docs: String,
    pub(super) group: String,
    pub(super) rust_name: String,
    pub(super) response: String,
    pub(super) success: Option<u16>,
    pub(super) paginated: Option<&'static str>,
    pub(super) method: String,
    pub(super) path: String,
    /// Headers always sent: (name, value).
    pub(super) headers: Vec<(String, String)>,
    /// Query parameters always sent.
    pub(super) query: Vec<(String, String)>,
    pub(super) fields: Vec<FieldOut>,
    pub(super) source: String,
}

/// An input of an operation.
#[derive(Debug, Clone, Default)]
pub(super) struct FieldOut {
    pub(super) name: String,
    pub(super) ty: &'static str,
    pub(super) sdk_type: Option<&'static str>,
    pub(super) items: Option<&'static str>,
    pub(super) model: Option<String>,
    pub(super) values: Option<Vec<String>>,
    pub(super) enum_name: Option<String>,
    pub(super) description: String,
    pub(super) place: &'static str,
    pub(super) wire: Option<String>,
    pub(super) required: bool,
}

/// Fern's names of an operation: (group path, method).
pub(super) type FernNames = HashMap<(String, String), (Vec<String>, String)>;

/// Fern's overrides file, as far as names go (the rest, which repeats keys, is not read).
#[derive(serde::Deserialize)]
struct Overrides {
    #[serde(default)]
    paths: indexmap::IndexMap<String, indexmap::IndexMap<String, FernOperation>>,
}

#[derive(serde::Deserialize)]
struct FernOperation {
    #[serde(rename = "x-fern-sdk-group-name")]
    group: Option<Vec<String>>,
    #[serde(rename = "x-fern-sdk-method-name")]
    method: Option<String>,
}

/// Reads Fern's overrides file into (path, method) → names.
pub(super) fn fern_names(text: &str, file: &str) -> Result<FernNames, super::Problem> {
    let overrides: Overrides = serde_yaml::from_str(text)
        .map_err(|e| super::Problem::at(file, "", format!("not Fern's overrides: {e}")))?;
    let mut out = FernNames::new();
    for (path, methods) in overrides.paths {
        for (method, names) in methods {
            if let (Some(group), Some(name)) = (names.group, names.method) {
                if !group.is_empty() {
                    out.insert((path.clone(), method), (group, name));
                }
            }
        }
    }
    Ok(out)
}

/// Every operation of the description, in its order.
pub(super) fn operations<'a>(
    api: &'a openapiv3::OpenAPI,
    schemas: &mut Schemas<'a>,
    fern: &FernNames,
) -> Vec<OperationOut> {
    let mut found = Vec::new();
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else {
            schemas.problem(
                &format!("/paths/{}", escape_pointer(path)),
                "a path item given by reference".to_owned(),
            );
            continue;
        };
        for (method, op) in item.iter() {
            found.push((path.as_str(), method, op, &item.parameters));
        }
    }
    let groups = tag_groups(&found, fern);
    let mut taken: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for (path, method, op, shared) in found {
        let pointer = format!("/paths/{}/{method}", escape_pointer(path));
        let name = match &op.operation_id {
            Some(id) => id.clone(),
            None => names::operation_id_of(method, path),
        };
        let (group, rust_name) = match fern.get(&(path.to_owned(), method.to_owned())) {
            Some((group, method_name)) => (names::fern_group(group), names::snake(method_name)),
            None => {
                let tag = op.tags.first().cloned().unwrap_or_default();
                let group = groups
                    .get(&tag)
                    .cloned()
                    .unwrap_or_else(|| names::snake(&tag));
                let group = if group.is_empty() {
                    "misc".to_owned()
                } else {
                    group
                };
                (group.clone(), names::method(&name, &group))
            }
        };
        let used = taken.entry(group.clone()).or_default();
        let rust_name = if used.contains(&rust_name) {
            names::snake(&name)
        } else {
            rust_name
        };
        used.push(rust_name.clone());
        let mut built = Builder {
            schemas,
            pointer: pointer.clone(),
            op_name: names::pascal(&name),
            fields: Vec::new(),
            headers: Vec::new(),
            query: Vec::new(),
        };
        for (i, parameter) in shared.iter().chain(&op.parameters).enumerate() {
            built.parameter(parameter, &format!("{pointer}/parameters/{i}"));
        }
        let body_pagination = match &op.request_body {
            Some(body) => built.body(body),
            None => false,
        };
        let (response, success, pages) = built.response(&op.responses);
        // A list runs through pages only when its page holds one list of records.
        let paginated = if pages.lists != 1 {
            None
        } else if built.fields.iter().any(|f| f.name == "scroll_param") && pages.scroll {
            Some("scroll")
        } else if body_pagination && pages.pages {
            Some("search")
        } else if pages.pages {
            Some("cursor")
        } else {
            None
        };
        let Builder {
            fields,
            headers,
            query,
            ..
        } = built;
        out.push(OperationOut {
            name,
            summary: op.summary.clone().unwrap_or_default().trim().to_owned(),
            docs: op.description.clone().unwrap_or_default().trim().to_owned(),
            group,
            rust_name,
            response,
            success,
            paginated,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            headers,
            query,
            fields,
            source: format!("#{pointer}"),
        });
    }
    out
}

/// For each first tag, the group of the Fern-named operations it holds most (its first part).
fn tag_groups(
    found: &[(
        &str,
        &str,
        &openapiv3::Operation,
        &Vec<ReferenceOr<Parameter>>,
    )],
    fern: &FernNames,
) -> HashMap<String, String> {
    let mut counts: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for (path, method, op, _) in found {
        let (Some(tag), Some((group, _))) = (
            op.tags.first(),
            fern.get(&((*path).to_owned(), (*method).to_owned())),
        ) else {
            continue;
        };
        let first = names::snake(group.first().map_or("", String::as_str));
        let list = counts.entry(tag.clone()).or_default();
        match list.iter_mut().find(|(g, _)| *g == first) {
            Some((_, n)) => *n += 1,
            None => list.push((first, 1)),
        }
    }
    counts
        .into_iter()
        .filter_map(|(tag, list)| {
            // The most used; on a tie, the first in alphabetical order (a stable choice).
            let best = list
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            Some((tag, best.0.clone()))
        })
        .collect()
}

/// What a response model says of paging.
#[derive(Default)]
struct Pages {
    /// It has `pages`.
    pages: bool,
    /// It has `scroll_param`.
    scroll: bool,
    /// How many of its members are lists of models (a page has one: its records).
    lists: usize,
}

/// One operation's inputs, being read.
struct Builder<'s, 'a> {
    schemas: &'s mut Schemas<'a>,
    pointer: String,
    /// The operation's name in PascalCase, for the models and enums made for it.
    op_name: String,
    fields: Vec<FieldOut>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl<'a> Builder<'_, 'a> {
    fn parameter(&mut self, parameter: &'a ReferenceOr<Parameter>, pointer: &str) {
        let ReferenceOr::Item(parameter) = parameter else {
            self.schemas
                .problem(pointer, "a parameter given by reference".to_owned());
            return;
        };
        let (place, data) = match parameter {
            Parameter::Path { parameter_data, .. } => ("path", parameter_data),
            Parameter::Query { parameter_data, .. } => ("query", parameter_data),
            Parameter::Header { parameter_data, .. } => ("header", parameter_data),
            Parameter::Cookie { .. } => {
                self.schemas.problem(
                    pointer,
                    "cookie parameters are not sent by the SDK".to_owned(),
                );
                return;
            }
        };
        // The client sends the version on every request.
        if place == "header" && data.name.eq_ignore_ascii_case("Intercom-Version") {
            return;
        }
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            self.schemas
                .problem(pointer, "a parameter described by `content`".to_owned());
            return;
        };
        let at = format!("{pointer}/schema");
        let description = data
            .description
            .clone()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let resolved = self.resolve(schema);
        // A required parameter with one possible value is a constant of the operation.
        if let Some(value) = resolved.and_then(single_value).filter(|_| data.required) {
            match place {
                "header" => self.headers.push((data.name.clone(), value)),
                "query" => self.query.push((data.name.clone(), value)),
                _ => {}
            }
            if place != "path" {
                return;
            }
        }
        // An object sent as `?key=value` pairs (style form, exploded) is its members, each a
        // query parameter; of alternatives of one member each, each member is optional.
        if place == "query" {
            if let Some(members) = resolved.map(|s| self.exploded(s, &at)) {
                if !members.is_empty() {
                    let one_of = members.len() > 1;
                    for (name, schema, required) in members {
                        let mut field = self.field(&name, schema, &at);
                        field.place = "query";
                        field.required = required && !one_of && data.required;
                        field.description = format!("{description} (`{name}`)").trim().to_owned();
                        self.push(field);
                    }
                    return;
                }
            }
        }
        let mut field = self.field_ref(&data.name, schema, &at);
        if place == "path" && field.ty == "Number" {
            // An id in the path is text on the wire, and the models hold ids as text (`Id`),
            // integers in JSON or not: a path input takes text, so a model's id goes straight in.
            field.ty = "String";
            field.sdk_type = None;
        }
        field.place = place;
        field.required = data.required || place == "path";
        field.description = description;
        self.push(field);
    }

    /// The members an exploded object parameter stands for: (name, schema, required).
    fn exploded(&self, schema: &'a Schema, _pointer: &str) -> Vec<(String, &'a Schema, bool)> {
        let parts: Vec<&'a Schema> = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: p } | SchemaKind::AnyOf { any_of: p } => {
                p.iter().filter_map(|p| self.resolve(p)).collect()
            }
            SchemaKind::Type(Type::Object(_)) => vec![schema],
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        for part in parts {
            let (properties, required) = match &part.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
                SchemaKind::Any(a) if !a.properties.is_empty() => (&a.properties, &a.required),
                _ => return Vec::new(),
            };
            for (name, member) in properties {
                let ReferenceOr::Item(member) = member else {
                    return Vec::new();
                };
                if !out.iter().any(|(n, _, _)| n == name) {
                    out.push((name.clone(), &**member, required.contains(name)));
                }
            }
        }
        out
    }

    fn resolve(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        resolve(self.schemas, schema)
    }

    /// Adds a field, renaming it when another place already has its name (`id` in the path and
    /// in the body): the second keeps its wire name.
    fn push(&mut self, mut field: FieldOut) {
        if self.fields.iter().any(|f| f.name == field.name) {
            let renamed = format!("{}_{}", field.place, field.name);
            field.wire = Some(field.name.clone());
            field.name = renamed;
        }
        self.fields.push(field);
    }

    /// The request body: its members as fields, or the whole body as one. Whether it has a
    /// `pagination` member (a search).
    fn body(&mut self, body: &'a ReferenceOr<RequestBody>) -> bool {
        let at = format!("{}/requestBody", self.pointer);
        let ReferenceOr::Item(body) = body else {
            self.schemas
                .problem(&at, "a request body given by reference".to_owned());
            return false;
        };
        let Some((kind, media)) = body.content.iter().next() else {
            return false;
        };
        let at = format!("{at}/content/{}/schema", escape_pointer(kind));
        if kind != "application/json" {
            self.schemas
                .problem(&at, format!("a `{kind}` request body: the SDK sends JSON"));
            return false;
        }
        let Some(schema) = &media.schema else {
            return false;
        };
        let Some(resolved) = self.resolve(schema) else {
            return false;
        };
        let union = match &resolved.schema_kind {
            SchemaKind::OneOf { one_of: p } | SchemaKind::AnyOf { any_of: p } => {
                !self.schemas.same_shape(p)
            }
            _ => false,
        };
        let members = self.schemas.object_members(resolved, &at);
        if union || members.is_empty() {
            let mut field = self.field_ref("body", schema, &at);
            field.place = "payload";
            // The whole body: without it there is no request to speak of.
            field.required = true;
            field.description = body
                .description
                .clone()
                .unwrap_or_else(|| describe(resolved));
            self.push(field);
            return false;
        }
        let mut pagination = false;
        for (name, member, required) in members {
            pagination |= name == "pagination";
            let at = format!("{at}/properties/{}", escape_pointer(&name));
            let mut field = match member {
                ReferenceOr::Item(s) => self.field(&name, s, &at),
                ReferenceOr::Reference { reference } => self.field_reference(&name, reference, &at),
            };
            field.place = "body";
            field.required = required;
            if is_search_query(self.schemas, member) {
                // Intercom's search query: the runtime's typed builder (`search::Query`), which
                // cannot express a query the API would refuse.
                field.model = Some(SEARCH_QUERY.to_owned());
            }
            self.push(field);
        }
        pagination
    }

    /// An input whose schema is the component `reference` names.
    fn field_reference(&mut self, name: &str, reference: &str, at: &str) -> FieldOut {
        let Some(target) = ref_name(reference).and_then(|n| self.schemas.resolve_named(n)) else {
            self.schemas
                .problem(at, format!("unknown reference `{reference}`"));
            return FieldOut::default();
        };
        let ty = self.schemas.reference_type(reference, name, at);
        let mut field = self.field_from(name, target, ty, at);
        field.description = describe(target);
        field
    }

    fn field_ref(&mut self, name: &str, schema: &'a ReferenceOr<Schema>, at: &str) -> FieldOut {
        match schema {
            ReferenceOr::Item(s) => self.field(name, s, at),
            ReferenceOr::Reference { reference } => self.field_reference(name, reference, at),
        }
    }

    /// An input of schema `schema`, named `name`.
    fn field(&mut self, name: &str, schema: &'a Schema, at: &str) -> FieldOut {
        let parent = format!("{}Request", self.op_name);
        let ty = self.schemas.type_of(schema, &parent, name, at);
        let mut field = self.field_from(name, schema, ty, at);
        field.description = describe(schema);
        field
    }

    /// The manifest's words for an input whose schema is `schema` and model type `ty`.
    fn field_from(&mut self, name: &str, schema: &'a Schema, ty: TypeOut, at: &str) -> FieldOut {
        let mut field = FieldOut {
            name: name.to_owned(),
            ..FieldOut::default()
        };
        let integer_at = matches!(&schema.schema_kind, SchemaKind::Type(Type::Integer(_)));
        match ty.ty.as_str() {
            "String" | "Id" => match ty.values {
                Some((_, values)) => {
                    field.ty = "Select";
                    field.enum_name = Some(format!("{}{}", self.op_name, names::pascal(name)));
                    field.values = Some(values);
                }
                None if integer_at => {
                    field.ty = "Number";
                    field.sdk_type = Some("Integer");
                }
                None => field.ty = "String",
            },
            "Integer" => {
                field.ty = "Number";
                field.sdk_type = Some("Integer");
            }
            "Number" => field.ty = "Number",
            "Boolean" => field.ty = "Boolean",
            "Timestamp" if integer_at => field.ty = "Datepicker",
            "Timestamp" => field.ty = "String",
            "Object" | "Any" => field.ty = "JSON",
            list if list.starts_with('[') => {
                field.ty = "List";
                let inner = &list[1..list.len() - 1];
                match inner {
                    "String" | "Id" => field.items = Some("String"),
                    "Integer" => field.items = Some("Integer"),
                    "Object" => field.items = Some("JSON"),
                    "Number" | "Boolean" | "Timestamp" | "Any" => field.items = Some("Any"),
                    model => {
                        field.items = Some("JSON");
                        field.model = Some(model.to_owned());
                    }
                }
            }
            model => {
                field.ty = "JSON";
                field.model = Some(model.to_owned());
            }
        }
        let _ = at;
        field
    }

    /// The operation's answer: the manifest's `response`, the success status when not 200, and
    /// what it says of paging.
    fn response(&mut self, responses: &'a openapiv3::Responses) -> (String, Option<u16>, Pages) {
        let success = responses.responses.iter().find_map(|(code, r)| match code {
            StatusCode::Code(c @ 200..=299) => Some((*c, r)),
            _ => None,
        });
        let Some((code, response)) = success else {
            return ("none".to_owned(), None, Pages::default());
        };
        let status = (code != 200).then_some(code);
        let at = format!("{}/responses/{code}", self.pointer);
        let ReferenceOr::Item(response) = response else {
            self.schemas
                .problem(&at, "a response given by reference".to_owned());
            return ("none".to_owned(), status, Pages::default());
        };
        let (kind, model, pages) = self.answer(response, &at);
        let text = match kind {
            Answer::Empty => "none".to_owned(),
            Answer::Text => "text".to_owned(),
            Answer::File => "file".to_owned(),
            Answer::Json => model,
        };
        (text, status, pages)
    }

    fn answer(&mut self, response: &'a Response, at: &str) -> (Answer, String, Pages) {
        let Some((kind, media)) = response.content.iter().next() else {
            return (Answer::Empty, String::new(), Pages::default());
        };
        if kind.starts_with("text/") {
            return (Answer::Text, String::new(), Pages::default());
        }
        if kind != "application/json" {
            return (Answer::File, String::new(), Pages::default());
        }
        let Some(schema) = &media.schema else {
            return (Answer::Empty, String::new(), Pages::default());
        };
        let at = format!("{at}/content/{}/schema", escape_pointer(kind));
        let resolved = self.resolve(schema);
        let members = resolved
            .map(|s| self.schemas.object_members(s, &at))
            .unwrap_or_default();
        let scalars = [
            "[String]",
            "[Id]",
            "[Integer]",
            "[Number]",
            "[Boolean]",
            "[Timestamp]",
            "[Any]",
            "[Object]",
        ];
        let lists = members
            .iter()
            .filter(|(name, schema, _)| {
                let ty = self.schemas.member_type(
                    schema,
                    &format!("{}Response", self.op_name),
                    name,
                    &at,
                );
                ty.ty.starts_with('[') && !scalars.contains(&ty.ty.as_str())
            })
            .count();
        let pages = Pages {
            pages: members.iter().any(|(n, _, _)| n == "pages"),
            scroll: members.iter().any(|(n, _, _)| n == "scroll_param"),
            lists,
        };
        let parent = format!("{}Response", self.op_name);
        let ty = self.schemas.type_of_ref(schema, &parent, "", &at);
        let model = match ty.ty.as_str() {
            "Object" | "Any" | "String" | "Integer" | "Number" | "Boolean" | "Timestamp" | "Id" => {
                "json".to_owned()
            }
            other => other.to_owned(),
        };
        (Answer::Json, model, pages)
    }
}

enum Answer {
    Empty,
    Json,
    Text,
    File,
}

/// The schema `schema` refers to (through references, and through a `oneOf`, `anyOf` or
/// `allOf` of one alternative), if any.
pub(super) fn resolve<'a>(
    schemas: &Schemas<'a>,
    schema: &'a ReferenceOr<Schema>,
) -> Option<&'a Schema> {
    let mut current = schema;
    for _ in 0..16 {
        let found = match current {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                ref_name(reference).and_then(|n| schemas.resolve_named(n))?
            }
        };
        match &found.schema_kind {
            SchemaKind::OneOf { one_of: p }
            | SchemaKind::AnyOf { any_of: p }
            | SchemaKind::AllOf { all_of: p }
                if p.len() == 1 =>
            {
                current = &p[0];
            }
            _ => return Some(found),
        }
    }
    None
}

/// The manifest's name of the runtime's search query type.
pub(super) const SEARCH_QUERY: &str = "SearchQuery";

/// Whether a member is Intercom's search query: one filter or a group of them
/// (`single_filter_search_request` or `multiple_filter_search_request`).
fn is_search_query(schemas: &Schemas<'_>, member: &ReferenceOr<Box<Schema>>) -> bool {
    let schema = match member {
        ReferenceOr::Item(s) => Some(&**s),
        ReferenceOr::Reference { reference } => {
            ref_name(reference).and_then(|n| schemas.resolve_named(n))
        }
    };
    let Some(SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }) =
        schema.map(|s| &s.schema_kind)
    else {
        return false;
    };
    let mut names: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            ReferenceOr::Reference { reference } => ref_name(reference),
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => match &all_of[0] {
                    ReferenceOr::Reference { reference } => ref_name(reference),
                    ReferenceOr::Item(_) => None,
                },
                _ => None,
            },
        })
        .collect();
    names.sort_unstable();
    names
        == [
            "multiple_filter_search_request",
            "single_filter_search_request",
        ]
}

/// The one value a string schema allows, if it allows one.
fn single_value(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(one)] => Some(one.clone()),
            _ => None,
        },
        _ => None,
    }
}
