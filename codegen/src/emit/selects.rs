//! `selects.rs`: one closed enum per Select, with its wire strings.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, md};
use crate::model::{Api, SelectEnum};

pub fn emit(api: &Api) -> TokenStream {
    let enums = api.selects.iter().map(emit_enum);
    quote! {
        //! Closed sets of values the caller picks from: the manifest's Select fields.
        //!
        //! Each enum displays, parses and (de)serializes as the wire strings of the manifest.
        use crate::support::select_impls;
        #(#enums)*
    }
}

fn emit_enum(select: &SelectEnum) -> TokenStream {
    let name = ident(&select.name);
    let used: Vec<String> = select
        .used_by
        .iter()
        .map(|(op, field)| format!("`{op}.{field}`"))
        .collect();
    let docs = doc(&format!(
        "{}\n\nUsed by {}.",
        md(&select.description),
        used.join(", ")
    ));
    let variants: Vec<_> = select
        .values
        .iter()
        .map(|v| ident(&crate::naming::variant(v)))
        .collect();
    let variant_docs = select.values.iter().map(|v| doc(&format!("`{v}`")));
    let values = &select.values;
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #variant_docs #variants, )*
        }

        impl #name {
            /// Every value, in the manifest's order.
            pub const ALL: &'static [Self] = &[ #( Self::#variants ),* ];

            /// The value as sent on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #( Self::#variants => #values, )*
                }
            }
        }

        select_impls!(#name);
    }
}
