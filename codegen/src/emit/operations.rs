//! `operations/<group>.rs`: per operation, a `Client` method and a request builder.
//!
//! Required inputs are the method's arguments and optional ones are setters, so a forgotten
//! required input is a compile error. The builder only describes its request; sending, retrying
//! and decoding live in the hand-written runtime (`crate::operation!`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{doc, ident, md};
use crate::model::{Api, Field, FieldType, Operation, Place, Route, Routing};
use crate::naming::pascal;
use crate::template::PathTemplate;

/// Group names in order of first appearance.
pub fn groups(api: &Api) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for op in &api.operations {
        if !groups.contains(&op.group) {
            groups.push(op.group.clone());
        }
    }
    groups
}

pub fn emit_mod(api: &Api, groups: &[String]) -> TokenStream {
    let mods = groups.iter().map(|g| {
        let m = ident(g);
        let names = api
            .operations
            .iter()
            .filter(|o| &o.group == g)
            .map(|o| ident(&o.type_name));
        let d = doc(&format!("Operations of the `{g}` group."));
        quote! {
            #d
            pub mod #m;
            pub use #m::{ #(#names),* };
        }
    });
    quote! {
        //! Request builders, one per operation, grouped as in the manifest.
        #(#mods)*
    }
}

pub fn emit_group(api: &Api, group: &str) -> TokenStream {
    let ops: Vec<&Operation> = api.operations.iter().filter(|o| o.group == group).collect();
    let d = super::inner_doc(&format!("Operations of the `{group}` group."));
    let imports = imports(&ops);
    let methods = ops.iter().map(|op| client_method(op));
    let builders = ops.iter().map(|op| builder(op));
    quote! {
        #d
        #imports
        impl Client {
            #(#methods)*
        }
        #(#builders)*
    }
}

/// One operation alone, as the snapshot tests review it: its method and its builder.
pub fn emit_single(op: &Operation) -> TokenStream {
    let method = client_method(op);
    let builder = builder(op);
    quote! {
        impl Client {
            #method
        }
        #builder
    }
}

