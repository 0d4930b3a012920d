//! `operations/<group>.rs`: per operation, a `Client` method and a request builder.
//!
//! Required inputs are the method's arguments and optional ones are setters, so a forgotten
//! required input is a compile error. The builder only describes its request; sending, retrying
//! and decoding live in the hand-written runtime (`crate::support::operation!`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{doc, ident, md};
use crate::model::{Api, Field, FieldType, Operation, Paging, Place, Records, Route};

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

/// The `use` lines of a group file: only what its operations name, all from `crate::support`
/// (and the Select enums and models it names).
fn imports(ops: &[&Operation]) -> TokenStream {
    let fields: Vec<&Field> = ops.iter().flat_map(|op| op.inputs()).collect();
    let any = |pick: &dyn Fn(&Field) -> bool| fields.iter().any(|f| pick(f));
    let mut support = vec![
        "CallOptions",
        "Client",
        "Operation",
        "Request",
        "meta",
        "operation",
    ];
    for (name, used) in [
        ("Integer", any(&|f| f.ty == FieldType::Integer)),
        (
            "JsonText",
            any(&|f| matches!(f.ty, FieldType::Json | FieldType::ObjectList)),
        ),
        ("LatLon", any(&|f| f.ty == FieldType::LatLon)),
        ("Secret", any(&|f| f.ty == FieldType::Secret)),
        (
            "Serialize",
            any(&|f| matches!(f.ty, FieldType::Json | FieldType::ObjectList)),
        ),
        ("Timestamp", any(&|f| f.ty == FieldType::Timestamp)),
        ("paged", ops.iter().any(|op| paged_stream(op).is_some())),
    ] {
        if used {
            support.push(name);
        }
    }
    let support = support.iter().map(|n| ident(n));
    let selects = super::select_names(fields.iter().copied());
    let selects = (!selects.is_empty()).then(|| quote!(use crate::selects::{ #(#selects),* };));
    let mut models: Vec<&str> = ops
        .iter()
        .flat_map(|op| {
            let records = op.records.as_ref().map(|r| r.model.as_str());
            op.response.as_deref().into_iter().chain(records)
        })
        .collect();
    models.sort_unstable();
    models.dedup();
    let models = models.into_iter().map(ident);
    let models = quote!(use crate::models::{ #(#models),* };);
    let models = ops.iter().any(|op| op.response.is_some()).then_some(models);
    quote! {
        #models
        #selects
        use crate::support::{ #(#support),* };
    }
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

/// What the operation sends, in words, for its docs.
fn http_summary(op: &Operation) -> String {
    let mut s = match &op.routing {
        None => format!("`{} {}`", op.method.as_str(), op.path.as_str()),
        Some(r) => {
            let lines: Vec<String> = r
                .routes
                .iter()
                .map(|route| format!("- `{}`: {}", route.value, route_summary(op, route)))
                .collect();
            let by = &op.fields[r.by].rust_name;
            format!("Sent according to `{by}`:\n{}", lines.join("\n"))
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

/// What one route sends, in words.
fn route_summary(op: &Operation, route: &Route) -> String {
    if let Some(msg) = &route.refuse {
        return format!("refused before sending: {}", md(msg));
    }
    let mut target = format!("`{} {}`", op.method.as_str(), route.path.as_str());
    let name = |i: &usize| op.fields[*i].rust_name.trim_start_matches("r#").to_owned();
    let q = route
        .query
        .iter()
        .map(|(k, f)| format!("`{k}={{{}}}`", name(f)));
    let b = route
        .body
        .iter()
        .map(|(k, f)| format!("body `{}` = `{}`", k.join("."), name(f)));
    for extra in q.chain(b) {
        target.push_str(", ");
        target.push_str(&extra);
    }
    if let Some(key) = &route.single {
        target.push_str(&format!(" (the `{key}` list must hold exactly one record)"));
    }
    target
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
    if op.inputs().any(|f| !f.required) {
        text.push_str(&format!(
            "\n\nOptional inputs are setters of [`{}`].",
            op.type_name
        ));
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
    let paged = paged_stream(op).map(|(paging, page, records)| {
        let kind = match paging {
            Paging::Pages => quote!(pages),
            Paging::Scroll => quote!(scroll),
        };
        let (page, record, member) = (ident(page), ident(&records.model), ident(&records.member));
        quote!(paged!(#kind #ty => #page, #record, #member);)
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

/// For a list operation: how it pages, its page model and where its records are.
fn paged_stream(op: &Operation) -> Option<(Paging, &str, &Records)> {
    match (op.paging, &op.records, &op.response) {
        (Some(paging), Some(records), Some(page)) => Some((paging, page, records)),
        _ => None,
    }
}

/// A setter of an optional input; searching the docs for the manifest's name of the input
/// finds it.
fn setter(f: &Field) -> TokenStream {
    let v = ident(&f.rust_name);
    let (t, conv) = param(&f.ty, &v);
    let value = conv.unwrap_or_else(|| quote!(#v));
    let d = doc(&md(&f.description));
    let name = &f.name;
    let alias =
        (*name != v.to_string().trim_start_matches("r#")).then(|| quote!(#[doc(alias = #name)]));
    quote! {
        #d
        #alias
        pub fn #v(mut self, #v: #t) -> Self {
            self.#v = Some(#value);
            self
        }
    }
}

/// `fn request`: the request the builder describes. The operation's constants come from its
/// metadata (`Request::new`); the route is the position of the picking Select's value; each
/// input is given by its position in the metadata, which says where and how it is sent.
fn emit_request(op: &Operation) -> TokenStream {
    let route = op.routing.as_ref().map(|r| {
        let by = ident(&op.fields[r.by].rust_name);
        // Routes follow the order of the Select's values, as the enum's variants do.
        quote!(req.route(self.#by as usize);)
    });
    let inputs = op.fields.iter().enumerate().filter_map(|(i, f)| {
        let routing_field = op.routing.as_ref().is_some_and(|r| r.by == i);
        if f.place == Place::Auth || routing_field {
            return None;
        }
        let index = proc_macro2::Literal::usize_unsuffixed(op.input_index(i));
        let v = ident(&f.rust_name);
        Some(if f.required {
            quote!(req.input(#index, &self.#v);)
        } else {
            quote!(req.input_opt(#index, self.#v.as_ref());)
        })
    });
    let body = quote! {
        #route
        #(#inputs)*
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
