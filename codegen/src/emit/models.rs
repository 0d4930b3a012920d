//! `models.rs`: response structs that keep what they do not expect, and open server enums.
//!
//! A model is a plain struct of `Option` fields plus the table the runtime reads
//! (`crate::support::Fields`: member names, a slot per member); decoding, writing back, `Debug` and
//! the drift walks are the runtime's, shared by every model (`crate::support::model_impls!`).

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::{HashMap, HashSet};

use super::{doc, ident, md};
use crate::model::{Api, Model, ModelType, ServerEnum, Union};
use crate::naming::variant;

pub fn emit(api: &Api) -> TokenStream {
    let cycles = Cycles::of(api);
    let models = api
        .models
        .iter()
        .filter(|m| m.external.is_none())
        .map(|m| match &m.union {
            Some(union) => emit_union(api, m, union),
            None => emit_model(api, &cycles, m),
        });
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
    let types_used: Vec<&ModelType> = api
        .models
        .iter()
        .flat_map(|m| {
            let variants = m
                .union
                .iter()
                .flat_map(|u| u.variants.iter().map(|v| &v.ty));
            m.fields.iter().map(|f| &f.ty).chain(variants)
        })
        .collect();
    let used = |want: &[ModelType]| types_used.iter().any(|t| want.contains(leaf(t)));
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
        quote!(MemberNames),
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
    if api.models.iter().any(|m| m.union.is_some()) {
        plumbing.push(quote!(union_impls));
        if !used(&[ModelType::Object, ModelType::Any]) {
            types.push(quote!(RawJson));
        }
    }
    let names = plumbing.into_iter().chain(types);
    quote! {
        use crate::support::{#(#names),*};
    }
}

/// Whether a member of type `ty` of the model `owner` is boxed: a nested model of more than
/// [`INLINE_MEMBERS`] members, or one that holds `owner` again (a recursive type needs a box).
///
/// Boxing is a trade: an absent model then costs a pointer instead of its whole size (a list of
/// users holds less), but a present one costs an allocation (a page decodes slower). Small models
/// (an avatar, a 2.x list wrapper of five members, which every contact answer carries) stay
/// inline; large ones (a location, a company) are boxed.
fn boxed(api: &Api, cycles: &Cycles, owner: &str, ty: &ModelType) -> bool {
    match ty {
        ModelType::Model(name) => {
            api.model(name)
                .is_some_and(|m| m.union.is_none() && m.fields.len() > INLINE_MEMBERS)
                || cycles.reaches(name, owner)
        }
        _ => false,
    }
}

/// Which models hold which others inline (not through a list or a union's box): a model that
/// reaches itself this way would have no size.
struct Cycles<'a> {
    holds: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Cycles<'a> {
    fn of(api: &'a Api) -> Self {
        let holds = api
            .models
            .iter()
            .map(|m| {
                let inline = m.fields.iter().filter_map(|f| match &f.ty {
                    ModelType::Model(name) => Some(name.as_str()),
                    _ => None,
                });
                (m.name.as_str(), inline.collect())
            })
            .collect();
        Cycles { holds }
    }

    /// Whether `from` holds `to`, at any depth.
    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = HashSet::new();
        let mut stack = vec![from];
        while let Some(at) = stack.pop() {
            if at == to {
                return true;
            }
            if seen.insert(at) {
                stack.extend(self.holds.get(at).into_iter().flatten().copied());
            }
        }
        false
    }
}

/// See [`boxed`].
const INLINE_MEMBERS: usize = 5;

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

fn emit_model(api: &Api, cycles: &Cycles, model: &Model) -> TokenStream {
    let name = ident(&model.name);
    let mut text = md(&model.description);
    if let Some(source) = &model.source {
        text.push_str(&format!("\n\nMembers as documented by: {}.", md(source)));
    }
    let docs = doc(&text);
    let fields = model.fields.iter().map(|f| {
        let v = ident(&f.rust_name);
        let t = rust_type(&f.ty, boxed(api, cycles, &model.name, &f.ty));
        let d = doc(&describe(&f.description, &f.wire));
        quote! {
            #d
            pub #v: Option<#t>,
        }
    });
    let names = model.fields.iter().map(|f| &f.wire);
    let slots = model.fields.iter().enumerate().map(|(index, f)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let v = ident(&f.rust_name);
        let wire = &f.wire;
        if f.ty == ModelType::Object {
            quote!(#wire => (#index, Slot::Object(&mut self.#v)),)
        } else {
            quote!(#wire => (#index, Member::slot(&mut self.#v)),)
        }
    });
    let each = model.fields.iter().map(|f| {
        let v = ident(&f.rust_name);
        let wire = &f.wire;
        quote!(f(#wire, field_ref(&self.#v));)
    });
    let fields_impl = if model.fields.is_empty() {
        // A model of no known member: everything it holds is in `extra`.
        quote! {
            impl Fields for #name {
                #[inline]
                fn names(&self) -> &'static MemberNames {
                    static NAMES: MemberNames = MemberNames(&[]);
                    &NAMES
                }

                #[inline]
                fn slot(&mut self, _: &str) -> Option<(usize, Slot<'_>)> {
                    None
                }

                #[inline]
                fn each<'a>(&'a self, _: &mut dyn FnMut(&'static str, SlotRef<'a>)) {}
            }
        }
    } else {
        quote! {
            impl Fields for #name {
                #[inline]
                fn names(&self) -> &'static MemberNames {
                    static NAMES: MemberNames = MemberNames(&[#(#names),*]);
                    &NAMES
                }

                #[inline]
                fn slot(&mut self, key: &str) -> Option<(usize, Slot<'_>)> {
                    let slot = match key {
                        #(#slots)*
                        _ => return None,
                    };
                    Some(slot)
                }

                #[inline]
                fn each<'a>(&'a self, f: &mut dyn FnMut(&'static str, SlotRef<'a>)) {
                    #(#each)*
                }
            }
        }
    };
    let accessors = emit_accessors(api, cycles, model);
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

        #fields_impl

        #accessors

        model_impls!(#name);
    }
}

