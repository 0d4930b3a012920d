//! Calls to any operation of the metadata, its inputs given by name as JSON values: what the
//! CLI and the test kit do with operations they know only as data. Each input is placed,
//! checked and sent exactly as the operation's typed builder does (the same [`Request`]).

use std::fmt;

use serde_json::Value;

use crate::client::attempts::Sending;
use crate::client::shared::Client;
use crate::meta::{Field, Kind, Operation, Paging, Place};
use crate::model::values::RawJson;
use crate::paging::{self, Records};
use crate::request::Request;
use crate::request::options::{CallOptions, call_settings};
use crate::request::wire::Wire;
use crate::response::serde_sends;

/// A call to the operation `meta` describes, built by [`Client::invoke`]; send it with
/// [`Invocation::send`] (decoded into any type serde reads), [`Invocation::send_with_response`]
/// or [`Invocation::bytes`].
#[derive(Clone)]
#[must_use = "a request is sent only by `.send().await` or `.bytes().await`"]
pub struct Invocation {
    client: Client,
    options: CallOptions,
    meta: &'static Operation,
    /// (field position, value), in the order given.
    inputs: Vec<(usize, Value)>,
    /// An input the operation does not have: the call is refused.
    unknown: Option<String>,
}

impl Client {
    /// A call to the operation `meta` (`&intercom_sdk::v2::meta::SEARCH_CONTACTS`,
    /// `intercom_sdk::meta::find("getAdmins")`), its inputs given by name with
    /// [`Invocation::input`]. What the typed builder checks is checked here too, before
    /// anything is sent.
    ///
    /// ```no_run
    /// # async fn demo(client: intercom_sdk::Client) -> Result<(), intercom_sdk::Error> {
    /// let op = intercom_sdk::meta::find("retrieveContact").expect("in the manifest");
    /// let contact: serde_json::Value = client.invoke(op).input("contact_id", "63a07ddf").send().await?;
    /// # let _ = contact; Ok(()) }
    /// ```
    pub fn invoke(&self, meta: &'static Operation) -> Invocation {
        Invocation {
            client: self.clone(),
            options: CallOptions::default(),
            meta,
            inputs: Vec::new(),
            unknown: None,
        }
    }
}

impl Invocation {
    /// The input `name` (as the metadata names it: `contact_id`, `userIdType`): a JSON value
    /// of the input's kind (text, number, boolean, list, object, a Select's value).
    pub fn input(mut self, name: &str, value: impl Into<Value>) -> Self {
        match self.meta.fields.iter().position(|f| f.name == name) {
            Some(i) => self.inputs.push((i, value.into())),
            None => {
                if self.unknown.is_none() {
                    self.unknown = Some(name.to_owned());
                }
            }
        }
        self
    }

    call_settings!();

    serde_sends!();

    /// Every record of a list operation, page after page, each as the JSON it came as: the
    /// records are the page's first array member (`data`, `conversations`, `users`, …), and the
    /// list goes on where its `pages` say (a `next` link, a `starting_after` cursor, sent back
    /// in the body for a search, or the next page number), with the bounds of the typed
    /// streams. A scroll, and an operation that is no list, give one error.
    ///
    /// ```no_run
    /// # async fn demo(client: intercom_sdk::Client) -> Result<(), intercom_sdk::Error> {
    /// use futures_util::StreamExt;
    /// let op = intercom_sdk::meta::find("ListContacts").expect("in the manifest");
    /// let mut contacts = client.invoke(op).into_stream();
    /// while let Some(contact) = contacts.next().await {
    ///     println!("{}", contact?.as_str());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn into_stream(self) -> Records<RawJson> {
        let mut first = self.request();
        if matches!(self.meta.paging, Some(Paging::Scroll) | None) {
            // Sent as the first page, the refusal is the stream's one error.
            let why = "this operation has no pages to follow with `into_stream`".to_owned();
            first.refuse("into_stream", None, why);
        }
        let search = self.meta.paging == Some(Paging::Search);
        paging::untyped(self.client, first, any_page::split, search)
    }

    /// The request: its route (picked by the routing Select's value), then every input in the
    /// order of the metadata, then the path.
    fn request(&self) -> Request {
        let mut req = Request::new(self.meta);
        if let Some(name) = &self.unknown {
            let known: Vec<&str> = self.meta.inputs().map(|f| f.name).collect();
            let why = format!("no input `{name}`; it takes {}", known.join(", "));
            req.refuse("input", None, why);
        }
        let value_of = |i: usize| {
            self.inputs
                .iter()
                .rev()
                .find(|(j, _)| *j == i)
                .map(|(_, v)| v)
        };
        if let Some(routing) = self.meta.routing {
            let by = self.meta.fields.iter().position(|f| f.name == routing.by);
            let picked = by.and_then(value_of).and_then(Value::as_str);
            let index = picked.and_then(|v| routing.routes.iter().position(|r| r.value == v));
            match index {
                Some(index) => req.route(index),
                None => req.refuse(
                    "route",
                    None,
                    format!("`{}` must be one of its values", routing.by),
                ),
            }
        }
        for (i, field) in self.meta.fields.iter().enumerate() {
            let routing = self.meta.routing.is_some_and(|r| r.by == field.name);
            if field.place == Place::Auth || routing {
                continue;
            }
            match value_of(i) {
                Some(value) if field.required => req.input(i, &Input { field, value }),
                Some(value) => req.input_opt(i, Some(&Input { field, value })),
                None if field.required => {
                    req.refuse(field.name, None, "this input is required".to_owned());
                }
                None => {}
            }
        }
        req.options = self.options.clone();
        req.finish();
        req
    }

    fn start(self) -> Sending {
        let request = self.request();
        self.client.sending(request)
    }
}

