//! `operations/<group>.rs`: per operation, a `Client` method and a request builder.
//!
//! Required inputs are the method's arguments and optional ones are setters, so a forgotten
//! required input is a compile error. The builder only describes its request; sending, retrying
//! and decoding live in the hand-written runtime (`crate::operation!`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, md};
use crate::model::{Api, Field, FieldType, Method, Operation, Place, Route};
use crate::naming::pascal;

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
    let ops = api
        .operations
        .iter()
        .filter(|o| o.group == group)
        .map(|op| emit_operation(api, op));
    let d = super::inner_doc(&format!("Operations of the `{group}` group."));
    quote! {
        #d
        #[allow(unused_imports)]
        use crate::selects::*;
        #(#ops)*
    }
}

/// Rust type of a stored field.
fn stored_type(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote!(String),
        FieldType::Secret => quote!(crate::Secret),
        FieldType::Bool => quote!(bool),
        FieldType::Number => quote!(f64),
        FieldType::Json => quote!(serde_json::Map<String, serde_json::Value>),
        FieldType::Timestamp => quote!(crate::Timestamp),
        FieldType::LatLon => quote!(crate::LatLon),
        FieldType::StringList => quote!(Vec<String>),
        FieldType::ObjectList => quote!(Vec<serde_json::Map<String, serde_json::Value>>),
        FieldType::Select(name) => {
            let n = ident(name);
            quote!(#n)
        }
    }
}

