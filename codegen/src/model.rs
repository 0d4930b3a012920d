//! The checked manifest: every name resolved, every rule of `validate` already enforced.
//! Emitters read only this.

pub use crate::template::{PathTemplate, Segment};

/// The whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// Human name of the API.
    pub name: String,
    /// The SDK module its operations and models go in (`v2`), or `None` for the crate root (1.x).
    pub module: Option<String>,
    /// Default base URL of the client.
    pub base_url: String,
    /// Header carrying the API version.
    pub version_header: String,
    /// Version sent by default.
    pub default_version: String,
    /// The seed's custom datatypes.
    pub datatypes: Vec<Datatype>,
    /// Operations in manifest order.
    pub operations: Vec<Operation>,
    /// Select enums, deduplicated by name, in order of first use.
    pub selects: Vec<SelectEnum>,
    /// Response models, in manifest order.
    pub models: Vec<Model>,
    /// Enums of values the server sends (open: unknown values are kept).
    pub server_enums: Vec<ServerEnum>,
}

impl Api {
    /// The model called `name`.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// Whether an answer of the model `name` can hold a secret member, at any depth.
    pub fn holds_secrets(&self, name: &str) -> bool {
        fn walk<'a>(api: &'a Api, name: &'a str, seen: &mut Vec<&'a str>) -> bool {
            if seen.contains(&name) {
                return false;
            }
            seen.push(name);
            let Some(model) = api.model(name) else {
                return false;
            };
            model.fields.iter().any(|f| {
                let mut ty = &f.ty;
                while let ModelType::List(inner) = ty {
                    ty = inner;
                }
                match ty {
                    ModelType::Secret => true,
                    ModelType::Model(inner) => walk(api, inner, seen),
                    _ => false,
                }
            })
        }
        walk(self, name, &mut Vec::new())
    }
}

/// A response model: a struct whose unknown members are kept.
#[derive(Debug, Clone)]
pub struct Model {
    /// Rust type name.
    pub name: String,
    /// Doc text.
    pub description: String,
    /// Where its members are documented.
    pub source: Option<String>,
    /// Known members (none for a union).
    pub fields: Vec<ModelField>,
    /// For a model that is one of several shapes: its variants.
    pub union: Option<Union>,
    /// For a type the runtime provides rather than the generator (`search::Query`): its path
    /// in the SDK crate. Only inputs may have it.
    pub external: Option<String>,
}

/// A model that is one of several shapes (OpenAPI's `oneOf`/`anyOf`).
#[derive(Debug, Clone)]
pub struct Union {
    /// The member whose value tells the shapes apart, when one does.
    pub tag: Option<String>,
    /// The shapes, in the order they are tried.
    pub variants: Vec<Variant>,
}

/// One shape of a union.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// Its type: a model, a scalar or a list.
    pub ty: ModelType,
    /// Values of the tag that pick it.
    pub when: Vec<String>,
    /// Members an object must have to be it (when no tag says).
    pub requires: Vec<String>,
}

/// A known member of a response model.
#[derive(Debug, Clone)]
pub struct ModelField {
    /// JSON key.
    pub wire: String,
    /// Rust identifier text.
    pub rust_name: String,
    /// Doc text.
    pub description: String,
    /// Its type.
    pub ty: ModelType,
}

/// Types of response model members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelType {
    /// `String`
    String,
    /// An identifier: a JSON string or integer, kept in the form received.
    Id,
    /// `i64`
    Integer,
    /// A number kept as its JSON text.
    Number,
    /// `bool`
    Boolean,
    /// `Timestamp`
    Timestamp,
    /// A JSON object of any keys.
    Object,
    /// Any JSON value.
    Any,
    /// A string kept out of `Debug` (an access token, a hub secret).
    Secret,
    /// Another model, by name.
    Model(String),
    /// A server enum, by name.
    Enum(String),
    /// A list.
    List(Box<ModelType>),
}

