//! The mock's memory: what is created, updated, tagged, attached or deleted through the API is
//! what later finds, lists and searches answer, for the records tests touch most (2.x contacts,
//! companies, tags, notes, conversations, tickets, data attributes, events; 1.x users, leads,
//! companies, tags, notes). Each collection starts from the example records.
//!
//! An operation's part is read from its method and path, as the API's own conventions give it:
//! `POST /contacts` creates, `GET /contacts/{id}` finds, `PUT` updates, `DELETE` deletes,
//! `GET /contacts` lists, `POST /contacts/search` searches, `POST /contacts/{id}/tags` attaches
//! (a body naming only an `id`) or creates a child record (`/contacts/{id}/notes`), and
//! `DELETE /contacts/{id}/tags/{tag_id}` detaches; a conversation's customers join and leave its
//! `contacts`. Anything else keeps its usual answer.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use intercom_sdk::meta::{self, Answer, Api, Method, Operation, Segment};
use serde_json::{Map, Value, json};

use crate::answers::{self, Usual};
use crate::routes::Sent;
use crate::search;

/// The collections remembered, by API and first path segment, with the members that identify a
/// record besides its `id` (a create naming an existing one updates it, as the API upserts).
const REMEMBERED: &[(Api, &str, &[&str])] = &[
    (Api::V2, "contacts", &["external_id"]),
    (Api::V2, "companies", &["company_id"]),
    (Api::V2, "tags", &["name"]),
    (Api::V2, "notes", &[]),
    (Api::V2, "conversations", &[]),
    (Api::V2, "tickets", &[]),
    (Api::V2, "data_attributes", &["name"]),
    (Api::V2, "events", &[]),
    (Api::V1, "users", &["user_id", "email"]),
    (Api::V1, "contacts", &["user_id"]),
    (Api::V1, "companies", &["company_id"]),
    (Api::V1, "tags", &["name"]),
    (Api::V1, "notes", &[]),
];

fn remembered(api: Api, name: &str) -> bool {
    REMEMBERED.iter().any(|(a, c, _)| *a == api && *c == name)
}

/// Members that identify a person in either API, never copied from an example into a new record.
const IDENTIFIERS: [&str; 3] = ["email", "user_id", "external_id"];

/// A page holds at most this many records, whatever `per_page` asks.
const MAX_PER_PAGE: usize = 150;
const DEFAULT_PER_PAGE: usize = 50;

/// Every collection of one mock.
#[derive(Debug, Default)]
pub(crate) struct Store {
    collections: HashMap<(Api, String), Collection>,
    next_id: u64,
}

#[derive(Debug, Default)]
struct Collection {
    records: Vec<Value>,
    /// Ids of records deleted: found no more, nor made again on demand.
    deleted: Vec<String>,
    /// Records attached to a record: (record id, member) → records (a contact's tags).
    attached: HashMap<(String, String), Vec<Value>>,
}

/// A path as its template reads it: `["contacts", {contact_id}, "tags"]`, with the values sent.
struct Words {
    literals: Vec<Option<String>>,
    values: Vec<String>,
}

impl Words {
    fn of(op: &Operation, path: &str) -> Option<Words> {
        let template = op.paths().find(|t| t.matches(path))?;
        let mut literals = Vec::new();
        for piece in template.segments() {
            match piece {
                Segment::Literal(text) => literals.extend(
                    text.split('/')
                        .filter(|w| !w.is_empty())
                        .map(|w| Some(w.to_owned())),
                ),
                Segment::Param(_) => literals.push(None),
            }
        }
        let values = path
            .split('/')
            .filter(|w| !w.is_empty())
            .map(crate::routes::decode)
            .collect::<Vec<_>>();
        (values.len() == literals.len()).then_some(Words { literals, values })
    }

    /// `"contacts"` for a literal, `"{}"` for a placeholder.
    fn shape(&self) -> Vec<&str> {
        self.literals
            .iter()
            .map(|w| w.as_deref().unwrap_or("{}"))
            .collect()
    }
}