/// Member names whose accessor would shadow a method every model has (`User::default()` would
/// then mean the accessor): these members are read through their field only.
const NO_ACCESSOR: &[&str] = &[
    "default",
    "from",
    "into",
    "clone",
    "eq",
    "ne",
    "fmt",
    "serialize",
    "deserialize",
    "extra",
    "each",
    "names",
    "slot",
    "blank",
    "model_name",
    "surprises",
    "unknown_fields",
    "to_owned",
    "to_string",
];

/// `impl Model { pub fn member(&self) -> … }`: each member read the short way, typed: text as
/// `&str`, a list as a slice (empty when absent), a timestamp as `SystemTime`, a number as `f64`.
fn emit_accessors(api: &Api, cycles: &Cycles, model: &Model) -> TokenStream {
    let accessors: Vec<TokenStream> = model
        .fields
        .iter()
        .filter(|f| !NO_ACCESSOR.contains(&f.rust_name.as_str()))
        .map(|f| {
            let v = ident(&f.rust_name);
            let d = doc(&describe(&f.description, &f.wire));
            let field = quote!(self.#v);
            let (out, read) = accessor(&field, &f.ty, boxed(api, cycles, &model.name, &f.ty));
            quote! {
                #d
                #[inline]
                pub fn #v(&self) -> #out {
                    #read
                }
            }
        })
        .collect();
    if accessors.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&model.name);
    quote! {
        impl #name {
            #(#accessors)*
        }
    }
}

/// An accessor's type, and how it reads `field` (the `Option` of that type).
fn accessor(field: &TokenStream, ty: &ModelType, boxed: bool) -> (TokenStream, TokenStream) {
    match ty {
        ModelType::String | ModelType::Id => (quote!(Option<&str>), quote!(#field.as_deref())),
        ModelType::Integer => (quote!(Option<i64>), field.clone()),
        ModelType::Boolean => (quote!(Option<bool>), field.clone()),
        ModelType::Number => (
            quote!(Option<f64>),
            quote!(#field.as_ref().and_then(Number::as_f64)),
        ),
        ModelType::Timestamp => (
            quote!(Option<::std::time::SystemTime>),
            quote!(#field.as_ref().map(Timestamp::to_system_time)),
        ),
        ModelType::List(item) => {
            let item = rust_type(item, false);
            (
                quote!(&[#item]),
                quote!(#field.as_deref().unwrap_or_default()),
            )
        }
        ModelType::Model(_) if boxed => {
            let t = rust_type(ty, false);
            (quote!(Option<&#t>), quote!(#field.as_deref()))
        }
        _ => {
            let t = rust_type(ty, false);
            (quote!(Option<&#t>), quote!(#field.as_ref()))
        }
    }
}

/// A member's docs: its description, or where there is none, its name.
fn describe(description: &str, wire: &str) -> String {
    if description.trim().is_empty() {
        format!("The `{wire}` member.")
    } else {
        md(description)
    }
}

/// A union: an enum with a variant per shape (models boxed) and `Unknown` for a shape this SDK
/// does not know, kept as sent. `union_impls!` decodes it: by the tag's value when there is a
/// tag, else as the shape the value fits best.
fn emit_union(api: &Api, model: &Model, union: &Union) -> TokenStream {
    // A shape that is a struct is boxed (the enum stays small); a list or another union is not.
    let boxed = |ty: &ModelType| matches!(ty, ModelType::Model(m) if api.model(m).is_some_and(|m| m.union.is_none()));
    let name = ident(&model.name);
    let mut text = md(&model.description);
    if text.is_empty() {
        text = format!(
            "One of several shapes: {}.",
            union
                .variants
                .iter()
                .map(|v| format!("`{}`", v.name))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(source) = &model.source {
        text.push_str(&format!("\n\nAs documented by: {}.", md(source)));
    }
    let docs = doc(&text);
    let variants = union.variants.iter().map(|v| {
        let n = ident(&v.name);
        let inner = rust_type(&v.ty, boxed(&v.ty));
        let d = doc(&format!("The `{}` shape.", v.name));
        quote!(#d #n(#inner),)
    });
    let tag = match &union.tag {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    };
    let arms = union.variants.iter().map(|v| {
        let n = ident(&v.name);
        let inner = rust_type(&v.ty, false);
        let when = &v.when;
        let requires = &v.requires;
        let boxed = if boxed(&v.ty) {
            quote!(boxed)
        } else {
            quote!(inline)
        };
        quote!(#n(#inner, #boxed) when [#(#when),*] requires [#(#requires),*])
    });
    quote! {
        #docs
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A shape this SDK does not know, kept as sent.
            Unknown(RawJson),
        }

        union_impls!(#name, tag: #tag, { #(#arms),* });
    }
}

fn emit_enum(e: &ServerEnum) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc(&format!(
        "{}\n\nValues this SDK does not know are kept in `Unknown`.",
        md(&e.description)
    ));
    let variants: Vec<_> = e.values.iter().map(|v| ident(&variant(v))).collect();
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
