//! What the manifest says of every operation, as data: the request each one sends, its inputs,
//! its answer. The SDK sends requests from it; the CLI builds its commands from it and the mock
//! server routes and checks requests with it; hooks receive it. Generated from `manifest/`
//! (every operation compiled in: [`all`]).
//!
//! ```
//! # #[cfg(feature = "v2")] fn main() {
//! let op = intercom_sdk::meta::find("SearchContacts").expect("in the manifest");
//! assert_eq!(op.method.as_str(), "POST");
//! assert_eq!(op.path.as_str(), "/contacts/search");
//! assert_eq!(op.rust_name, "contacts().search");
//! assert!(op.fields.iter().any(|f| f.name == "query" && f.required));
//! # }
//! # #[cfg(not(feature = "v2"))] fn main() {}
//! ```

#[cfg(feature = "v1")]
pub use crate::generated::meta::*;

/// Every operation compiled in: the 1.x ones (feature `v1`), then the 2.x ones (feature `v2`).
pub fn all() -> impl Iterator<Item = &'static Operation> {
    #[cfg(feature = "v1")]
    let v1: &[&Operation] = crate::generated::meta::OPERATIONS;
    #[cfg(not(feature = "v1"))]
    let v1: &[&Operation] = &[];
    #[cfg(feature = "v2")]
    let v2: &[&Operation] = crate::generated::v2::meta::OPERATIONS;
    #[cfg(not(feature = "v2"))]
    let v2: &[&Operation] = &[];
    v1.iter().chain(v2).copied()
}

/// The operation called `name` in the manifest (`getSingleUser`; for 2.x, the `operationId`,
/// `SearchContacts`), the 1.x one first where both APIs have the name.
pub fn find(name: &str) -> Option<&'static Operation> {
    all().find(|op| op.name == name)
}

/// The operation called `name` in the manifest of `api`.
pub fn find_in(api: Api, name: &str) -> Option<&'static Operation> {
    all().find(|op| op.api == api && op.name == name)
}

/// Which of Intercom's APIs an operation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    /// The 1.x API (`Intercom-Version: 1.4` unless told otherwise): feature `v1`.
    V1,
    /// The 2.x API (`Intercom-Version: 2.16` unless told otherwise): feature `v2`.
    V2,
}

impl Api {
    /// The `Intercom-Version` a client sends for this API unless told otherwise.
    pub fn default_version(self) -> &'static str {
        match self {
            Api::V1 => crate::generated::api::DEFAULT_VERSION,
            Api::V2 => crate::generated::api::V2_DEFAULT_VERSION,
        }
    }

    /// The API a version string belongs to: `1.x` is [`Api::V1`], anything else [`Api::V2`].
    pub fn of_version(version: &str) -> Api {
        if version.trim_start().starts_with("1.") {
            Api::V1
        } else {
            Api::V2
        }
    }
}

/// What a success answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Nothing worth reading.
    None,
    /// A JSON object: the model of this name.
    Model(&'static str),
    /// A JSON array of the model of this name.
    List(&'static str),
    /// JSON of any shape.
    Json,
    /// Text.
    Text,
    /// A file, as bytes.
    File,
}

impl Answer {
    /// The model a success decodes into (itself, or the items of a list).
    pub fn model(self) -> Option<&'static str> {
        match self {
            Answer::Model(m) | Answer::List(m) => Some(m),
            _ => None,
        }
    }
}