impl Store {
    /// The answer of `op` to `sent` as the stored records give it, with what it changed kept;
    /// `None` for an operation the store has no part in.
    pub(crate) fn answer(&mut self, op: &'static Operation, sent: &Sent<'_>) -> Option<Usual> {
        let words = Words::of(op, sent.path)?;
        let name = words.literals.first()?.clone()?;
        let (_, _, keys) = REMEMBERED
            .iter()
            .find(|(api, c, _)| *api == op.api && *c == name)?;
        self.seed(op.api, &name);
        let shape = words.shape();
        let v = &words.values;
        match (op.method, shape.as_slice()) {
            (Method::Post, ["contacts", "convert"]) if op.api == Api::V1 => {
                Some(self.convert(op, sent))
            }
            (Method::Post, [_]) => Some(self.upsert(op, sent, &name, keys)),
            (Method::Get, [_]) if op.response.model().is_some() && !is_list(op) => {
                Some(self.find_by(op, sent, &name, keys))
            }
            (Method::Get, [_]) => Some(self.list(op, sent, &name)),
            (Method::Delete, [_]) => Some(self.delete_by(op, sent, &name, keys)),
            (Method::Post, [_, "search"]) => Some(self.search(op, sent, &name)),
            (Method::Get, [_, "{}"]) => Some(self.find(op, &name, &v[1])),
            (Method::Put | Method::Post, [_, "{}"]) => Some(self.update(op, sent, &name, &v[1])),
            (Method::Delete, [_, "{}"]) => Some(self.delete(op, &name, &v[1])),
            (Method::Post, ["conversations", "{}", "customers"]) if op.api == Api::V2 => {
                Some(self.participants(op, sent, &v[1], None))
            }
            (Method::Delete, ["conversations", "{}", "customers", "{}"]) if op.api == Api::V2 => {
                Some(self.participants(op, sent, &v[1], Some(&v[3])))
            }
            // Only records the store keeps are attached (tags, companies, notes); what else an
            // operation attaches (segments, subscriptions, replies) keeps its usual answer.
            (_, [_, "{}", sub, ..]) if !remembered(op.api, sub) => None,
            (Method::Post, [_, "{}", sub]) => Some(self.attach(op, sent, &name, &v[1], sub)),
            (Method::Get, [_, "{}", sub]) => Some(self.attached(op, sent, &name, &v[1], sub)),
            (Method::Delete, [_, "{}", sub, "{}"]) => {
                Some(self.detach(op, &name, &v[1], sub, &v[3]))
            }
            _ => None,
        }
    }

    /// The records of a collection, for a test to read.
    pub(crate) fn records(&mut self, api: Api, name: &str) -> Vec<Value> {
        self.seed(api, name);
        self.collection(api, name).records.clone()
    }

    /// Adds (or replaces, by `id`) a record, for a test to seed.
    pub(crate) fn insert(&mut self, api: Api, name: &str, record: Value) {
        self.seed(api, name);
        let id = record.get("id").map(id_text);
        let records = &mut self.collection(api, name).records;
        match id.and_then(|id| {
            records
                .iter()
                .position(|r| r.get("id").map(id_text) == Some(id.clone()))
        }) {
            Some(i) => records[i] = record,
            None => records.push(record),
        }
    }

    /// Forgets every record: collections start again from the examples.
    pub(crate) fn clear(&mut self) {
        self.collections.clear();
    }

    fn collection(&mut self, api: Api, name: &str) -> &mut Collection {
        self.collections.entry((api, name.to_owned())).or_default()
    }

    /// Fills a collection met for the first time with the records of its examples: its list's,
    /// else its find's.
    fn seed(&mut self, api: Api, name: &str) {
        if self.collections.contains_key(&(api, name.to_owned())) {
            return;
        }
        let path = format!("/{name}");
        let example = |method: Method, template: &str| {
            meta::all()
                .find(|op| op.api == api && op.method == method && op.path.as_str() == template)
                .and_then(example_json)
        };
        let listed = example(Method::Get, &path)
            .and_then(|page| records_member(&page).map(|(_, r)| r.clone()))
            .filter(|records| !records.is_empty());
        let records = listed.unwrap_or_else(|| template(api, name).into_iter().collect());
        self.collection(api, name).records = records;
    }

    /// A fresh id of the kind `template`'s is (data attributes count, contacts have text ids).
    fn new_id(&mut self, template: &Value) -> Value {
        self.next_id += 1;
        match template.get("id") {
            Some(Value::Number(_)) => Value::from(1_000_000 + self.next_id),
            _ => Value::from(format!("mock-{:06}", self.next_id)),
        }
    }

