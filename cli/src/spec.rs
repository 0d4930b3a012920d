//! The shape of the generated operation table (`generated::OPERATIONS`).

/// How a flag's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text.
    String,
    /// Text kept out of snippets (read from the environment there).
    Secret,
    /// `true` or `false`.
    Boolean,
    /// A number.
    Number,
    /// A JSON object.
    Json,
    /// Unix seconds or RFC 3339.
    Datepicker,
    /// `"lat,lon"`. No seed operation has one, but a manifest may add it.
    #[allow(dead_code)]
    Map,
    /// A JSON array of strings.
    StringList,
    /// A JSON array of objects.
    ObjectList,
    /// One of `values`.
    Select,
}

impl Kind {
    /// The value placeholder shown in `--help`.
    pub fn hint(self) -> &'static str {
        match self {
            Kind::String | Kind::Secret => "TEXT",
            Kind::Boolean => "true|false",
            Kind::Number => "NUMBER",
            Kind::Json => "JSON_OBJECT",
            Kind::Datepicker => "UNIX_SECONDS|RFC3339",
            Kind::Map => "LAT,LON",
            Kind::StringList => "JSON_ARRAY",
            Kind::ObjectList => "JSON_ARRAY_OF_OBJECTS",
            Kind::Select => "VALUE",
        }
    }
}

/// Where a field goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The client's token.
    Auth,
    /// A path placeholder.
    Path,
    /// A query parameter.
    Query(&'static str),
    /// A body member at a dotted path.
    Body(&'static str),
    /// Placed by the operation's routes.
    Route,
}

/// How a list continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `pages.next`.
    Pages,
    /// `scroll_param`.
    Scroll,
}

/// One input of an operation.
#[derive(Debug)]
pub struct FieldSpec {
    /// Seed name (`userIdType`).
    pub name: &'static str,
    /// Flag name (`user-id-type`).
    pub flag: &'static str,
    /// Seed description.
    pub description: &'static str,
    /// Seed type.
    pub seed_type: &'static str,
    /// How the flag is read.
    pub kind: Kind,
    /// Whether the flag must be given.
    pub required: bool,
    /// Where it goes.
    pub place: Place,
    /// The SDK's setter (or argument) name, as Rust writes it (`r#type`).
    pub setter: &'static str,
    /// The SDK's enum, for a Select.
    pub enum_name: Option<&'static str>,
    /// Allowed values, for a Select.
    pub values: &'static [&'static str],
    /// The enum variants of `values`, in order.
    pub variants: &'static [&'static str],
}

/// The request shape for one value of the picking Select.
#[derive(Debug)]
pub struct RouteSpec {
    /// The Select value.
    pub value: &'static str,
    /// Path template.
    pub path: &'static str,
    /// Query parameters: (wire key, field).
    pub query: &'static [(&'static str, &'static str)],
    /// Body members: (dotted key, field).
    pub body: &'static [(&'static str, &'static str)],
    /// Refused before sending.
    pub reject: bool,
}

/// The routes of an operation.
#[derive(Debug)]
pub struct RoutingSpec {
    /// The picking field.
    pub by: &'static str,
    /// One route per value.
    pub routes: &'static [RouteSpec],
}

/// One operation.
#[derive(Debug)]
pub struct OpSpec {
    /// Seed name (`getSingleUser`).
    pub name: &'static str,
    /// Command name (`get-single-user`).
    pub command: &'static str,
    /// Seed description.
    pub description: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: &'static str,
    /// The SDK's method name.
    pub rust_method: &'static str,
    /// Response model, if any.
    pub response: Option<&'static str>,
    /// Paging scheme of a list.
    pub paging: Option<Paging>,
    /// Whether the token is sent.
    pub auth: bool,
    /// Constant query parameters.
    pub query_consts: &'static [(&'static str, &'static str)],
    /// Constant body members (dotted key, JSON text).
    pub body_consts: &'static [(&'static str, &'static str)],
    /// Routes chosen by a Select.
    pub routing: Option<RoutingSpec>,
    /// Inputs, in manifest order.
    pub fields: &'static [FieldSpec],
}

impl OpSpec {
    /// The inputs a caller gives (the token excluded).
    pub fn inputs(&self) -> impl Iterator<Item = &FieldSpec> {
        self.fields.iter().filter(|f| f.place != Place::Auth)
    }

    /// The input named `name`.
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}
