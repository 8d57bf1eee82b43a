//! `src/lib.rs`: crate docs, re-exports of the runtime, and a module per object.

use hubspot_crm_schema::Schema;
use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc, inner_doc, words};
use crate::ident::{ident, object_names};
use crate::{GenError, Options};

pub(crate) fn crate_root(schema: &Schema, options: &Options) -> Result<TokenStream, GenError> {
    let krate = options.crate_name();
    let mut text = String::from(
        "A typed client for the HubSpot CRM API, generated from the tables in `schema/`.\n\n\
         Each object has a module holding a type-level marker, its ID type, its record type and a\n\
         properties struct with every well-known property as a Rust type. Capability traits\n\
         ([`Creatable`], [`Searchable`], ...) are implemented only where HubSpot allows the\n\
         operation, and [`Associates`] only for the pairs HubSpot defines, so a disallowed call\n\
         does not compile.\n\n\
         Every object is a cargo feature named after its module, all on by default.\n\n# Objects\n\n",
    );
    for o in &schema.objects {
        let names = object_names(o)?;
        let id = o
            .type_id
            .as_ref()
            .map_or("by name".to_string(), |t| format!("`{t}`"));
        text.push_str(&format!(
            "- [`{}`] — {} ({id}; feature `{}`)\n",
            names.module,
            words(&o.plural),
            names.feature
        ));
    }
    if let Some(first) = schema.objects.first() {
        let names = object_names(first)?;
        let key = first.path_segment();
        text.push_str(&format!(
            "\n# Example\n\n```\nuse {krate}::{{metadata, CrmObject}};\nuse {krate}::{module}::{marker};\n\n\
             // Look an object type up at run time by ID or name ...\n\
             let info = metadata::object_type(\"{key}\").unwrap();\n\
             assert_eq!(info.name, \"{name}\");\n\
             // ... or at compile time through its marker type.\n\
             assert_eq!({marker}::INFO.name, \"{name}\");\n```\n",
            module = names.module,
            marker = names.marker,
            name = first.name,
        ));
    }
    let crate_doc = inner_doc(&text);
    let mut modules = Vec::new();
    for o in &schema.objects {
        let names = object_names(o)?;
        let module = ident("module", &names.module)?;
        let feature = &names.feature;
        let module_doc = doc(&format!(
            "{} (`{}`): {}",
            capitalise(&words(&o.plural)),
            o.path_segment(),
            o.description.trim()
        ));
        modules.push(quote! {
            #module_doc
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #module;
        });
    }
    Ok(quote! {
        #crate_doc
        #![deny(missing_docs)]

        // In rustfmt's order, so `cargo fmt` leaves this file as generated.
        pub use client::Client;
        /// The hand-written runtime this crate builds on.
        pub use hubspot_crm_runtime as runtime;
        pub use hubspot_crm_runtime::reexport::*;

        // Generated files are laid out by prettyplease, not rustfmt (see ARCHITECTURE.md).
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod metadata;
        #[rustfmt::skip]
        pub mod options;

        #(#modules)*
    })
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