/// One operation of the API.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// The API it belongs to.
    pub api: Api,
    /// The operation's name in the manifest (`createUserByEmail`; for 2.x the `operationId`): a
    /// stable identifier, also each method's `#[doc(alias)]`.
    pub name: &'static str,
    /// How it is called in Rust, as errors name it: the `Client` method
    /// (`create_user_by_email`), or for 2.x the groups and the method (`contacts().search`).
    pub rust_name: &'static str,
    /// What the operation does, in the manifest's words.
    pub description: &'static str,
    /// Module of `operations` it is in.
    pub group: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template (before any route picks another).
    pub path: PathTemplate,
    /// The status of a success (200, or 202 for an accepted event).
    pub success: u16,
    /// Whether sending it twice is as good as once (the retry policy reads this).
    pub idempotent: bool,
    /// Whether the access token is sent.
    pub auth: bool,
    /// Whether the answer holds secrets (error bodies it cannot redact are withheld).
    pub secret_response: bool,
    /// What a success answers with.
    pub response: Answer,
    /// How a list continues, for list operations.
    pub paging: Option<Paging>,
    /// Headers always sent: (name, value).
    pub headers: &'static [(&'static str, &'static str)],
    /// Query parameters always sent: (key, value).
    pub query: &'static [(&'static str, &'static str)],
    /// Body members always sent: (dotted key, JSON text of the value).
    pub body: &'static [(&'static str, &'static str)],
    /// The Select whose value picks the request, when one does.
    pub routing: Option<Routing>,
    /// Inputs, in the manifest's order. Generated builders place each input by its position here.
    pub fields: &'static [Field],
}

impl Operation {
    /// An operation no manifest lists: for decoding a body outside a call, and for tests.
    pub(crate) const fn detached(name: &'static str) -> Operation {
        Operation {
            api: Api::V1,
            name,
            rust_name: name,
            description: "",
            group: "",
            method: Method::Get,
            path: PathTemplate::new("", &[]),
            success: 200,
            idempotent: true,
            auth: false,
            secret_response: false,
            response: Answer::None,
            paging: None,
            headers: &[],
            query: &[],
            body: &[],
            routing: None,
            fields: &[],
        }
    }

    const fn raw(method: Method, idempotent: bool) -> Operation {
        Operation {
            // A raw call is sent with the newest API's version compiled in, unless it says.
            #[cfg(feature = "v2")]
            api: Api::V2,
            method,
            idempotent,
            auth: true,
            response: Answer::Json,
            ..Operation::detached("raw")
        }
    }

    /// The inputs a caller gives (the credential excluded).
    pub fn inputs(&self) -> impl Iterator<Item = &'static Field> + use<> {
        let fields: &'static [Field] = self.fields;
        fields.iter().filter(|f| f.place != Place::Auth)
    }

    /// The input named `name` (the manifest's spelling).
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        let fields: &'static [Field] = self.fields;
        fields.iter().find(|f| f.name == name)
    }

    /// Every path template the operation may send to: its own, then its routes'.
    pub fn paths(&self) -> impl Iterator<Item = PathTemplate> + use<> {
        let routes = self.routing.map_or(&[][..], |r| r.routes);
        std::iter::once(self.path).chain(routes.iter().map(|r| r.path))
    }
}

/// The operation of a [`Client::raw`](crate::Client::raw) call with `method`: named `raw`, sent
/// with the token, idempotent (retried after a lost connection or a 5xx) unless a POST.
pub fn raw(method: Method) -> &'static Operation {
    match method {
        Method::Get => &RAW_GET,
        Method::Post => &RAW_POST,
        Method::Put => &RAW_PUT,
        Method::Delete => &RAW_DELETE,
        Method::Patch => &RAW_PATCH,
    }
}

static RAW_GET: Operation = Operation::raw(Method::Get, true);
static RAW_POST: Operation = Operation::raw(Method::Post, false);
static RAW_PUT: Operation = Operation::raw(Method::Put, true);
static RAW_DELETE: Operation = Operation::raw(Method::Delete, true);
static RAW_PATCH: Operation = Operation::raw(Method::Patch, false);

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// The method's name, upper-case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
        }
    }
}

/// A path template, `/users/{userId}`: literal text and placeholders named after fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathTemplate {
    text: &'static str,
    segments: &'static [Segment],
}

