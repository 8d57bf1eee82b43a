//! One emitter per generated file. Each returns tokens (or, for the manifest, text); the
//! caller formats. Generated code is data: types, constants and trait impls whose behaviour
//! lives in the runtime crate, reached through `super::runtime` (the runtime, re-exported at the root of the generated
//! code). Paths go through `super::`, so the same code works as its own crate or as a module
//! of another crate.

mod client;
mod crate_root;
mod endpoints;
mod manifest;
mod metadata;
mod object;
mod options;

pub(crate) use client::client;
pub(crate) use crate_root::crate_root;
pub(crate) use endpoints::endpoints;
pub(crate) use manifest::manifest;
pub(crate) use metadata::metadata;
pub(crate) use object::object;
pub(crate) use options::options;

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = ...]` attributes for `text`, one per line, so prettyplease prints `///` lines.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| format!(" {l}"));
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = ...]` attributes (module docs, printed as `//!`).
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| format!(" {l}"));
    quote! { #(#![doc = #lines])* }
}

/// `Some(x)` or `None` tokens.
pub(crate) fn option<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

/// A human label from a snake_case name: `line_item` -> `line item`.
pub(crate) fn words(name: &str) -> String {
    name.replace('_', " ")
}
