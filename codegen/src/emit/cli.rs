//! `cli/src/generated/mod.rs`: the CLI's table of operations (flags, types, routes, for `--help`,
//! the mock server and snippets) and the dispatch that turns parsed flags into SDK calls.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::{Api, FieldType, Operation, Paging, Place};
use crate::naming::{pascal, unraw};

fn kebab(name: &str) -> String {
    heck::ToKebabCase::to_kebab_case(name)
}

fn kind(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote!(Kind::String),
        FieldType::Secret => quote!(Kind::Secret),
        FieldType::Bool => quote!(Kind::Boolean),
        FieldType::Number => quote!(Kind::Number),
        FieldType::Json => quote!(Kind::Json),
        FieldType::Timestamp => quote!(Kind::Datepicker),
        FieldType::LatLon => quote!(Kind::Map),
        FieldType::StringList => quote!(Kind::StringList),
        FieldType::ObjectList => quote!(Kind::ObjectList),
        FieldType::Select(_) => quote!(Kind::Select),
    }
}

fn place(p: &Place) -> TokenStream {
    match p {
        Place::Auth => quote!(Place::Auth),
        Place::Path => quote!(Place::Path),
        Place::Query(k) => quote!(Place::Query(#k)),
        Place::Body(path) => {
            let dotted = path.join(".");
            quote!(Place::Body(#dotted))
        }
        Place::Route => quote!(Place::Route),
    }
}

fn spec(api: &Api, op: &Operation) -> TokenStream {
    let name = &op.name;
    let kebab_name = kebab(&op.name);
    let description = &op.description;
    let method = op.method.as_str();
    let path = &op.path;
    let rust_method = unraw(&op.method_name);
    let response = match &op.response {
        Some(r) => quote!(Some(#r)),
        None => quote!(None),
    };
    let paging = match op.paging {
        Some(Paging::Pages) => quote!(Some(Paging::Pages)),
        Some(Paging::Scroll) => quote!(Some(Paging::Scroll)),
        None => quote!(None),
    };
    let auth = op.auth;
    let consts = op.query_consts.iter().map(|(k, v)| quote!((#k, #v)));
    let body_consts = op.body_consts.iter().map(|(k, v)| {
        let k = k.join(".");
        let v = v.to_string();
        quote!((#k, #v))
    });
    let fields = op.fields.iter().map(|f| {
        let name = &f.name;
        let kebab_name = kebab(&f.name);
        let description = &f.description;
        let seed_type = &f.seed_type;
        let kind = kind(&f.ty);
        let required = f.required;
        let place = place(&f.place);
        let setter = &f.rust_name;
        let (enum_name, values) = match &f.ty {
            FieldType::Select(e) => (quote!(Some(#e)), api.selects.iter().find(|s| &s.name == e).map(|s| s.values.clone()).unwrap_or_default()),
            _ => (quote!(None), Vec::new()),
        };
        let variants: Vec<String> = values.iter().map(|v| pascal(v)).collect();
        quote! {
            FieldSpec {
                name: #name, flag: #kebab_name, description: #description, seed_type: #seed_type, kind: #kind,
                required: #required, place: #place, setter: #setter, enum_name: #enum_name,
                values: &[ #(#values),* ], variants: &[ #(#variants),* ],
            }
        }
    });
    let routing = match &op.routing {
        None => quote!(None),
        Some(r) => {
            let by = &r.by;
            let routes = r.routes.iter().map(|route| {
                let value = &route.value;
                let path = &route.path;
                let query = route.query.iter().map(|(k, f)| quote!((#k, #f)));
                let body = route.body.iter().map(|(k, f)| {
                    let k = k.join(".");
                    quote!((#k, #f))
                });
                let reject = route.reject.is_some();
                quote!(RouteSpec { value: #value, path: #path, query: &[ #(#query),* ], body: &[ #(#body),* ], reject: #reject })
            });
            quote!(Some(RoutingSpec { by: #by, routes: &[ #(#routes),* ] }))
        }
    };
    quote! {
        OpSpec {
            name: #name, command: #kebab_name, description: #description, method: #method, path: #path,
            rust_method: #rust_method, response: #response, paging: #paging, auth: #auth,
            query_consts: &[ #(#consts),* ], body_consts: &[ #(#body_consts),* ],
            routing: #routing, fields: &[ #(#fields),* ],
        }
    }
}

/// The statements reading one input from the parsed flags.
fn read(f: &crate::model::Field) -> TokenStream {
    let name = &f.name;
    let getter = match &f.ty {
        FieldType::String | FieldType::Secret => quote!(text),
        FieldType::Bool => quote!(parse::<bool>),
        FieldType::Number => quote!(number),
        FieldType::Timestamp => quote!(parse::<Timestamp>),
        FieldType::LatLon => quote!(parse::<LatLon>),
        FieldType::Select(e) => {
            let e = ident(e);
            quote!(parse::<#e>)
        }
        FieldType::Json => quote!(json_object),
        FieldType::StringList => quote!(string_list),
        FieldType::ObjectList => quote!(object_list),
    };
    if f.required {
        quote!(args.required(#name, |raw| args.#getter(#name, raw))?)
    } else {
        quote!(args.optional(#name, |raw| args.#getter(#name, raw))?)
    }
}

fn dispatch(op: &Operation) -> TokenStream {
    let name = &op.name;
    let method = ident(&op.method_name);
    let required = op.inputs().filter(|f| f.required).map(read);
    let optional = op.inputs().filter(|f| !f.required).map(|f| {
        let setter = ident(&f.rust_name);
        let value = read(f);
        quote! {
            if let Some(v) = #value {
                call = call.#setter(v);
            }
        }
    });
    let finish = match (&op.paging, &op.response) {
        (Some(_), _) => quote!(if all {
            Ok(Outcome::stream(call.into_stream()))
        } else {
            Outcome::value(call).await
        }),
        (None, Some(_)) => quote!(Outcome::value(call).await),
        (None, None) => quote!(Outcome::empty(call).await),
    };
    let has_optional = op.inputs().any(|f| !f.required);
    let binding = if has_optional {
        quote!(let mut call)
    } else {
        quote!(let call)
    };
    quote! {
        #name => {
            #binding = client.#method(#(#required),*);
            #(#optional)*
            #finish
        }
    }
}

pub fn emit(api: &Api) -> TokenStream {
    let specs = api.operations.iter().map(|op| spec(api, op));
    let arms = api.operations.iter().map(dispatch);
    quote! {
        //! The operations of `manifest/`, as the CLI sees them, and the dispatch to the SDK.
        #![allow(clippy::too_many_lines)]

        use crate::args::Args;
        use crate::run::{CliError, Outcome};
        use crate::spec::{FieldSpec, Kind, OpSpec, Paging, Place, RouteSpec, RoutingSpec};
        #[allow(unused_imports)]
        use intercom_sdk::*;

        /// Every operation, in manifest order.
        pub static OPERATIONS: &[OpSpec] = &[ #(#specs),* ];

        /// Calls operation `name` with the inputs in `args`; `all` streams every page of a list.
        pub async fn call(client: &Client, name: &str, args: &Args, all: bool) -> Result<Outcome, CliError> {
            match name {
                #(#arms)*
                other => Err(CliError::Input(format!("unknown operation `{other}`"))),
            }
        }
    }
}