impl fmt::Debug for Invocation {
    /// What the call would send (secrets redacted).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.request().debug("Invocation", f)
    }
}

/// A page of a list known only by its metadata: where it goes on, and everything else kept as
/// sent, its records being its first array member.
mod any_page {
    use crate::model::fields::{Fields, Member, Slot, SlotRef, field_ref};
    use crate::model::names::MemberNames;
    use crate::model::values::RawJson;
    use crate::paging::Next;
    use crate::support::{Extra, model_impls};

    #[derive(Clone, Default)]
    pub(super) struct AnyPage {
        pages: Option<Box<AnyPages>>,
        extra: Extra,
    }

    /// `pages`: its `next` (a link or a cursor) is read from `extra` by [`Next::of`].
    #[derive(Clone, Default)]
    pub(super) struct AnyPages {
        page: Option<i64>,
        total_pages: Option<i64>,
        extra: Extra,
    }

    impl Fields for AnyPage {
        fn names(&self) -> &'static MemberNames {
            static NAMES: MemberNames = MemberNames(&["pages"]);
            &NAMES
        }

        fn slot(&mut self, key: &str) -> Option<(usize, Slot<'_>)> {
            (key == "pages").then(|| (0, Member::slot(&mut self.pages)))
        }

        fn each<'a>(&'a self, f: &mut dyn FnMut(&'static str, SlotRef<'a>)) {
            f("pages", field_ref(&self.pages));
        }
    }

    impl Fields for AnyPages {
        fn names(&self) -> &'static MemberNames {
            static NAMES: MemberNames = MemberNames(&["page", "total_pages"]);
            &NAMES
        }

        fn slot(&mut self, key: &str) -> Option<(usize, Slot<'_>)> {
            match key {
                "page" => Some((0, Member::slot(&mut self.page))),
                "total_pages" => Some((1, Member::slot(&mut self.total_pages))),
                _ => None,
            }
        }

        fn each<'a>(&'a self, f: &mut dyn FnMut(&'static str, SlotRef<'a>)) {
            f("page", field_ref(&self.page));
            f("total_pages", field_ref(&self.total_pages));
        }
    }

    model_impls!(AnyPage);
    model_impls!(AnyPages);

    /// The records of a page (each as the JSON it came as) and where the list goes on.
    pub(super) fn split(page: AnyPage) -> (Vec<RawJson>, Next) {
        let next = Next::of(&page);
        let records = page
            .extra
            .unknown()
            .find(|(_, raw)| raw.as_str().trim_start().starts_with('['))
            .and_then(|(_, raw)| raw.parse::<Vec<RawJson>>().ok())
            .unwrap_or_default();
        (records, next)
    }
}

/// A JSON value given for an input, written as the input's kind is: a timestamp or a
/// whole number as an integer, a list in the query as comma-separated text.
struct Input<'a> {
    field: &'a Field,
    value: &'a Value,
}

impl Wire for Input<'_> {
    fn json(&self) -> Value {
        self.value.clone()
    }

    fn text(&self) -> String {
        match self.value {
            Value::String(s) => s.clone(),
            Value::Array(items) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        match self.value {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(items) => items.is_empty(),
            Value::Object(members) => members.is_empty(),
            _ => false,
        }
    }

    fn check(&self) -> Result<(), String> {
        let fits = match (self.field.kind, self.value) {
            (Kind::Boolean, v) => v.is_boolean(),
            (Kind::Integer | Kind::Timestamp, v) => v.is_i64() || v.is_u64(),
            (Kind::Number, v) => v.is_number(),
            (Kind::Json | Kind::Model, v) => v.is_object(),
            (
                Kind::TextList
                | Kind::IntegerList
                | Kind::ObjectList
                | Kind::ModelList
                | Kind::AnyList,
                v,
            ) => v.is_array(),
            (Kind::Select, Value::String(s)) => self
                .field
                .select
                .is_none_or(|select| select.values.contains(&s.as_str())),
            (Kind::Text | Kind::Secret | Kind::LatLon | Kind::Select, v) => v.is_string(),
        };
        if fits {
            Ok(())
        } else {
            Err(format!(
                "{} does not fit a {:?} input",
                self.value, self.field.kind
            ))
        }
    }
}