/// (parameter type, expression turning the parameter `v` into the stored type).
fn param(ty: &FieldType, v: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        FieldType::String => (quote!(impl Into<String>), quote!(#v.into())),
        FieldType::Secret => (
            quote!(impl Into<String>),
            quote!(crate::Secret::from(#v.into())),
        ),
        FieldType::Number => (quote!(impl Into<f64>), quote!(#v.into())),
        FieldType::Timestamp => (quote!(impl Into<crate::Timestamp>), quote!(#v.into())),
        FieldType::StringList => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#v.into_iter().map(Into::into).collect()),
        ),
        other => (stored_type(other), quote!(#v)),
    }
}

fn path_parts(p: &[String]) -> TokenStream {
    quote!(&[ #(#p),* ])
}

/// Literal tokens for a JSON constant.
fn json(value: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    match value {
        Value::Null => quote!(serde_json::Value::Null),
        Value::Bool(b) => quote!(serde_json::Value::Bool(#b)),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => quote!(serde_json::Value::from(#i)),
            (None, Some(f)) => quote!(serde_json::Value::from(#f)),
            (None, None) => quote!(serde_json::Value::Null),
        },
        Value::String(s) => quote!(serde_json::Value::from(#s)),
        Value::Array(items) => {
            let items = items.iter().map(json);
            quote!(serde_json::Value::Array(vec![ #(#items),* ]))
        }
        Value::Object(map) => {
            let keys = map.keys();
            let values = map.values().map(json);
            quote!(serde_json::Value::Object(serde_json::Map::from_iter([ #( (String::from(#keys), #values) ),* ])))
        }
    }
}

fn method_tokens(m: Method) -> TokenStream {
    match m {
        Method::Get => quote!(crate::request::Method::Get),
        Method::Post => quote!(crate::request::Method::Post),
        Method::Put => quote!(crate::request::Method::Put),
        Method::Delete => quote!(crate::request::Method::Delete),
    }
}

/// What the operation sends, in words, for its docs.
fn http_summary(op: &Operation) -> String {
    let mut s = match &op.routing {
        None => format!("`{} {}`", op.method.as_str(), op.path),
        Some(r) => {
            let lines: Vec<String> = r
                .routes
                .iter()
                .map(|route| match &route.reject {
                    Some(msg) => {
                        format!("- `{}`: refused before sending: {}", route.value, md(msg))
                    }
                    None => {
                        let mut target = format!("`{} {}`", op.method.as_str(), route.path);
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

pub fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
    let ty = ident(&op.type_name);
    let method = ident(&op.method_name);
    let op_name = &op.name;
    let inputs: Vec<&Field> = op.inputs().collect();
    let required: Vec<&Field> = inputs.iter().copied().filter(|f| f.required).collect();
    let optional: Vec<&Field> = inputs.iter().copied().filter(|f| !f.required).collect();

    // Client method.
    let mut method_doc = format!("{}\n\n{}", md(&op.description), http_summary(op));
    if !required.is_empty() {
        method_doc.push_str("\n\n# Arguments\n");
        for f in &required {
            method_doc.push_str(&format!(
                "\n- `{}`: {}",
                f.rust_name.trim_start_matches("r#"),
                md(&f.description)
            ));
        }
    }
    if !optional.is_empty() {
        method_doc.push_str(&format!(
            "\n\nOptional inputs are setters of [`{}`].",
            op.type_name
        ));
    }
    method_doc.push_str(&format!("\n\nSeed operation: `Intercom.{}`.", op.name));
    let method_doc = doc(&method_doc);
    let args = required.iter().map(|f| {
        let v = ident(&f.rust_name);
        let (t, _) = param(&f.ty, &v);
        quote!(#v: #t)
    });
    let inits = inputs.iter().map(|f| {
        let v = ident(&f.rust_name);
        if f.required {
            let (_, conv) = param(&f.ty, &v);
            quote!(#v: #conv)
        } else {
            quote!(#v: None)
        }
    });

    // Builder struct.
    let struct_doc = doc(&format!(
        "Request builder of [`Client::{0}`](crate::Client::{0}): {1}\n\nSend it with `.send().await`, or simply `.await` it.",
        op.method_name.trim_start_matches("r#"),
        md(op.description.lines().next().unwrap_or_default())
    ));
    let members = inputs.iter().map(|f| {
        let v = ident(&f.rust_name);
        let t = stored_type(&f.ty);
        if f.required {
            quote!(#v: #t)
        } else {
            quote!(#v: Option<#t>)
        }
    });

    // Setters.
    let setters = optional.iter().map(|f| {
        let v = ident(&f.rust_name);
        let (t, conv) = param(&f.ty, &v);
        let d = doc(&format!(
            "{}\n\nSeed field `{}` ({}).",
            md(&f.description),
            f.name,
            f.seed_type
        ));
        quote! {
            #d
            pub fn #v(mut self, #v: #t) -> Self {
                self.#v = Some(#conv);
                self
            }
        }
    });

    let request = emit_request(op);
    let meta_method = method_tokens(op.method);
    let path = &op.path;
    let idempotent = op.idempotent;
    let auth = op.auth;
    let secret_response = op.response.as_ref().is_some_and(|m| api.holds_secrets(m));
    let (out, decode) = match &op.response {
        Some(model) => {
            let m = ident(model);
            (quote!(crate::models::#m), quote!(json))
        }
        None => (quote!(()), quote!(unit)),
    };

    let paged = match (&op.paging, &op.records, &op.response) {
        (Some(paging), Some((field, record)), Some(page)) => {
            let kind = match paging {
                crate::model::Paging::Pages => quote!(pages),
                crate::model::Paging::Scroll => quote!(scroll),
            };
            let (page, record, field) = (ident(page), ident(record), ident(field));
            quote!(crate::paging::paged!(#kind #ty => #page, #record, #field);)
        }
        _ => quote!(),
    };
    quote! {
        impl crate::Client {
            #method_doc
            #[doc(alias = #op_name)]
            pub fn #method(&self, #(#args),*) -> #ty {
                #ty {
                    client: self.clone(),
                    options: Default::default(),
                    #(#inits,)*
                }
            }
        }

        #struct_doc
        #[derive(Clone)]
        #[must_use = "a request is sent only by `.send().await` or `.await`"]
        pub struct #ty {
            client: crate::Client,
            options: crate::request::CallOptions,
            #(#members,)*
        }

        impl #ty {
            const META: crate::request::OperationMeta = crate::request::OperationMeta {
                name: #op_name,
                method: #meta_method,
                path: #path,
                idempotent: #idempotent,
                auth: #auth,
                secret_response: #secret_response,
            };

            #(#setters)*

            #request
        }

        crate::operation::operation!(#ty => #out, #decode);
        #paged
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
                    quote!(req.body_json(#p, crate::request::wrap_list(#t, #k, #i, #x));)
                } else if !f.each.is_empty() {
                    let keys = f.each.iter().map(|(k, _)| k);
                    let vals = f.each.iter().map(|(_, v)| json(v));
                    quote!(req.body_json(#p, crate::request::each_with(#x, &[ #( (#keys, #vals) ),* ]));)
                } else {
                    quote!(req.body(#name, #p, #x);)
                }
            };
            let with = f.with.iter().map(|(wp, wv)| {
                let wp = path_parts(wp);
                let wv = json(wv);
                quote!(req.body_json(#wp, #wv);)
            });
            if f.required {
                let send = value(quote!(&self.#v));
                let check = (f.wrap.is_some() || !f.each.is_empty())
                    .then(|| quote!(req.check(#name, &self.#v);));
                quote!(#check #send #(#with)*)
            } else if f.with.is_empty() && f.wrap.is_none() && f.each.is_empty() {
                quote!(req.body_opt(#name, #p, self.#v.as_ref());)
            } else {
                let send = value(quote!(v));
                quote! {
                    if let Some(v) = crate::request::present(&self.#v) {
                        #send
                        #(#with)*
                    }
                }
            }
        }
        Place::Auth | Place::Path | Place::Route => quote!(),
    }
}

fn path_call(template: &str, op: &Operation) -> TokenStream {
    let params: Vec<TokenStream> = template
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n))
        .filter_map(|name| op.field(name))
        .map(|f| {
            let name = &f.name;
            let v = ident(&f.rust_name);
            quote!((#name, self.#v.as_str()))
        })
        .collect();
    quote!(req.path(#template, &[ #(#params),* ]);)
}

fn emit_route(op: &Operation, enum_name: &str, route: &Route) -> TokenStream {
    let e = ident(enum_name);
    let variant = ident(&pascal(&route.value));
    if let Some(msg) = &route.reject {
        let by = op
            .routing
            .as_ref()
            .map(|r| r.by.as_str())
            .unwrap_or_default();
        return quote!(#e::#variant => req.reject(#by, #msg),);
    }
    let path = if route.path != op.path || route.path.contains('{') {
        path_call(&route.path, op)
    } else {
        quote!()
    };
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
            #path
            #(#query)*
            #(#body)*
            #single
        }
    }
}

fn emit_request(op: &Operation) -> TokenStream {
    let path = if op.routing.is_none() && op.path.contains('{') {
        path_call(&op.path, op)
    } else {
        quote!()
    };
    let consts_q = op
        .query_consts
        .iter()
        .map(|(k, v)| quote!(req.query_const(#k, #v);));
    let consts_b = op.body_consts.iter().map(|(k, v)| {
        let p = path_parts(k);
        let v = json(v);
        quote!(req.body_json(#p, #v);)
    });
    let routing = op.routing.as_ref().map(|r| {
        let by = op.field(&r.by).map(|f| ident(&f.rust_name));
        let arms = r
            .routes
            .iter()
            .map(|route| emit_route(op, &r.enum_name, route));
        quote! {
            match self.#by {
                #(#arms)*
            }
        }
    });
    let fields = op.inputs().map(send_field);
    let body = quote! {
        #path
        #(#consts_q)*
        #(#consts_b)*
        #routing
        #(#fields)*
    };
    let build = if body.is_empty() {
        quote!(crate::request::Request::new(&Self::META))
    } else {
        quote! {
            let mut req = crate::request::Request::new(&Self::META);
            #body
            req
        }
    };
    quote! {
        /// The request this builder describes.
        fn request(&self) -> crate::request::Request {
            #build
        }
    }
}