    /// `POST /<collection>`: a new record from the operation's example and what was sent, or
    /// the record the sent identifiers name, updated (the API's upserts).
    fn upsert(&mut self, op: &Operation, sent: &Sent<'_>, name: &str, keys: &[&str]) -> Usual {
        let body = sent.body.cloned().unwrap_or(Value::Null);
        let existing = self.position_by(op.api, name, &body, keys);
        // An `id` names a record to update, made on demand if never seen (a tag renamed).
        let named = body.get("id").map(id_text);
        let existing = match (existing, named) {
            (Some(i), _) => Some(i),
            (None, Some(id)) if self.existing(op, name, &id).is_some() => {
                let records = &self.collection(op.api, name).records;
                records
                    .iter()
                    .position(|r| r.get("id").map(id_text).as_deref() == Some(id.as_str()))
            }
            (None, Some(_)) => None,
            (None, None) => None,
        };
        if let Some(i) = existing {
            let record = &mut self.collection(op.api, name).records[i];
            merge(record, &body);
            touch(record);
            let record = record.clone();
            self.tag_listed(op.api, name, &body, &record);
            return found(op, &record);
        }
        let mut record = example_json(op).unwrap_or_else(|| json!({}));
        answers::shape(op, sent, &mut record);
        let id = self.new_id(&record);
        if let Some(object) = record.as_object_mut() {
            object.insert("id".into(), id);
            // A new record has only the identifiers it was given, not the example's.
            for key in keys.iter().chain(&IDENTIFIERS) {
                if object.contains_key(*key) && body.get(*key).is_none() {
                    object.insert((*key).into(), Value::Null);
                }
            }
            let now = now();
            for stamp in ["created_at", "updated_at"] {
                if object.contains_key(stamp) {
                    object.insert(stamp.into(), Value::from(now));
                }
            }
        }
        merge(&mut record, &body);
        self.collection(op.api, name).records.push(record.clone());
        self.tag_listed(op.api, name, &body, &record);
        found(op, &record)
    }

    /// 1.x `POST /contacts/convert`: the lead `contact` names leaves the leads (a 404 under
    /// every name it had) and becomes a user with what it held: the user `user` names, updated,
    /// or a new one.
    fn convert(&mut self, op: &Operation, sent: &Sent<'_>) -> Usual {
        let body = sent.body.cloned().unwrap_or(Value::Null);
        let contact = body.get("contact").cloned().unwrap_or(Value::Null);
        let named = contact.get("id").map(id_text);
        if let Some(id) = &named {
            // A lead never seen is made on demand, as for any id.
            let _ = self.existing(op, "contacts", id);
        }
        self.seed(Api::V1, "users");
        let Some(at) = self.position_by(Api::V1, "contacts", &contact, &["user_id", "email"])
        else {
            return not_found(op, "contacts");
        };
        let leads = self.collection(Api::V1, "contacts");
        let lead = leads.records.remove(at);
        let names = ["id", "user_id", "email"]
            .into_iter()
            .filter_map(|k| lead.get(k));
        let names: Vec<String> = names.filter(|v| !v.is_null()).map(id_text).collect();
        leads.deleted.extend(names);
        let user = body.get("user").cloned().unwrap_or(Value::Null);
        let existing = self.position_by(Api::V1, "users", &user, &["user_id", "email"]);
        let users = &mut self.collection(Api::V1, "users").records;
        let record = match existing {
            Some(i) => &mut users[i],
            None => {
                let mut record = lead;
                if let Some(object) = record.as_object_mut() {
                    object.insert("type".into(), Value::from("user"));
                    // The user's own id (`user_id`) is what `user` gives, not the lead's.
                    if user.get("user_id").is_some() {
                        object.insert("user_id".into(), Value::Null);
                    }
                }
                users.push(record);
                let last = users.len() - 1;
                &mut users[last]
            }
        };
        merge(record, &user);
        touch(record);
        let record = record.clone();
        found(op, &record)
    }

