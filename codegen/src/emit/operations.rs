//! `operations/<group>.rs`: per operation, a method that starts it and a request builder.
//!
//! A 1.x operation is a `Client` method; a 2.x operation (an API in a module of its own) is a
//! method of its group's handle (`client.contacts().search(…)`, `client.help_centers()
//! .collections().list()`), as Intercom's official SDKs name them. Required inputs are the
//! method's arguments and optional ones are setters, so a forgotten required input is a compile
//! error. The builder only describes its request; sending, retrying and decoding live in the
//! hand-written runtime (`crate::support::operation!`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{doc, ident, md, prefix};
use crate::model::{Answer, Api, Field, FieldType, Operation, Paging, Place, Records, Route};
use crate::naming::pascal;

/// Group paths in order of first appearance (`help_centers`, `help_centers.collections`); a
/// nested group's parents are listed before it even when they hold no operation.
pub fn groups(api: &Api) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for op in &api.operations {
        let parts: Vec<&str> = op.group.split('.').collect();
        for n in 1..=parts.len() {
            let path = parts[..n].join(".");
            if !groups.contains(&path) {
                groups.push(path);
            }
        }
    }
    groups
}

/// The group files: one per top-level group, in order.
pub fn files(groups: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for g in groups {
        let top = g.split('.').next().unwrap_or_default().to_owned();
        if !out.contains(&top) {
            out.push(top);
        }
    }
    out
}

/// Whether the API's operations are methods of group handles (2.x) rather than of `Client`.
fn grouped(api: &Api) -> bool {
    api.module.is_some()
}

/// The handle type of a group (as octocrab names its handlers): `help_centers.collections` →
/// `HelpCentersCollectionsHandler`. The suffix keeps it off the models' names (`Jobs`, `DataExport`).
fn handle(group: &str) -> Ident {
    ident(&format!("{}Handler", pascal(&group.replace('.', "_"))))
}

pub fn emit_mod(api: &Api, groups: &[String]) -> TokenStream {
    let mods = files(groups).into_iter().map(|g| {
        let m = ident(&g);
        let mut names: Vec<Ident> = Vec::new();
        if grouped(api) {
            names.extend(
                groups
                    .iter()
                    .filter(|p| p.split('.').next() == Some(g.as_str()))
                    .map(|p| handle(p)),
            );
        }
        let ops = api
            .operations
            .iter()
            .filter(|o| o.group.split('.').next() == Some(g.as_str()));
        for o in ops {
            names.push(ident(&o.type_name));
            names.extend(o.inputs().filter_map(|f| alternatives_enum(o, f)));
        }
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

/// The file of the top-level group `file`: its handles (2.x) or `Client` methods (1.x), and
/// the builders of its operations and of its nested groups'.
pub fn emit_group(api: &Api, file: &str) -> TokenStream {
    let in_file = |g: &str| g.split('.').next() == Some(file);
    let ops: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|o| in_file(&o.group))
        .collect();
    let d = super::inner_doc(&format!("Operations of the `{file}` group."));
    let imports = imports(api, &ops);
    let starts = if grouped(api) {
        let groups: Vec<String> = groups(api).into_iter().filter(|g| in_file(g)).collect();
        handles(api, &groups)
    } else {
        let methods = ops
            .iter()
            .map(|op| start_method(api, op, quote!(self.clone())));
        quote! {
            impl Client {
                #(#methods)*
            }
        }
    };
    let builders = ops.iter().map(|op| builder(api, op));
    quote! {
        #d
        #imports
        #starts
        #(#builders)*
    }
}

/// The handles of the groups of one file: a `Client` method for the top-level group, a struct
/// per group with a method per operation and per nested group.
fn handles(api: &Api, groups: &[String]) -> TokenStream {
    let items = groups.iter().map(|group| {
        let ty = handle(group);
        let name = group.rsplit('.').next().unwrap_or_default();
        let method = ident(name);
        let depth = group.matches('.').count();
        let opener = if depth == 0 {
            let d = doc(&format!(
                "The operations of the `{group}` group: `client.{name}().…`."
            ));
            quote! {
                impl Client {
                    #d
                    pub fn #method(&self) -> #ty<'_> {
                        #ty { client: self }
                    }
                }
            }
        } else {
            quote!()
        };
        let children = groups
            .iter()
            .filter(|g| g.rsplit_once('.').map(|(parent, _)| parent) == Some(group.as_str()))
            .map(|child| {
                let child_ty = handle(child);
                let child_name = ident(child.rsplit('.').next().unwrap_or_default());
                let d = doc(&format!("The operations of the `{child}` group."));
                quote! {
                    #d
                    pub fn #child_name(&self) -> #child_ty<'a> {
                        #child_ty { client: self.client }
                    }
                }
            });
        let methods = api
            .operations
            .iter()
            .filter(|o| &o.group == group)
            .map(|op| start_method(api, op, quote!(self.client.clone())));
        let d = doc(&format!(
            "The operations of the `{group}` group of the {} API {}.",
            api.name, api.default_version
        ));
        quote! {
            #opener

            #d
            #[derive(Debug, Clone, Copy)]
            pub struct #ty<'a> {
                client: &'a Client,
            }

            impl<'a> #ty<'a> {
                #(#children)*
                #(#methods)*
            }
        }
    });
    quote!(#(#items)*)
}