/// An enum the server sends; values it does not list are kept as `Unknown`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerEnum {
    /// Rust type name.
    pub name: String,
    /// Doc: the description of the first field using it.
    pub description: String,
    /// Known wire strings.
    pub values: Vec<String>,
}

/// A custom datatype of the seed.
#[derive(Debug, Clone)]
pub struct Datatype {
    /// Its name (`Datepicker`).
    pub name: String,
    /// The seed's description.
    pub description: String,
    /// An example value.
    pub example: String,
}

/// One closed set of values a user picks from.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectEnum {
    /// Rust type name.
    pub name: String,
    /// Doc: the description of the first field using it.
    pub description: String,
    /// Wire strings, in order.
    pub values: Vec<String>,
    /// Seed operations and fields using it, for the docs.
    pub used_by: Vec<(String, String)>,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

/// How a list operation continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `pages.next` URLs.
    Pages,
    /// `scroll_param`.
    Scroll,
    /// 2.x lists: `pages.next` as a URL or a `starting_after` cursor, or page numbers.
    Cursor,
    /// 2.x searches: the cursor goes back in the body's `pagination.starting_after`.
    Search,
}

/// What a success answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Nothing worth reading.
    None,
    /// A JSON object, decoded into this model.
    Model(String),
    /// A JSON array of this model.
    List(String),
    /// JSON of any shape.
    Json,
    /// Text.
    Text,
    /// A file: the bytes as sent.
    File,
}

/// One operation of the API.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Seed name (`createUserByEmail`).
    pub name: String,
    /// Rust method name (`create_user_by_email`).
    pub method_name: String,
    /// Rust builder type name (`CreateUserByEmail`).
    pub type_name: String,
    /// The seed's description.
    pub description: String,
    /// Longer documentation (Markdown), if any.
    pub docs: String,
    /// Where the operation comes from (a JSON pointer into an OpenAPI description), if known.
    pub source: Option<String>,
    /// Module the operation is emitted into; dotted for a nested group (`help_centers.collections`).
    pub group: String,
    /// False for an operation the manifest adds to the seed's (`seed: false`).
    pub from_seed: bool,
    /// What a success answers with.
    pub response: Answer,
    /// The status of a success.
    pub success: u16,
    /// Paging scheme, for list operations.
    pub paging: Option<Paging>,
    /// For list operations: the response member holding the records, and their model.
    pub records: Option<Records>,
    /// Whether repeating the request is safe.
    pub idempotent: bool,
    /// Whether the bearer token is sent.
    pub auth: bool,
    /// HTTP method.
    pub method: Method,
    /// Path template (`/users/{userId}`).
    pub path: PathTemplate,
    /// Headers always sent.
    pub headers: Vec<(String, String)>,
    /// Constant query parameters.
    pub query_consts: Vec<(String, String)>,
    /// Constant body members (dotted wire path, JSON value).
    pub body_consts: Vec<(Vec<String>, serde_json::Value)>,
    /// The Select that picks the request's shape, if any.
    pub routing: Option<Routing>,
    /// Fields in manifest order.
    pub fields: Vec<Field>,
}

/// Where a list operation's records are: a member of its response model.
#[derive(Debug, Clone)]
pub struct Records {
    /// The member of the page model holding them (`users`).
    pub member: String,
    /// Their model (`User`).
    pub model: String,
}

impl Operation {
    /// Fields that the caller supplies (the credential excluded), with their position in the
    /// operation's metadata (`meta::Operation::fields`, which leaves the credential out).
    pub fn inputs(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.place != Place::Auth)
    }

    /// The position of `fields[index]` among the [`Operation::inputs`]: how a builder names the
    /// field to the runtime.
    pub fn input_index(&self, index: usize) -> usize {
        self.fields[..index]
            .iter()
            .filter(|f| f.place != Place::Auth)
            .count()
    }

    /// The field named `name` (seed spelling).
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The model a success decodes into (itself, or the items of a list).
    pub fn response_model(&self) -> Option<&str> {
        match &self.response {
            Answer::Model(m) | Answer::List(m) => Some(m),
            _ => None,
        }
    }
}

