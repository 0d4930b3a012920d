//! `api.rs`: constants every request uses.

use proc_macro2::TokenStream;
use quote::quote;

use super::{inner_doc, md};
use crate::model::Api;

pub fn emit(api: &Api) -> TokenStream {
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
    }
}
