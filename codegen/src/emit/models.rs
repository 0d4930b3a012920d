//! `models.rs`: response structs that keep what they do not know, and open server enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident};
use crate::model::{Api, Model, ModelType, ServerEnum};
use crate::naming::{pascal, unraw};

pub fn emit(api: &Api) -> TokenStream {
    let models = api.models.iter().map(emit_model);
    let enums = api.server_enums.iter().map(emit_enum);
    quote! {
        //! Response models: what Intercom answers, typed.
        //!
        //! Every member is optional (`null` and absent are the same) and members a model does not
        //! name are kept in `extra` and written back on serialization, so nothing is lost. Enums the
        //! server sends keep values this SDK does not know in `Unknown`.
        //! [`UnknownFields`](crate::UnknownFields) lists both, to spot API drift.
        #(#models)*
        #(#enums)*
    }
}

fn rust_type(ty: &ModelType) -> TokenStream {
    match ty {
        ModelType::String => quote!(String),
        ModelType::Integer => quote!(i64),
        ModelType::Number => quote!(f64),
        ModelType::Boolean => quote!(bool),
        ModelType::Timestamp => quote!(crate::Timestamp),
        ModelType::Object => quote!(serde_json::Map<String, serde_json::Value>),
        ModelType::Any => quote!(serde_json::Value),
        ModelType::Secret => quote!(crate::Secret),
        ModelType::Model(name) | ModelType::Enum(name) => {
            let n = ident(name);
            quote!(#n)
        }
        ModelType::List(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
    }
}

fn emit_model(model: &Model) -> TokenStream {
    let name = ident(&model.name);
    let docs = doc(&model.description);
    let fields = model.fields.iter().map(|f| {
        let v = ident(&f.rust_name);
        let t = rust_type(&f.ty);
        let d = doc(&f.description);
        let wire = &f.wire;
        let rename = (unraw(&f.rust_name) != f.wire).then(|| quote!(rename = #wire,));
        quote! {
            #d
            #[serde(#rename default, skip_serializing_if = "Option::is_none")]
            pub #v: Option<#t>,
        }
    });
    let inspected: Vec<TokenStream> = model
        .fields
        .iter()
        .filter(|f| f.ty.inspectable())
        .map(|f| {
            let v = ident(&f.rust_name);
            let wire = &f.wire;
            quote!(self.#v.collect_unknown_fields(&format!("{path}.{}", #wire), out);)
        })
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Members this model does not name, kept as sent.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl crate::UnknownFields for #name {
            fn collect_unknown_fields(&self, path: &str, out: &mut Vec<String>) {
                crate::unknown::extra(&self.extra, path, out);
                #(#inspected)*
            }
        }
    }
}

fn emit_enum(e: &ServerEnum) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc(&format!(
        "{}\n\nValues this SDK does not know are kept in `Unknown`.",
        e.description
    ));
    let variants: Vec<_> = e.values.iter().map(|v| ident(&pascal(v))).collect();
    let variant_docs = e.values.iter().map(|v| doc(&format!("`{v}`")));
    let values = &e.values;
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this SDK does not know yet, as sent.
            Unknown(String),
        }

        crate::unknown::open_enum!(#name { #( #variants => #values ),* });
    }
}