/// The `use` lines of a group file: only what its operations name.
fn imports(ops: &[&Operation]) -> TokenStream {
    let fields: Vec<&Field> = ops.iter().flat_map(|op| op.inputs()).collect();
    let any = |pick: &dyn Fn(&Field) -> bool| fields.iter().any(|f| pick(f));
    let mut root = vec!["Client"];
    for (name, used) in [
        ("LatLon", any(&|f| f.ty == FieldType::LatLon)),
        ("Secret", any(&|f| f.ty == FieldType::Secret)),
        ("Timestamp", any(&|f| f.ty == FieldType::Timestamp)),
    ] {
        if used {
            root.push(name);
        }
    }
    let json = any(&|f| matches!(f.ty, FieldType::Json | FieldType::ObjectList));
    let mut request = vec!["CallOptions", "Request"];
    for (name, used) in [
        ("Integer", any(&|f| f.ty == FieldType::Integer)),
        ("JsonText", json),
        ("each_with", any(&|f| !f.each.is_empty())),
        ("present", any(&|f| !f.required && !plain_body(f))),
        ("wrap_list", any(&|f| f.wrap.is_some())),
    ] {
        if used {
            request.push(name);
        }
    }
    // As rustfmt orders them: types, then functions.
    request.sort_by_key(|n| (n.starts_with(char::is_lowercase), *n));
    let serialize = json.then(|| {
        quote!(
            use serde::Serialize;
        )
    });
    let selects = super::select_names(fields.iter().copied());
    let names = |list: &[&str]| list.iter().map(|n| ident(n)).collect::<Vec<_>>();
    let (root, request) = (names(&root), names(&request));
    let selects = (!selects.is_empty()).then(|| quote!(use crate::selects::{ #(#selects),* };));
    let paged = ops.iter().any(|op| paged_stream(op).is_some()).then(|| {
        quote!(
            use crate::paging::paged;
        )
    });
    let value = any(&|f| !f.each.is_empty() || !f.with.is_empty()).then(|| {
        quote!(
            use serde_json::Value;
        )
    });
    quote! {
        use crate::meta::{self, Operation};
        use crate::operation::operation;
        #paged
        use crate::request::{ #(#request),* };
        #selects
        use crate::{ #(#root),* };
        #serialize
        #value
    }
}

/// Whether an input is sent by `req.body`/`req.query` alone, with no transform.
fn plain_body(f: &Field) -> bool {
    !matches!(f.place, Place::Body(_))
        || (f.with.is_empty() && f.wrap.is_none() && f.each.is_empty())
}

/// Rust type of a stored field.
fn stored_type(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote!(String),
        FieldType::Secret => quote!(Secret),
        FieldType::Bool => quote!(bool),
        FieldType::Number => quote!(f64),
        FieldType::Integer => quote!(Integer),
        FieldType::Json => quote!(JsonText),
        FieldType::Timestamp => quote!(Timestamp),
        FieldType::LatLon => quote!(LatLon),
        FieldType::StringList => quote!(Vec<String>),
        FieldType::ObjectList => quote!(JsonText),
        FieldType::Select(name) => {
            let n = ident(name);
            quote!(#n)
        }
    }
}

/// The parameter type of an input, and the expression turning the parameter `v` into the stored
/// type (`None` when it is stored as given).
fn param(ty: &FieldType, v: &Ident) -> (TokenStream, Option<TokenStream>) {
    match ty {
        FieldType::String => (quote!(impl Into<String>), Some(quote!(#v.into()))),
        FieldType::Secret => (
            quote!(impl Into<String>),
            Some(quote!(Secret::from(#v.into()))),
        ),
        FieldType::Number => (quote!(impl Into<f64>), Some(quote!(#v.into()))),
        FieldType::Integer => (quote!(impl TryInto<i64>), Some(quote!(Integer::new(#v)))),
        FieldType::Json => (quote!(impl Serialize), Some(quote!(JsonText::object(#v)))),
        FieldType::ObjectList => (
            quote!(impl IntoIterator<Item = impl Serialize>),
            Some(quote!(JsonText::objects(#v))),
        ),
        FieldType::Timestamp => (quote!(impl Into<Timestamp>), Some(quote!(#v.into()))),
        FieldType::StringList => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Some(quote!(#v.into_iter().map(Into::into).collect())),
        ),
        other => (stored_type(other), None),
    }
}

fn path_parts(p: &[String]) -> TokenStream {
    quote!(&[ #(#p),* ])
}

/// Literal tokens for a JSON constant.
fn json(value: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    match value {
        Value::Null => quote!(Value::Null),
        Value::Bool(b) => quote!(Value::Bool(#b)),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => quote!(Value::from(#i)),
            (None, Some(f)) => quote!(Value::from(#f)),
            (None, None) => quote!(Value::Null),
        },
        Value::String(s) => quote!(Value::from(#s)),
        Value::Array(items) => {
            let items = items.iter().map(json);
            quote!(Value::Array(vec![ #(#items),* ]))
        }
        Value::Object(map) => {
            let keys = map.keys();
            let values = map.values().map(json);
            quote!(Value::Object(serde_json::Map::from_iter([ #( (String::from(#keys), #values) ),* ])))
        }
    }
}

/// What the operation sends, in words, for its docs.
fn http_summary(op: &Operation) -> String {
    let mut s = match &op.routing {
        None => format!("`{} {}`", op.method.as_str(), op.path.as_str()),
        Some(r) => {
            let lines: Vec<String> = r
                .routes
                .iter()
                .map(|route| match &route.reject {
                    Some(msg) => {
                        format!("- `{}`: refused before sending: {}", route.value, md(msg))
                    }
                    None => {
                        let mut target =
                            format!("`{} {}`", op.method.as_str(), route.path.as_str());
                        let q: Vec<String> = route
                            .query
                            .iter()
                            .map(|(k, f)| format!("`{k}={{{f}}}`"))
                            .collect();
                        let b: Vec<String> = route
                            .body
                            .iter()
                            .map(|(k, f)| format!("body `{}` = `{f}`", k.join(".")))
                            .collect();
                        for extra in q.iter().chain(&b) {
                            target.push_str(", ");
                            target.push_str(extra);
                        }
                        if let Some(key) = &route.single {
                            target.push_str(&format!(
                                " (the `{key}` list must hold exactly one record)"
                            ));
                        }
                        format!("- `{}`: {target}", route.value)
                    }
                })
                .collect();
            format!("Sent according to `{}`:\n{}", r.by, lines.join("\n"))
        }
    };
    if !op.query_consts.is_empty() {
        let q: Vec<String> = op
            .query_consts
            .iter()
            .map(|(k, v)| format!("`{k}={v}`"))
            .collect();
        s.push_str(&format!("\n\nAlways sends {}.", q.join(", ")));
    }
    s
}

/// The `Client` method starting an operation: its required inputs are the arguments.
fn client_method(op: &Operation) -> TokenStream {
    let ty = ident(&op.type_name);
    let method = ident(&op.method_name);
    let op_name = &op.name;
    let method_doc = doc(&method_doc(op));
    let required = op.inputs().filter(|f| f.required);
    let args = required.map(|f| {
        let v = ident(&f.rust_name);
        let (t, _) = param(&f.ty, &v);
        quote!(#v: #t)
    });
    let inits = op.inputs().map(|f| {
        let v = ident(&f.rust_name);
        match (f.required, param(&f.ty, &v).1) {
            (false, _) => quote!(#v: None),
            (true, Some(conv)) => quote!(#v: #conv),
            (true, None) => quote!(#v),
        }
    });
    quote! {
        #method_doc
        #[doc(alias = #op_name)]
        pub fn #method(&self, #(#args),*) -> #ty {
            #ty {
                client: self.clone(),
                options: CallOptions::default(),
                #(#inits,)*
            }
        }
    }
}

fn method_doc(op: &Operation) -> String {
    let mut text = format!("{}\n\n{}", md(&op.description), http_summary(op));
    let required: Vec<&Field> = op.inputs().filter(|f| f.required).collect();
    if !required.is_empty() {
        text.push_str("\n\n# Arguments\n");
        for f in required {
            let name = f.rust_name.trim_start_matches("r#");
            text.push_str(&format!("\n- `{name}`: {}", md(&f.description)));
        }
    }
    let seed = format!("Seed operation: `Intercom.{}`.", op.name);
    if op.inputs().any(|f| !f.required) {
        text.push_str(&format!(
            "\n\nOptional inputs are setters of [`{}`]. {seed}",
            op.type_name
        ));
    } else {
        text.push_str(&format!("\n\n{seed}"));
    }
    text
}

/// The request builder of an operation: its struct, setters, request and runtime impls.
fn builder(op: &Operation) -> TokenStream {
    let ty = ident(&op.type_name);
    let struct_doc = doc(&format!(
        "Request builder of [`Client::{0}`]: {1}",
        op.method_name.trim_start_matches("r#"),
        md(op.description.lines().next().unwrap_or_default())
    ));
    let members = op.inputs().map(|f| {
        let v = ident(&f.rust_name);
        let t = stored_type(&f.ty);
        if f.required {
            quote!(#v: #t)
        } else {
            quote!(#v: Option<#t>)
        }
    });
    let meta = ident(&super::meta::static_name(op));
    let setters = op.inputs().filter(|f| !f.required).map(setter);
    let request = emit_request(op);
    let answer = match &op.response {
        Some(model) => {
            let m = ident(model);
            quote!(#m)
        }
        None => quote!(()),
    };
    let paged = paged_stream(op).map(|(kind, page, record, field)| {
        let (kind, page, record, field) = (ident(kind), ident(page), ident(record), ident(field));
        quote!(paged!(#kind #ty => #page, #record, #field);)
    });
    quote! {
        #struct_doc
        #[derive(Clone)]
        #[must_use = "a request is sent only by `.send().await` or `.await`"]
        pub struct #ty {
            client: Client,
            options: CallOptions,
            #(#members,)*
        }

        impl #ty {
            const META: &'static Operation = &meta::#meta;

            #(#setters)*

            #request
        }

        operation!(#ty => #answer);
        #paged
    }
}

/// For a list operation: (`pages` or `scroll`, page model, record model, member of the records).
fn paged_stream(op: &Operation) -> Option<(&'static str, &str, &str, &str)> {
    match (&op.paging, &op.records, &op.response) {
        (Some(paging), Some((field, record)), Some(page)) => {
            let kind = match paging {
                crate::model::Paging::Pages => "pages",
                crate::model::Paging::Scroll => "scroll",
            };
            Some((kind, page, record, field))
        }
        _ => None,
    }
}

/// A setter of an optional input; searching the docs for the seed's name of the input finds it.
fn setter(f: &Field) -> TokenStream {
    let v = ident(&f.rust_name);
    let (t, conv) = param(&f.ty, &v);
    let value = conv.unwrap_or_else(|| quote!(#v));
    let d = doc(&md(&f.description));
    let seed_name = &f.name;
    let alias = (*seed_name != v.to_string().trim_start_matches("r#"))
        .then(|| quote!(#[doc(alias = #seed_name)]));
    quote! {
        #d
        #alias
        pub fn #v(mut self, #v: #t) -> Self {
            self.#v = Some(#value);
            self
        }
    }
}

/// Statements sending one field according to its place.
fn send_field(f: &Field) -> TokenStream {
    let v = ident(&f.rust_name);
    let name = &f.name;
    match &f.place {
        Place::Query(key) => {
            if f.required {
                quote!(req.query(#name, #key, &self.#v);)
            } else {
                quote!(req.query_opt(#name, #key, self.#v.as_ref());)
            }
        }
        Place::Body(path) => {
            let p = path_parts(path);
            let value = |x: TokenStream| -> TokenStream {
                if let Some(w) = &f.wrap {
                    let (t, k, i) = (&w.list_type, &w.key, &w.item);
                    quote!(req.body_json(#p, wrap_list(#t, #k, #i, #x));)
                } else if !f.each.is_empty() {
                    let keys = f.each.iter().map(|(k, _)| k);
                    let vals = f.each.iter().map(|(_, v)| json(v));
                    quote!(req.body_json(#p, each_with(#x, &[ #( (#keys, #vals) ),* ]));)
                } else {
                    quote!(req.body(#name, #p, #x);)
                }
            };
            let with = f.with.iter().map(|(wp, wv)| {
                let wp = path_parts(wp);
                let wv = json(wv);
                quote!(req.body_json(#wp, #wv);)
            });
            // A transformed value is not sent by `req.body`, which checks it: check it first.
            let transformed = f.wrap.is_some() || !f.each.is_empty();
            if f.required {
                let send = value(quote!(&self.#v));
                let check = transformed.then(|| quote!(req.check(#name, &self.#v);));
                quote!(#check #send #(#with)*)
            } else if f.with.is_empty() && !transformed {
                quote!(req.body_opt(#name, #p, self.#v.as_ref());)
            } else {
                let send = value(quote!(v));
                let check = transformed.then(|| quote!(req.check(#name, v);));
                quote! {
                    if let Some(v) = present(&self.#v) {
                        #check
                        #send
                        #(#with)*
                    }
                }
            }
        }
        Place::Auth | Place::Path | Place::Route => quote!(),
    }
}

/// The `(field, value)` pairs filling the placeholders of `template`.
fn path_params(template: &PathTemplate, op: &Operation) -> TokenStream {
    let params = template
        .params()
        .filter_map(|name| op.field(name))
        .map(|f| {
            let name = &f.name;
            let v = ident(&f.rust_name);
            quote!((#name, self.#v.as_str()))
        });
    quote!(&[ #(#params),* ])
}

fn emit_route(op: &Operation, routing: &Routing, route: &Route) -> TokenStream {
    let e = ident(&routing.enum_name);
    let variant = ident(&pascal(&route.value));
    if let Some(msg) = &route.reject {
        let by = &routing.by;
        return quote!(#e::#variant => req.reject(#by, #msg),);
    }
    let value = &route.value;
    let params = path_params(&route.path, op);
    let query = route.query.iter().map(|(k, f)| {
        let v = op.field(f).map(|f| ident(&f.rust_name));
        quote!(req.query(#f, #k, &self.#v);)
    });
    let body = route.body.iter().map(|(k, f)| {
        let v = op.field(f).map(|f| ident(&f.rust_name));
        let p = path_parts(k);
        quote!(req.body(#f, #p, &self.#v);)
    });
    let single = route.single.as_ref().map(|key| quote!(req.single(#key);));
    quote! {
        #e::#variant => {
            req.route_path(#value, #params);
            #(#query)*
            #(#body)*
            #single
        }
    }
}

/// `fn request`: the request the builder describes. The operation's constant query parameters
/// and body members come from its metadata (`Request::new`); this sends the inputs.
fn emit_request(op: &Operation) -> TokenStream {
    let path = (op.routing.is_none() && op.path.param_count() > 0).then(|| {
        let params = path_params(&op.path, op);
        quote!(req.path(#params);)
    });
    let routing = op.routing.as_ref().map(|r| {
        let by = op.field(&r.by).map(|f| ident(&f.rust_name));
        let arms = r.routes.iter().map(|route| emit_route(op, r, route));
        quote! {
            match self.#by {
                #(#arms)*
            }
        }
    });
    let fields = op.inputs().map(send_field);
    let body = quote! {
        #path
        #routing
        #(#fields)*
    };
    let build = if body.is_empty() {
        quote!(Request::new(Self::META))
    } else {
        quote! {
            let mut req = Request::new(Self::META);
            #body
            req
        }
    };
    quote! {
        /// The request this builder describes.
        fn request(&self) -> Request {
            #build
        }
    }
}