    /// A 1.x or 2.x `POST /tags` naming `users`, `companies` or `contacts` tags them (or, with
    /// `untag: true`, untags them): the tag is attached to each record named.
    fn tag_listed(&mut self, api: Api, name: &str, body: &Value, tag: &Value) {
        if name != "tags" {
            return;
        }
        for (member, owner) in [
            ("users", "users"),
            ("companies", "companies"),
            ("contacts", "contacts"),
        ] {
            let owner = if api == Api::V2 && owner == "users" {
                "contacts"
            } else {
                owner
            };
            for item in body
                .get(member)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let keys: &[&str] = &["id", "user_id", "email", "company_id"];
                let Some(i) = self.position_by(api, owner, item, keys) else {
                    continue;
                };
                let Some(id) = self.collection(api, owner).records[i]
                    .get("id")
                    .map(id_text)
                else {
                    continue;
                };
                let untag = item.get("untag") == Some(&Value::Bool(true));
                let list = self
                    .collection(api, owner)
                    .attached
                    .entry((id, "tags".into()))
                    .or_default();
                list.retain(|t| t.get("id") != tag.get("id"));
                if !untag {
                    list.push(tag.clone());
                }
            }
        }
    }

    /// The record `body` names by one of `keys` (or by `id`).
    fn position_by(&mut self, api: Api, name: &str, body: &Value, keys: &[&str]) -> Option<usize> {
        let records = &self.collection(api, name).records;
        std::iter::once(&"id")
            .chain(keys)
            .filter_map(|key| Some((*key, body.get(*key).filter(|v| !v.is_null())?)))
            .find_map(|(key, wanted)| {
                records
                    .iter()
                    .position(|r| r.get(key).map(id_text) == Some(id_text(wanted)))
            })
    }

    /// `GET /users?email=…` and its kind: the one record the query names.
    fn find_by(&mut self, op: &Operation, sent: &Sent<'_>, name: &str, keys: &[&str]) -> Usual {
        let query = query_object(sent);
        let at = match self.position_by(op.api, name, &query, keys) {
            Some(i) => Some(i),
            None => self.made_by(op.api, name, &query, keys),
        };
        match at {
            Some(i) => {
                let record = self.collection(op.api, name).records[i].clone();
                let record = self.with_attached(op.api, name, record);
                found(op, &record)
            }
            None => not_found(op, name),
        }
    }

    /// A record made on demand for identifiers never seen (as [`Store::existing`] does for an
    /// id): the collection's example with a new id and the identifiers asked for.
    fn made_by(&mut self, api: Api, name: &str, query: &Value, keys: &[&str]) -> Option<usize> {
        let given: Vec<(&str, &Value)> = keys
            .iter()
            .filter_map(|k| Some((*k, query.get(*k)?)))
            .collect();
        let collection = self.collection(api, name);
        let gone = given
            .iter()
            .any(|(_, v)| collection.deleted.contains(&id_text(v)));
        if given.is_empty() || gone {
            return None;
        }
        let mut record = template(api, name)?;
        let id = self.new_id(&record);
        if let Some(object) = record.as_object_mut() {
            object.insert("id".into(), id);
            for (key, value) in given {
                object.insert(key.into(), value.clone());
            }
        }
        let records = &mut self.collection(api, name).records;
        records.push(record);
        Some(records.len() - 1)
    }

    fn find(&mut self, op: &Operation, name: &str, id: &str) -> Usual {
        let record = self.existing(op, name, id).cloned();
        match record {
            Some(record) => {
                let record = self.with_attached(op.api, name, record);
                found(op, &record)
            }
            None => not_found(op, name),
        }
    }

    fn update(&mut self, op: &Operation, sent: &Sent<'_>, name: &str, id: &str) -> Usual {
        let body = sent.body.cloned().unwrap_or(Value::Null);
        match self.existing(op, name, id) {
            Some(record) => {
                merge(record, &body);
                touch(record);
                let record = record.clone();
                found(op, &record)
            }
            None => not_found(op, name),
        }
    }

    fn delete(&mut self, op: &Operation, name: &str, id: &str) -> Usual {
        if self.existing(op, name, id).is_none() {
            return not_found(op, name);
        }
        let collection = self.collection(op.api, name);
        let at = collection
            .records
            .iter()
            .position(|r| r.get("id").map(id_text).as_deref() == Some(id));
        match at {
            Some(i) => {
                let record = collection.records.remove(i);
                collection.deleted.push(id.to_owned());
                // Gone by its identifiers too (`GET /users?email=` answers 404 after it).
                for key in ["email", "user_id", "company_id", "external_id"] {
                    if let Some(v) = record.get(key).filter(|v| !v.is_null()) {
                        collection.deleted.push(id_text(v));
                    }
                }
                deleted(op, &record)
            }
            None => not_found(op, name),
        }
    }

    /// The record `id` names: a stored one, or, for an id never seen (not created, not
    /// deleted), one made on demand from the collection's example and kept, so that code
    /// under test may name records it did not create, and what it does to them is remembered.
    fn existing(&mut self, op: &Operation, name: &str, id: &str) -> Option<&mut Value> {
        let api = op.api;
        let collection = self.collection(api, name);
        let known = collection
            .records
            .iter()
            .any(|r| r.get("id").map(id_text).as_deref() == Some(id));
        if !known {
            if id.is_empty() || collection.deleted.iter().any(|d| d == id) {
                return None;
            }
            let first = collection.records.first().cloned();
            let mut record = template(api, name).or(first)?;
            if let Some(object) = record.as_object_mut() {
                let numeric = object.get("id").is_some_and(Value::is_number);
                let value = match id.parse::<i64>() {
                    Ok(n) if numeric => Value::from(n),
                    _ => Value::from(id),
                };
                object.insert("id".into(), value);
            }
            self.collection(api, name).records.push(record);
        }
        self.collection(api, name)
            .records
            .iter_mut()
            .find(|r| r.get("id").map(id_text).as_deref() == Some(id))
    }

    /// `DELETE /users?email=…`: the record the query names.
    fn delete_by(&mut self, op: &Operation, sent: &Sent<'_>, name: &str, keys: &[&str]) -> Usual {
        let query = query_object(sent);
        match self.position_by(op.api, name, &query, keys) {
            Some(i) => {
                let collection = self.collection(op.api, name);
                let record = collection.records.remove(i);
                // Gone by every name it had: its id and its identifiers.
                let names = std::iter::once(&"id").chain(keys);
                let ids = names.filter_map(|k| record.get(*k)).map(id_text);
                collection.deleted.extend(ids);
                deleted(op, &record)
            }
            None => not_found(op, name),
        }
    }

    fn list(&mut self, op: &Operation, sent: &Sent<'_>, name: &str) -> Usual {
        let filters: Vec<(String, String)> = sent
            .query
            .iter()
            .filter(|(k, _)| !PAGING_KEYS.contains(&k.as_str()))
            .cloned()
            .collect();
        let records: Vec<Value> = self
            .collection(op.api, name)
            .records
            .iter()
            .filter(|r| filters.iter().all(|(k, v)| filtered(r, k, v)))
            .cloned()
            .collect();
        let paging = Paging::of_query(sent);
        page(op, sent, records, &paging)
    }

    fn search(&mut self, op: &Operation, sent: &Sent<'_>, name: &str) -> Usual {
        let query = sent.member("query").cloned().unwrap_or(Value::Null);
        let mut records = Vec::new();
        for record in &self.collection(op.api, name).records {
            match search::matches(&query, record) {
                Ok(true) => records.push(record.clone()),
                Ok(false) => {}
                Err(why) => return invalid(op, &why),
            }
        }
        let paging = Paging::of_body(sent);
        page(op, sent, records, &paging)
    }

    /// `POST /contacts/{id}/tags` with `{"id": …}` attaches that record; with more, a child
    /// record is made (`/contacts/{id}/notes`) and kept in its own collection too.
    fn attach(
        &mut self,
        op: &Operation,
        sent: &Sent<'_>,
        name: &str,
        id: &str,
        sub: &str,
    ) -> Usual {
        if self.existing(op, name, id).is_none() {
            return not_found(op, name);
        }
        let body = sent.body.cloned().unwrap_or(Value::Null);
        let by_id = body
            .as_object()
            .is_some_and(|o| o.len() == 1 && o.contains_key("id"));
        let record = if by_id {
            self.seed(op.api, sub);
            let child = body.get("id").map(id_text).unwrap_or_default();
            match self.existing(op, sub, &child) {
                Some(record) => record.clone(),
                None => return not_found(op, sub),
            }
        } else {
            let mut record = example_json(op).unwrap_or_else(|| json!({}));
            merge(&mut record, &body);
            let new_id = self.new_id(&record);
            if let Some(object) = record.as_object_mut() {
                object.insert("id".into(), new_id);
                object.insert("created_at".into(), Value::from(now()));
                let parent = singular(name);
                object.insert(parent.clone(), json!({"type": parent, "id": id}));
            }
            self.seed(op.api, sub);
            self.collection(op.api, sub).records.push(record.clone());
            record
        };
        let list = self
            .collection(op.api, name)
            .attached
            .entry((id.to_owned(), sub.to_owned()))
            .or_default();
        list.retain(|r| r.get("id") != record.get("id"));
        list.push(record.clone());
        found(op, &record)
    }

    fn attached(
        &mut self,
        op: &Operation,
        sent: &Sent<'_>,
        name: &str,
        id: &str,
        sub: &str,
    ) -> Usual {
        if self.existing(op, name, id).is_none() {
            return not_found(op, name);
        }
        let records = self
            .collection(op.api, name)
            .attached
            .get(&(id.to_owned(), sub.to_owned()))
            .cloned()
            .unwrap_or_default();
        page(op, sent, records, &Paging::of_query(sent))
    }

    /// `DELETE /contacts/{id}/tags/{tag_id}`: the record is detached (detaching one that was
    /// not attached changes nothing, as the API answers it); the answer is that record.
    fn detach(&mut self, op: &Operation, name: &str, id: &str, sub: &str, child: &str) -> Usual {
        if self.existing(op, name, id).is_none() {
            return not_found(op, name);
        }
        let list = self
            .collection(op.api, name)
            .attached
            .entry((id.to_owned(), sub.to_owned()))
            .or_default();
        let at = list
            .iter()
            .position(|r| r.get("id").map(id_text).as_deref() == Some(child));
        let detached = at.map(|i| list.remove(i));
        self.seed(op.api, sub);
        match detached.or_else(|| self.existing(op, sub, child).cloned()) {
            Some(record) => found(op, &record),
            None => not_found(op, sub),
        }
    }

    /// 2.x `POST /conversations/{id}/customers` adds the contact `customer` names to the
    /// conversation's `contacts`; `DELETE /conversations/{id}/customers/{contact_id}` takes it
    /// out (taking out one that is not there changes nothing). Either answers the conversation,
    /// as its schema says, not the description's `{"customers": …}` example.
    fn participants(
        &mut self,
        op: &Operation,
        sent: &Sent<'_>,
        id: &str,
        removed: Option<&str>,
    ) -> Usual {
        let added = match removed {
            Some(_) => None,
            None => match self.customer(op, sent) {
                Some(contact) => Some(contact),
                None => return not_found(op, "contacts"),
            },
        };
        let Some(conversation) = self.existing(op, "conversations", id) else {
            return not_found(op, "conversations");
        };
        let Some(list) = contact_list(conversation) else {
            return found(op, conversation);
        };
        let gone = removed.or_else(|| added.as_ref()?.get("id")?.as_str());
        list.retain(|c| c.get("id").map(id_text).as_deref() != gone);
        list.extend(added);
        let conversation = conversation.clone();
        found(op, &conversation)
    }

    /// The contact a `customer` object names (`intercom_user_id`, `user_id` or `email`), as a
    /// conversation lists it; made on demand for a name never seen, like any record.
    fn customer(&mut self, op: &Operation, sent: &Sent<'_>) -> Option<Value> {
        let customer = sent.member("customer")?;
        let wanted = json!({
            "id": customer.get("intercom_user_id"),
            "external_id": customer.get("user_id"),
            "email": customer.get("email"),
        });
        let keys = ["external_id", "email"];
        self.seed(Api::V2, "contacts");
        let at = match self.position_by(Api::V2, "contacts", &wanted, &keys) {
            Some(i) => i,
            None if wanted["id"].is_null() => self.made_by(Api::V2, "contacts", &wanted, &keys)?,
            None => {
                let id = id_text(&wanted["id"]);
                self.existing(op, "contacts", &id)?;
                self.position_by(Api::V2, "contacts", &wanted, &[])?
            }
        };
        let contact = &self.collection(Api::V2, "contacts").records[at];
        Some(json!({
            "type": "contact",
            "id": contact.get("id"),
            "external_id": contact.get("external_id"),
        }))
    }

    /// A record with what is attached to it in the members of its own that list them (a
    /// contact's `tags.data`, a 1.x user's `tags.tags`).
    fn with_attached(&mut self, api: Api, name: &str, mut record: Value) -> Value {
        let Some(id) = record.get("id").map(id_text) else {
            return record;
        };
        let attached = &self.collection(api, name).attached;
        for ((owner, member), items) in attached {
            if *owner != id {
                continue;
            }
            match record.get_mut(member.as_str()) {
                Some(Value::Array(list)) => *list = items.clone(),
                Some(Value::Object(list)) => {
                    if let Some(Value::Array(inner)) = list.values_mut().find(|v| v.is_array()) {
                        *inner = items.clone();
                    }
                }
                // A record without the member gets it in the API's list shape.
                _ => {
                    if let Some(object) = record.as_object_mut() {
                        let list = match api {
                            Api::V1 => {
                                json!({"type": format!("{}.list", singular(member)), member.as_str(): items})
                            }
                            Api::V2 => json!({"type": "list", "data": items}),
                        };
                        object.insert(member.clone(), list);
                    }
                }
            }
        }
        record
    }
}