/// The routes an operation's Select chooses between.
#[derive(Debug, Clone)]
pub struct Routing {
    /// The picking field, by its position in [`Operation::fields`].
    pub by: usize,
    /// Enum type of the picking field.
    pub enum_name: String,
    /// One route per value of the Select, in its order.
    pub routes: Vec<Route>,
}

/// The request shape for one Select value.
#[derive(Debug, Clone)]
pub struct Route {
    /// The Select value.
    pub value: String,
    /// Path template for this route.
    pub path: PathTemplate,
    /// Query parameters: (wire key, the field's position in [`Operation::fields`]).
    pub query: Vec<(String, usize)>,
    /// Body members: (dotted wire path, the field's position in [`Operation::fields`]).
    pub body: Vec<(Vec<String>, usize)>,
    /// Response is a list under this key that must hold exactly one record.
    pub single: Option<String>,
    /// The API cannot do this: fail before sending with this message.
    pub refuse: Option<String>,
}

/// Where a field goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The client's credential; never a per-call input.
    Auth,
    /// A `{placeholder}` of the path.
    Path,
    /// A query parameter.
    Query(String),
    /// A body member at this dotted path.
    Body(Vec<String>),
    /// The whole body.
    Payload,
    /// A header of this name.
    Header(String),
    /// Placed by the operation's routes.
    Route,
}

/// The Rust-side type of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// `String`
    String,
    /// A secret string, redacted in `Debug`.
    Secret,
    /// `bool`
    Bool,
    /// A JSON number.
    Number,
    /// A whole number (`sdk_type: Integer`: pages, counts, amounts the API truncates).
    Integer,
    /// A JSON object.
    Json,
    /// Datepicker: a timestamp.
    Timestamp,
    /// Map: latitude/longitude.
    LatLon,
    /// List of strings.
    StringList,
    /// List (or Array) of JSON objects.
    ObjectList,
    /// List of whole numbers.
    IntegerList,
    /// List of JSON values of any kind.
    AnyList,
    /// A model of the manifest (`model:`), sent as JSON.
    Model(String),
    /// A list of a model of the manifest.
    ModelList(String),
    /// A Select enum, by name.
    Select(String),
}

/// `{ type, key: [{ item: value }] }` around a list of ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrap {
    /// Value of `type`.
    pub list_type: String,
    /// Key holding the items.
    pub key: String,
    /// Key of each item.
    pub item: String,
}

/// One input of an operation.
#[derive(Debug, Clone)]
pub struct Field {
    /// Seed name (`userIdType`).
    pub name: String,
    /// Rust identifier text (`user_id_type`, `r#type`).
    pub rust_name: String,
    /// The seed's description.
    pub description: String,
    /// The seed's type, as written in the manifest.
    pub seed_type: String,
    /// False for a field the manifest adds to the seed's (`seed: false`).
    pub from_seed: bool,
    /// The type the SDK uses.
    pub ty: FieldType,
    /// A required field is an argument of the operation's method.
    pub required: bool,
    /// Where it goes.
    pub place: Place,
    /// Body members added next to this one when it is present.
    pub with: Vec<(Vec<String>, serde_json::Value)>,
    /// Sent wrapped in a typed list.
    pub wrap: Option<Wrap>,
    /// Members merged into each item of an object list.
    pub each: Vec<(String, serde_json::Value)>,
    /// Body members the API takes in this required member's place.
    pub alternatives: Vec<String>,
    /// The model whose members this object input (each item, for a list) must have: anything
    /// `Serialize` is taken, and a member the model does not name, or of a JSON type its member
    /// does not take, refuses the call before sending.
    pub shape: Option<String>,
    /// The model or union each member's value of this object input must be (event metadata:
    /// a string, a number, a rich link or an amount): another value refuses the call before
    /// sending.
    pub value_shape: Option<String>,
}
