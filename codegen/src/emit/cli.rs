//! `cli/src/generated/mod.rs`: the dispatch that turns parsed flags into SDK calls. What the CLI
//! knows of each operation otherwise (its flags, types and routes, for `--help`, snippets and
//! the mock) it reads from `intercom_sdk::meta`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::{Api, FieldType, Operation};

/// The statements reading one input from the parsed flags.
fn read(f: &crate::model::Field) -> TokenStream {
    let name = &f.name;
    let getter = match &f.ty {
        FieldType::String | FieldType::Secret => quote!(text),
        FieldType::Bool => quote!(parse::<bool>),
        FieldType::Number => quote!(number),
        FieldType::Integer => quote!(integer),
        FieldType::Timestamp => quote!(parse::<Timestamp>),
        FieldType::LatLon => quote!(parse::<LatLon>),
        FieldType::Select(e) => {
            let e = ident(e);
            quote!(parse::<#e>)
        }
        FieldType::Json | FieldType::Model(_) => quote!(json_object),
        FieldType::StringList => quote!(string_list),
        FieldType::ObjectList | FieldType::ModelList(_) | FieldType::AnyList => quote!(object_list),
        FieldType::IntegerList => quote!(integer_list),
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
        (None, crate::model::Answer::None) => quote!(Outcome::empty(call).await),
        (None, _) => quote!(Outcome::value(call).await),
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
    let arms = api.operations.iter().map(dispatch);
    let selects = super::select_names(api.operations.iter().flat_map(Operation::inputs));
    let any = |pick: &dyn Fn(&FieldType) -> bool| {
        api.operations
            .iter()
            .flat_map(Operation::inputs)
            .any(|f| pick(&f.ty))
    };
    let mut root = vec![quote!(Client)];
    if any(&|t| *t == FieldType::LatLon) {
        root.push(quote!(LatLon));
    }
    if any(&|t| *t == FieldType::Timestamp) {
        root.push(quote!(Timestamp));
    }
    quote! {
        //! The dispatch from an operation's name and flags to its SDK call.
        #![allow(clippy::too_many_lines)]

        use crate::args::Args;
        use crate::run::{CliError, Outcome};
        use intercom_sdk::selects::{ #(#selects),* };
        use intercom_sdk::{ #(#root),* };

        /// Calls operation `name` with the inputs in `args`; `all` streams every page of a list.
        pub async fn call(client: &Client, name: &str, args: &Args, all: bool) -> Result<Outcome, CliError> {
            match name {
                #(#arms)*
                other => Err(CliError::Input(format!("unknown operation `{other}`"))),
            }
        }
    }
}
