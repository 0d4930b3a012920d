//! `api.rs`: constants every request uses.

use proc_macro2::TokenStream;
use quote::quote;

use super::{inner_doc, md};
use crate::model::Api;

/// The constants of the root API, and the default version of every other API (`V2_DEFAULT_VERSION`).
pub fn emit(api: &Api, others: &[Api]) -> TokenStream {
    let base = &api.base_url;
    let header = &api.version_header;
    let version = &api.default_version;
    let datatypes = api.datatypes.iter().map(|d| {
        let line = format!(
            "- `{}`: {} (e.g. `{}`)",
            d.name,
            md(&d.description),
            d.example.replace('`', "'")
        );
        inner_doc(&line)
    });
    let others = others.iter().filter_map(|other| {
        let module = other.module.as_deref()?;
        let name = quote::format_ident!("{}_DEFAULT_VERSION", module.to_ascii_uppercase());
        let version = &other.default_version;
        let d = super::doc(&format!(
            "API version sent for the operations of `{module}` unless the client is told otherwise."
        ));
        Some(quote! {
            #d
            pub const #name: &str = #version;
        })
    });
    let mod_doc = inner_doc(&format!(
        "Constants of the {} API, from `manifest/api.yaml`.",
        api.name
    ));
    quote! {
        #mod_doc
        //!
        //! The custom datatypes of the manifest's inputs:
        #(#datatypes)*

        /// Base URL the client calls unless told otherwise.
        pub const DEFAULT_BASE_URL: &str = #base;
        /// Header naming the API version.
        pub const VERSION_HEADER: &str = #header;
        /// API version sent unless the client is told otherwise.
        pub const DEFAULT_VERSION: &str = #version;
        #(#others)*
    }
}