/// A piece of a [`PathTemplate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as it is.
    Literal(&'static str),
    /// Replaced by the value of the field of this name, encoded as one path segment.
    Param(&'static str),
}

impl PathTemplate {
    /// A template and its pieces (made by the generator, which parsed `text` into `segments`).
    pub const fn new(text: &'static str, segments: &'static [Segment]) -> Self {
        PathTemplate { text, segments }
    }

    /// The template as written in the manifest.
    pub fn as_str(&self) -> &'static str {
        self.text
    }

    /// Its pieces, in order.
    pub fn segments(&self) -> &'static [Segment] {
        self.segments
    }

    /// The field names of its placeholders.
    pub fn params(&self) -> impl Iterator<Item = &'static str> + use<> {
        let segments: &'static [Segment] = self.segments;
        segments.iter().filter_map(|s| match s {
            Segment::Param(name) => Some(*name),
            Segment::Literal(_) => None,
        })
    }

    /// How many placeholders it has (fewer is more specific: `/users/scroll` before
    /// `/users/{userId}`).
    pub fn param_count(&self) -> usize {
        self.params().count()
    }

    /// Whether `path` (as sent, percent-encoded) fits the template: each placeholder stands for
    /// one non-empty segment.
    pub fn matches(&self, path: &str) -> bool {
        let mut rest = path;
        let mut pieces = self.segments.iter().peekable();
        while let Some(piece) = pieces.next() {
            match piece {
                Segment::Literal(text) => match rest.strip_prefix(text) {
                    Some(r) => rest = r,
                    None => return false,
                },
                Segment::Param(_) => {
                    let end = rest.find('/').unwrap_or(rest.len());
                    if end == 0 {
                        return false;
                    }
                    rest = &rest[end..];
                    if pieces.peek().is_none() {
                        break;
                    }
                }
            }
        }
        rest.is_empty() || rest == "/"
    }
}

/// How a list operation continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Follows `pages.next` links.
    Pages,
    /// Carries `scroll_param` from page to page.
    Scroll,
    /// 2.x lists: follows `pages.next` as a link, or sends its `starting_after` cursor back in
    /// the query, or asks for the next page number while `pages.page` is below `total_pages`.
    Cursor,
    /// 2.x searches: sends `pages.next.starting_after` back in the body's
    /// `pagination.starting_after`.
    Search,
}

/// The Select whose value picks an operation's request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Routing {
    /// The picking field (`userIdType`).
    pub by: &'static str,
    /// One route per value of the Select, in its order.
    pub routes: &'static [Route],
}

/// The request one value of the picking Select sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The Select value.
    pub value: &'static str,
    /// Path template.
    pub path: PathTemplate,
    /// Query parameters: (key, field).
    pub query: &'static [(&'static str, &'static str)],
    /// Body members: (dotted key, field).
    pub body: &'static [(&'static str, &'static str)],
    /// The answer is a list under this key that must hold one record.
    pub single: Option<&'static str>,
    /// The API cannot do this: refused before sending, with this message.
    pub refuse: Option<&'static str>,
}

/// One input of an operation.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Field {
    /// The input's name in the manifest (`userIdType`).
    pub name: &'static str,
    /// The setter (or argument) of the SDK, as Rust writes it (`r#type`).
    pub rust_name: &'static str,
    /// What the input is, in the manifest's words.
    pub description: &'static str,
    /// The type the manifest declares (`String`, `Select`, …).
    pub manifest_type: &'static str,
    /// The SDK's type.
    pub kind: Kind,
    /// Whether it is an argument of the method (else a setter).
    pub required: bool,
    /// Where it goes in the request.
    pub place: Place,
    /// For a Select: its enum and values.
    pub select: Option<Select>,
    /// For a list of objects: members every item is sent with, (key, JSON text of the value)
    /// (`untag: true` for the untagging operations).
    pub each: &'static [(&'static str, &'static str)],
    /// Body members sent beside this input when it is given: (dotted key, JSON text of the
    /// value) (`avatar.type: avatar` beside an avatar URL).
    pub with: &'static [(&'static str, &'static str)],
    /// For a list of ids sent as `{ "type": …, key: [{ item: id }, …] }`: that shape.
    pub wrap: Option<Wrap>,
    /// For a typed JSON input (a [`Kind::Model`] or [`Kind::ModelList`]): the model's name.
    pub model: Option<&'static str>,
    /// Body members the API takes in this required member's place (`email` or `id` for an
    /// event's `user_id`): a request carrying one of them needs no value here.
    pub alternatives: &'static [&'static str],
    /// For an object input (or a list of them) with a shape: the members the API takes in it
    /// (each item), those of its `shape` model (`id`, `user_id`, `email` for a tagged user).
    pub shape: &'static [&'static str],
}