/// A conversation's `contacts.contacts`, made if it has none.
fn contact_list(conversation: &mut Value) -> Option<&mut Vec<Value>> {
    let object = conversation.as_object_mut()?;
    let contacts = object
        .entry("contacts")
        .or_insert_with(|| json!({"type": "contact.list", "contacts": []}));
    if !contacts.get("contacts").is_some_and(Value::is_array) {
        *contacts = json!({"type": "contact.list", "contacts": []});
    }
    contacts.get_mut("contacts")?.as_array_mut()
}

/// The query of a request as a JSON object (identifiers looked up like body members).
fn query_object(sent: &Sent<'_>) -> Value {
    let members: Map<String, Value> = sent
        .query
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.clone())))
        .collect();
    Value::Object(members)
}

/// Query keys that page a list rather than filter it.
const PAGING_KEYS: &[&str] = &[
    "page",
    "per_page",
    "starting_after",
    "order",
    "sort",
    "display_as",
];

/// Whether a list filter `key=value` (`email=…`, `tag_id=…`) keeps `record`: a member the
/// record does not have filters nothing.
fn filtered(record: &Value, key: &str, value: &str) -> bool {
    match record.get(key) {
        Some(v) => id_text(v) == value,
        None => true,
    }
}

/// How a list is paged: `per_page`, and `page` (1.x) or `starting_after` (2.x).
struct Paging {
    per_page: usize,
    page: usize,
    starting_after: Option<String>,
}