/// One operation alone, as the snapshot tests review it: its method and its builder.
pub fn emit_single(api: &Api, op: &Operation) -> TokenStream {
    let receiver = if grouped(api) {
        handle(&op.group)
    } else {
        ident("Client")
    };
    let client = if grouped(api) {
        quote!(self.client.clone())
    } else {
        quote!(self.clone())
    };
    let method = start_method(api, op, client);
    let builder = builder(api, op);
    let generics = grouped(api).then(|| quote!(<'_>));
    quote! {
        impl #receiver #generics {
            #method
        }
        #builder
    }
}

/// The `use` lines of a group file: what its operations name, all from `crate::support`, and
/// the Select enums, models and metadata of its API.
fn imports(api: &Api, ops: &[&Operation]) -> TokenStream {
    let fields: Vec<&Field> = ops.iter().flat_map(|op| op.inputs()).collect();
    let any = |pick: &dyn Fn(&Field) -> bool| fields.iter().any(|f| pick(f));
    let json = |f: &Field| {
        matches!(
            f.ty,
            FieldType::Json
                | FieldType::ObjectList
                | FieldType::AnyList
                | FieldType::Model(_)
                | FieldType::ModelList(_)
        )
    };
    let mut support = vec!["CallOptions", "Client", "Operation", "Request", "operation"];
    for (name, used) in [
        ("Integer", any(&|f| f.ty == FieldType::Integer)),
        ("JsonText", any(&json)),
        ("LatLon", any(&|f| f.ty == FieldType::LatLon)),
        ("Secret", any(&|f| f.ty == FieldType::Secret)),
        (
            "Serialize",
            any(&|f| {
                matches!(
                    f.ty,
                    FieldType::Json | FieldType::ObjectList | FieldType::AnyList
                )
            }),
        ),
        ("Timestamp", any(&|f| f.ty == FieldType::Timestamp)),
        ("paged", ops.iter().any(|op| paged_stream(op).is_some())),
    ] {
        if used {
            support.push(name);
        }
    }
    let support = support.iter().map(|n| ident(n));
    let prefix = prefix(api);
    let selects = super::select_names(fields.iter().copied());
    let selects = (!selects.is_empty()).then(|| quote!(use #prefix::selects::{ #(#selects),* };));
    let mut models: Vec<&str> = ops
        .iter()
        .flat_map(|op| {
            let records = op.records.as_ref().map(|r| r.model.as_str());
            op.response_model().into_iter().chain(records)
        })
        .chain(fields.iter().filter_map(|f| match &f.ty {
            FieldType::Model(m) | FieldType::ModelList(m) => Some(m.as_str()),
            _ => f.shape.as_deref().or(f.value_shape.as_deref()),
        }))
        .filter(|m| api.model(m).is_none_or(|m| m.external.is_none()))
        .collect();
    models.sort_unstable();
    models.dedup();
    let models = (!models.is_empty()).then(|| {
        let models = models.into_iter().map(ident);
        quote!(use #prefix::models::{ #(#models),* };)
    });
    quote! {
        use #prefix::meta;
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
        FieldType::Timestamp => quote!(Timestamp),
        FieldType::LatLon => quote!(LatLon),
        FieldType::StringList => quote!(Vec<String>),
        FieldType::IntegerList => quote!(Vec<i64>),
        FieldType::Json
        | FieldType::ObjectList
        | FieldType::AnyList
        | FieldType::Model(_)
        | FieldType::ModelList(_) => quote!(JsonText),
        FieldType::Select(name) => {
            let n = ident(name);
            quote!(#n)
        }
    }
}

/// The parameter type of an input, and the expression turning the parameter `v` into the stored
/// type (`None` when it is stored as given).
fn param(api: &Api, f: &Field, v: &Ident) -> (TokenStream, Option<TokenStream>) {
    let shape = f.shape.as_deref().map(|m| model_path(api, m));
    match &f.ty {
        FieldType::String => (quote!(impl Into<String>), Some(quote!(#v.into()))),
        FieldType::Secret => (
            quote!(impl Into<String>),
            Some(quote!(Secret::from(#v.into()))),
        ),
        FieldType::Number => (quote!(impl Into<f64>), Some(quote!(#v.into()))),
        FieldType::Integer => (quote!(impl TryInto<i64>), Some(quote!(Integer::new(#v)))),
        FieldType::Json => {
            let value_shape = f.value_shape.as_deref().map(|m| model_path(api, m));
            let conv = match (shape, value_shape) {
                (Some(m), _) => quote!(JsonText::object(#v).shaped::<#m>()),
                (None, Some(m)) => quote!(JsonText::object(#v).shaped_values::<#m>()),
                (None, None) => quote!(JsonText::object(#v)),
            };
            (quote!(impl Serialize), Some(conv))
        }
        FieldType::ObjectList => {
            let conv = match shape {
                Some(m) => quote!(JsonText::objects(#v).shaped_items::<#m>()),
                None => quote!(JsonText::objects(#v)),
            };
            (quote!(impl IntoIterator<Item = impl Serialize>), Some(conv))
        }
        FieldType::AnyList => (
            quote!(impl IntoIterator<Item = impl Serialize>),
            Some(quote!(JsonText::values(#v))),
        ),
        FieldType::Model(m) => {
            let m = model_path(api, m);
            (
                quote!(impl Into<#m>),
                Some(quote!(JsonText::model(&#v.into()))),
            )
        }
        FieldType::ModelList(m) => {
            let m = model_path(api, m);
            (
                quote!(impl IntoIterator<Item = impl Into<#m>>),
                Some(quote!(JsonText::models(#v.into_iter().map(Into::<#m>::into)))),
            )
        }
        FieldType::Timestamp => (quote!(impl Into<Timestamp>), Some(quote!(#v.into()))),
        FieldType::StringList => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Some(quote!(#v.into_iter().map(Into::into).collect())),
        ),
        FieldType::IntegerList => (
            quote!(impl IntoIterator<Item = i64>),
            Some(quote!(#v.into_iter().collect())),
        ),
        other => (stored_type(other), None),
    }
}

/// The Rust path of the model `name`: its name (imported from the API's models), or the path
/// in the crate of a type the runtime provides (`crate::search::Query`).
fn model_path(api: &Api, name: &str) -> TokenStream {
    match api.model(name).and_then(|m| m.external.as_deref()) {
        Some(path) => {
            let parts = path.split("::").map(ident);
            quote!(crate #(::#parts)*)
        }
        None => {
            let n = ident(name);
            quote!(#n)
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

/// The method starting an operation (on `Client`, or on a group handle): its required inputs
/// are the arguments. `client` is the expression of the client the builder keeps.
fn start_method(api: &Api, op: &Operation, client: TokenStream) -> TokenStream {
    let ty = ident(&op.type_name);
    let method = ident(&op.method_name);
    let op_name = &op.name;
    let method_doc = doc(&method_doc(op));
    let required = op.inputs().filter(|f| f.required);
    let args = required.map(|f| {
        let v = ident(&f.rust_name);
        let t = match alternatives_enum(op, f) {
            Some(e) => quote!(impl Into<#e>),
            None => param(api, f, &v).0,
        };
        quote!(#v: #t)
    });
    let inits = op.inputs().map(|f| {
        let v = ident(&f.rust_name);
        let conv = match alternatives_enum(op, f) {
            Some(_) => Some(quote!(#v.into())),
            None => param(api, f, &v).1,
        };
        match (f.required, conv) {
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
                client: #client,
                options: CallOptions::default(),
                #(#inits,)*
            }
        }
    }
}

fn method_doc(op: &Operation) -> String {
    let mut text = md(&op.description);
    if !op.docs.is_empty() && op.docs != op.description {
        text.push_str("\n\n");
        text.push_str(&md(&op.docs));
    }
    text.push_str("\n\n");
    text.push_str(&http_summary(op));
    let required: Vec<&Field> = op.inputs().filter(|f| f.required).collect();
    if !required.is_empty() {
        text.push_str("\n\n# Arguments\n");
        for f in required {
            let name = f.rust_name.trim_start_matches("r#");
            match f.description.trim() {
                "" => text.push_str(&format!("\n- `{name}`")),
                words => text.push_str(&format!("\n- `{name}`: {}", md(words))),
            }
            text.push_str(&shape_doc(f));
            if let Some(e) = alternatives_enum(op, f) {
                let others: Vec<String> = f.alternatives.iter().map(|a| format!("`{a}`")).collect();
                text.push_str(&format!(
                    " A string is sent as itself; [`{e}`] names it by {} instead.",
                    others.join(" or ")
                ));
            }
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

/// What an input with a `shape` takes, for its docs (empty without one).
fn shape_doc(f: &Field) -> String {
    match (&f.shape, &f.ty) {
        (Some(m), FieldType::ObjectList) => format!(
            " Each item has members of [`{m}`] (one, or any `Serialize` of its members); \
             another member refuses the call before sending."
        ),
        (Some(m), _) => format!(
            " Members of [`{m}`] (one, or any `Serialize` of its members); another member \
             refuses the call before sending."
        ),
        (None, _) => match &f.value_shape {
            Some(m) => format!(
                " Each member's value is one a [`{m}`] holds (any `Serialize` of such values); \
                 another refuses the call before sending."
            ),
            None => String::new(),
        },
    }
}

/// The request builder of an operation: its struct, setters, request and runtime impls.
fn builder(api: &Api, op: &Operation) -> TokenStream {
    let ty = ident(&op.type_name);
    let started_by = if grouped(api) {
        format!(
            "{}::{}",
            handle(&op.group),
            op.method_name.trim_start_matches("r#")
        )
    } else {
        format!("Client::{}", op.method_name.trim_start_matches("r#"))
    };
    let struct_doc = doc(&format!(
        "Request builder of [`{started_by}`]: {}",
        md(op.description.lines().next().unwrap_or_default())
    ));
    let members = op.inputs().map(|f| {
        let v = ident(&f.rust_name);
        let t = alternatives_enum(op, f).map_or_else(|| stored_type(&f.ty), |e| quote!(#e));
        if f.required {
            quote!(#v: #t)
        } else {
            quote!(#v: Option<#t>)
        }
    });
    let meta = ident(&super::meta::static_name(op));
    let setters = op.inputs().filter(|f| !f.required).map(|f| setter(api, f));
    let request = emit_request(op);
    let alternatives = op
        .inputs()
        .filter_map(|f| emit_alternatives(&started_by, op, f));
    let answer = match &op.response {
        Answer::None => quote!(()),
        Answer::Model(model) if api.model(model).is_some_and(|m| m.union.is_some()) => {
            let m = ident(model);
            quote!(union #m)
        }
        Answer::Model(model) => {
            let m = ident(model);
            quote!(#m)
        }
        Answer::List(model) => {
            let m = ident(model);
            quote!([#m])
        }
        Answer::Json => quote!(json),
        Answer::Text => quote!(text),
        Answer::File => quote!(file),
    };
    let paged = paged_stream(op).map(|(paging, page, records)| {
        let kind = match paging {
            Paging::Pages => quote!(pages),
            Paging::Scroll => quote!(scroll),
            Paging::Cursor => quote!(cursor),
            Paging::Search => quote!(search),
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
        #(#alternatives)*
    }
}

/// The enum of a required body input the API also takes as other members (`alternatives`):
/// its name, or `None` for an input without alternatives.
fn alternatives_enum(op: &Operation, f: &Field) -> Option<Ident> {
    if f.alternatives.is_empty() {
        return None;
    }
    Some(ident(&format!("{}{}", op.type_name, pascal(&f.rust_name))))
}

/// For an input with `alternatives`: an enum of the member it is sent as (its own, by default,
/// so a plain string still works), and which alternative each variant is.
fn emit_alternatives(started_by: &str, op: &Operation, f: &Field) -> Option<TokenStream> {
    let name = alternatives_enum(op, f)?;
    let own = match &f.place {
        Place::Body(key) => key.last().cloned().unwrap_or_default(),
        _ => f.name.clone(),
    };
    let doc_text = format!(
        "How [`{started_by}`] names its `{own}`: as `{own}`, or as a member the API takes in its \
         place. A string converts into `{}`.",
        pascal(&own)
    );
    let enum_doc = doc(&doc_text);
    let variants: Vec<(Ident, String)> = std::iter::once(&own)
        .chain(&f.alternatives)
        .map(|wire| (ident(&pascal(wire)), wire.clone()))
        .collect();
    let own_variant = &variants[0].0;
    let defs = variants.iter().map(|(v, wire)| {
        let d = doc(&format!("Sent as `{wire}`."));
        quote!(#d #v(String),)
    });
    let arms = variants.iter().enumerate().map(|(i, (v, _))| {
        let which = match i {
            0 => quote!(None),
            i => {
                let k = proc_macro2::Literal::usize_unsuffixed(i - 1);
                quote!(Some(#k))
            }
        };
        quote!(Self::#v(value) => (#which, value),)
    });
    Some(quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #name {
            #(#defs)*
        }

        impl #name {
            /// Which alternative it is (`None`: the input's own member), and its value.
            fn placed(&self) -> (Option<usize>, &String) {
                match self {
                    #(#arms)*
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::#own_variant(value.to_owned())
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::#own_variant(value)
            }
        }
    })
}

/// For a list operation: how it pages, its page model and where its records are.
fn paged_stream(op: &Operation) -> Option<(Paging, &str, &Records)> {
    match (op.paging, &op.records, &op.response) {
        (Some(paging), Some(records), Answer::Model(page)) => Some((paging, page, records)),
        _ => None,
    }
}

/// A setter of an optional input; searching the docs for the manifest's name of the input
/// finds it.
fn setter(api: &Api, f: &Field) -> TokenStream {
    let v = ident(&f.rust_name);
    let (t, conv) = param(api, f, &v);
    let value = conv.unwrap_or_else(|| quote!(#v));
    let text = if f.description.trim().is_empty() {
        format!("The `{}` input.", f.name)
    } else {
        md(&f.description)
    } + &shape_doc(f);
    let d = doc(&text);
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
        Some(if !f.alternatives.is_empty() {
            quote! {
                let (alternative, value) = self.#v.placed();
                req.input_as(#index, alternative, value);
            }
        } else if f.required {
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