impl Field {
    /// A field with every member empty: what generated metadata starts each field from. (A
    /// constant, not `Field::new`: the compiler evaluates a constant once, a call per field.)
    pub(crate) const BLANK: Field = Field::new("", Kind::Text, Place::Body(""));

    /// A field of `kind` placed at `place`, with every other member empty: what generated
    /// metadata starts each field from.
    pub const fn new(name: &'static str, kind: Kind, place: Place) -> Field {
        Field {
            name,
            rust_name: name,
            description: "",
            manifest_type: "",
            kind,
            required: false,
            place,
            select: None,
            each: &[],
            with: &[],
            wrap: None,
            model: None,
            alternatives: &[],
            shape: &[],
        }
    }
}

/// The shape of a list of ids sent wrapped: `{ "type": list_type, key: [{ item: id }, …] }`
/// (tag and segment lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrap {
    /// The value of `type` (`tag.list`).
    pub list_type: &'static str,
    /// The member holding the items (`tags`).
    pub key: &'static str,
    /// The member of each item holding an id (`id`).
    pub item: &'static str,
}

/// The SDK's type of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// Text.
    Text,
    /// Text kept out of `Debug` (a client or hub secret).
    Secret,
    /// `true` or `false`.
    Boolean,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// A JSON object.
    Json,
    /// A point in time (the manifest's `Datepicker`), sent as Unix seconds.
    Timestamp,
    /// `"lat,lon"` (the manifest's `Map`).
    LatLon,
    /// A list of strings.
    TextList,
    /// A list of JSON objects.
    ObjectList,
    /// A list of whole numbers.
    IntegerList,
    /// A list of JSON values of any kind.
    AnyList,
    /// A JSON object of a model ([`Field::model`]).
    Model,
    /// A list of JSON objects of a model ([`Field::model`]).
    ModelList,
    /// One of a Select's values.
    Select,
}

/// Where an input goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The client's access token: not an input of the call.
    Auth,
    /// A placeholder of the path.
    Path,
    /// A query parameter of this key.
    Query(&'static str),
    /// A body member at this dotted key (`user.email`).
    Body(&'static str),
    /// The whole body.
    Payload,
    /// A header of this name.
    Header(&'static str),
    /// Where the operation's routes put it.
    Route,
}

/// A Select input's enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Select {
    /// The Rust enum (`IdType`).
    pub enum_name: &'static str,
    /// Its values as sent.
    pub values: &'static [&'static str],
    /// Its variants, one per value, in the same order.
    pub variants: &'static [&'static str],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_one_segment_per_placeholder() {
        static ONE: &[Segment] = &[Segment::Literal("/users/"), Segment::Param("userId")];
        let t = PathTemplate::new("/users/{userId}", ONE);
        assert!(t.matches("/users/a%2Fb"));
        assert!(!t.matches("/users"));
        assert!(!t.matches("/users/"));
        assert!(!t.matches("/users/a/b"));
        static TWO: &[Segment] = &[
            Segment::Literal("/jobs/"),
            Segment::Param("jobId"),
            Segment::Literal("/error"),
        ];
        let t = PathTemplate::new("/jobs/{jobId}/error", TWO);
        assert!(t.matches("/jobs/7/error"));
        assert!(!t.matches("/jobs/7"));
        assert_eq!(t.params().collect::<Vec<_>>(), ["jobId"]);
    }
}
