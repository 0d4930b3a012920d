//! `models.rs`: response structs that keep what they do not expect, and open server enums.
//!
//! A model is a plain struct of `Option` fields plus the table the runtime reads
//! (`crate::support::Fields`: member names, a slot per member); decoding, writing back, `Debug` and
//! the drift walks are the runtime's, shared by every model (`crate::support::model_impls!`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, md};
use crate::model::{Api, Model, ModelType, ServerEnum};
use crate::naming::pascal;

pub fn emit(api: &Api) -> TokenStream {
    let models = api.models.iter().map(|m| emit_model(api, m));
    let enums = api.server_enums.iter().map(emit_enum);
    let imports = imports(api);
    quote! {
        //! Response models: what Intercom answers, typed.
        //!
        //! Every member is optional. What a model does not expect is kept in its `extra` and
        //! written back on serialization, so nothing is lost: members it does not name, members
        //! sent as `null`, and values of an unexpected JSON type (the field is then `None`; a list
        //! item that does not fit is left out of the list). Identifiers are [`Id`](crate::Id)s
        //! (a JSON string or integer), numbers [`Number`](crate::Number)s (their exact text), and
        //! JSON of any shape [`RawJson`](crate::RawJson). Enums the server sends keep values this
        //! SDK does not know in `Unknown`. [`UnknownFields`](crate::UnknownFields) lists the
        //! unknown and the surprising parts, to spot API drift.

        #imports

        #(#models)*
        #(#enums)*
    }
}

/// The `use` lines: the runtime's model plumbing, and the member types the models use.
fn imports(api: &Api) -> TokenStream {
    fn leaf(ty: &ModelType) -> &ModelType {
        match ty {
            ModelType::List(inner) => leaf(inner),
            other => other,
        }
    }
    let used = |want: &[ModelType]| {
        api.models
            .iter()
            .flat_map(|m| &m.fields)
            .any(|f| want.contains(leaf(&f.ty)))
    };
    let mut types = vec![quote!(Extra)];
    for (ty, name) in [
        (&[ModelType::Id][..], quote!(Id)),
        (&[ModelType::Number], quote!(Number)),
        (&[ModelType::Object, ModelType::Any], quote!(RawJson)),
        (&[ModelType::Secret], quote!(Secret)),
        (&[ModelType::String], quote!(Text)),
        (&[ModelType::Timestamp], quote!(Timestamp)),
    ] {
        if used(ty) {
            types.push(name);
        }
    }
    let mut plumbing = vec![
        quote!(Fields),
        quote!(Slot),
        quote!(SlotRef),
        quote!(field_ref),
        quote!(model_impls),
    ];
    if api
        .models
        .iter()
        .flat_map(|m| &m.fields)
        .any(|f| f.ty != ModelType::Object)
    {
        plumbing.insert(1, quote!(Member));
    }
    if !api.server_enums.is_empty() {
        plumbing.push(quote!(open_enum));
    }
    let names = plumbing.into_iter().chain(types);
    quote! {
        use crate::support::{#(#names),*};
    }
}

/// Whether a member of type `ty` is boxed: a nested model of more than [`INLINE_MEMBERS`] members.
///
/// Boxing is a trade: an absent model then costs a pointer instead of its whole size (a list of
/// users holds less), but a present one costs an allocation (a page decodes slower). Small models
/// (an avatar, a list wrapper) stay inline; large ones (a location, a company list) are boxed.
fn boxed(api: &Api, ty: &ModelType) -> bool {
    match ty {
        ModelType::Model(name) => api
            .model(name)
            .is_some_and(|m| m.fields.len() > INLINE_MEMBERS),
        _ => false,
    }
}

/// See [`boxed`].
const INLINE_MEMBERS: usize = 3;

/// The field's type, `Option` aside.
fn rust_type(ty: &ModelType, boxed: bool) -> TokenStream {
    match ty {
        ModelType::String => quote!(Text),
        ModelType::Id => quote!(Id),
        ModelType::Integer => quote!(i64),
        ModelType::Number => quote!(Number),
        ModelType::Boolean => quote!(bool),
        ModelType::Timestamp => quote!(Timestamp),
        ModelType::Object | ModelType::Any => quote!(RawJson),
        ModelType::Secret => quote!(Secret),
        ModelType::Enum(name) => {
            let n = ident(name);
            quote!(#n)
        }
        ModelType::Model(name) => {
            let n = ident(name);
            // A nested model is boxed: an absent one then costs a pointer, not its whole size.
            if boxed { quote!(Box<#n>) } else { quote!(#n) }
        }
        ModelType::List(inner) => {
            let inner = rust_type(inner, false);
            quote!(Vec<#inner>)
        }
    }
}

fn emit_model(api: &Api, model: &Model) -> TokenStream {
    let name = ident(&model.name);
    let mut text = model.description.clone();
    if let Some(source) = &model.source {
        text.push_str(&format!("\n\nMembers as documented by: {}.", md(source)));
    }
    let docs = doc(&text);
    let fields = model.fields.iter().map(|f| {
        let v = ident(&f.rust_name);
        let t = rust_type(&f.ty, boxed(api, &f.ty));
        let d = doc(&f.description);
        quote! {
            #d
            pub #v: Option<#t>,
        }
    });
    let slots = model.fields.iter().map(|f| {
        let v = ident(&f.rust_name);
        let wire = &f.wire;
        if f.ty == ModelType::Object {
            quote!(#wire => Slot::Object(&mut self.#v),)
        } else {
            quote!(#wire => Member::slot(&mut self.#v),)
        }
    });
    let each = model.fields.iter().map(|f| {
        let v = ident(&f.rust_name);
        let wire = &f.wire;
        quote!(f(#wire, field_ref(&self.#v));)
    });
    quote! {
        #docs
        #[derive(Clone, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// What this model does not expect, kept as sent: unknown members, members sent as
            /// `null`, values of an unexpected JSON type.
            pub extra: Extra,
        }

        impl Fields for #name {
            fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
                let slot = match key {
                    #(#slots)*
                    _ => return None,
                };
                Some(slot)
            }

            fn each<'a>(&'a self, f: &mut dyn FnMut(&'static str, SlotRef<'a>)) {
                #(#each)*
            }
        }

        model_impls!(#name);
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

        open_enum!(#name { #( #variants => #values ),* });
    }
}