impl Paging {
    fn of_query(sent: &Sent<'_>) -> Paging {
        Paging {
            per_page: sent
                .query("per_page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(DEFAULT_PER_PAGE),
            page: sent.query("page").and_then(|p| p.parse().ok()).unwrap_or(1),
            starting_after: sent.query("starting_after").map(str::to_owned),
        }
        .bounded()
    }

    fn of_body(sent: &Sent<'_>) -> Paging {
        let pagination = sent.member("pagination");
        Paging {
            per_page: pagination
                .and_then(|p| p.get("per_page"))
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(DEFAULT_PER_PAGE),
            page: 1,
            starting_after: pagination
                .and_then(|p| p.get("starting_after"))
                .and_then(Value::as_str)
                .map(str::to_owned),
        }
        .bounded()
    }

    fn bounded(mut self) -> Paging {
        self.per_page = self.per_page.clamp(1, MAX_PER_PAGE);
        self.page = self.page.max(1);
        self
    }
}

/// One page of `records`, in the shape of the operation's example answer: its records member
/// replaced, `total_count` and `pages` telling the truth.
fn page(op: &Operation, sent: &Sent<'_>, records: Vec<Value>, paging: &Paging) -> Usual {
    let total = records.len();
    let start = match &paging.starting_after {
        Some(cursor) => records
            .iter()
            .position(|r| r.get("id").map(id_text).as_deref() == Some(cursor))
            .map_or(0, |i| i + 1),
        None => (paging.page - 1).saturating_mul(paging.per_page).min(total),
    };
    let end = (start + paging.per_page).min(total);
    let shown = records.get(start..end).unwrap_or_default().to_vec();
    let mut answer = example_json(op).unwrap_or_else(|| json!({"type": "list"}));
    let member = records_member(&answer).map_or_else(|| "data".to_owned(), |(k, _)| k);
    let Some(object) = answer.as_object_mut() else {
        return answers::usual(op, sent);
    };
    object.insert(member, Value::Array(shown));
    if object.contains_key("total_count") || op.api == Api::V2 {
        object.insert("total_count".into(), Value::from(total));
    }
    let total_pages = total.div_ceil(paging.per_page);
    let page_number = start / paging.per_page + 1;
    let next = match op.api {
        _ if end >= total => Value::Null,
        Api::V2 => records
            .get(end.wrapping_sub(1))
            .and_then(|r| r.get("id"))
            .map_or(
                Value::Null,
                |id| json!({"per_page": paging.per_page, "starting_after": id_text(id)}),
            ),
        // Absolute, as Intercom sends it, on the host the request came to.
        Api::V1 => Value::from(format!(
            "{}{}?page={}&per_page={}",
            sent.host.map_or(String::new(), |h| format!("http://{h}")),
            sent.path,
            page_number + 1,
            paging.per_page
        )),
    };
    let mut pages = json!({
        "type": "pages",
        "page": page_number,
        "per_page": paging.per_page,
        "total_pages": total_pages,
    });
    if !next.is_null() || op.api == Api::V1 {
        pages["next"] = next;
    }
    object.insert("pages".into(), pages);
    answers::json_usual(op.success, answer.to_string())
}

/// The operation's example answer, as JSON, about no record in particular.
fn example_json(op: &Operation) -> Option<Value> {
    let sent = Sent {
        path: "",
        query: &[],
        body: None,
        host: None,
        version: None,
    };
    serde_json::from_str(&answers::usual(op, &sent).body).ok()
}

/// A record of a collection as its find operation's example has it (`GET /contacts/{id}`);
/// a collection without one (data attributes) makes records like its first.
fn template(api: Api, name: &str) -> Option<Value> {
    meta::all()
        .filter(|op| op.api == api && op.method == Method::Get)
        .find(|op| {
            op.paths().any(|path| {
                let words: Vec<&str> = path.as_str().split('/').skip(1).collect();
                words.len() == 2 && words[0] == name && words[1].starts_with('{')
            })
        })
        .and_then(example_json)
        .filter(Value::is_object)
}

/// The first array member of a list answer: its name and records.
fn records_member(page: &Value) -> Option<(String, &Vec<Value>)> {
    page.as_object()?
        .iter()
        .find_map(|(k, v)| v.as_array().map(|a| (k.clone(), a)))
}

/// Whether an operation answers a list (its model's example has a records member).
fn is_list(op: &Operation) -> bool {
    op.paging.is_some() || example_json(op).as_ref().and_then(records_member).is_some()
}

/// An id as text, whether it came as a string or a number.
fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `contacts` → `contact`, `companies` → `company`: the member naming a child's parent, and
/// the word of a 404.
fn singular(name: &str) -> String {
    match name.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => name.strip_suffix('s').unwrap_or(name).to_owned(),
    }
}

/// Sent members written into a stored record: objects merged member by member (custom
/// attributes add up), everything else of the same JSON type replaced; `type` and `id` stay.
fn merge(record: &mut Value, sent: &Value) {
    let (Some(record), Some(sent)) = (record.as_object_mut(), sent.as_object()) else {
        return;
    };
    for (key, value) in sent {
        if matches!(key.as_str(), "type" | "id") {
            continue;
        }
        match (record.get_mut(key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => {
                for (k, v) in new {
                    old.insert(k.clone(), v.clone());
                }
            }
            (Some(slot), value) if answers::same_kind(slot, value) => *slot = value.clone(),
            // A member of another shape than the record's (a 1.x user's `companies`, sent as
            // a list, kept as a `company.list`) is what the API files elsewhere.
            (Some(_), _) => {}
            (None, value) => {
                record.insert(key.clone(), value.clone());
            }
        }
    }
}

fn touch(record: &mut Value) {
    if let Some(stamp) = record.get_mut("updated_at") {
        *stamp = Value::from(now());
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn found(op: &Operation, record: &Value) -> Usual {
    if op.response == Answer::None {
        return answers::json_usual(op.success, String::new());
    }
    answers::json_usual(op.success, record.to_string())
}

/// The answer of a delete: the operation's example about the record (`deleted: true`).
fn deleted(op: &Operation, record: &Value) -> Usual {
    if op.response == Answer::None {
        return answers::json_usual(op.success, String::new());
    }
    let id = record.get("id").cloned().unwrap_or(Value::Null);
    let mut answer = example_json(op).unwrap_or_else(|| record.clone());
    if let Some(object) = answer.as_object_mut() {
        object.insert("id".into(), id);
    }
    answers::json_usual(op.success, answer.to_string())
}

fn not_found(op: &Operation, name: &str) -> Usual {
    let message = format!("{} Not Found", singular(name));
    Usual {
        status: 404,
        body: answers::error_body(op.api, Some(op), 404, &message),
        content_type: "application/json",
    }
}

fn invalid(op: &Operation, why: &str) -> Usual {
    Usual {
        status: 400,
        body: answers::error_body(op.api, None, 400, why),
        content_type: "application/json",
    }
}
