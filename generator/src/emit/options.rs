//! `src/options.rs`: the option sets several objects share (`schema/shared.yaml`), one enum
//! each; object modules re-export the ones they use.

use hubspot_crm_schema::{naming, Schema};
use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::object::option_enum;
use crate::ident::named;
use crate::GenError;

pub(crate) fn options(schema: &Schema) -> Result<TokenStream, GenError> {
    let mut enums = Vec::new();
    for set in &schema.shared.option_sets {
        let name = named(
            &format!("option set `{}`", set.name),
            naming::option_set_enum(set),
        )?;
        let users: Vec<String> = schema
            .objects
            .iter()
            .flat_map(|o| {
                o.properties
                    .iter()
                    .filter(|p| p.option_set.as_deref() == Some(set.name.as_str()))
                    .map(move |p| format!("`{}.{}`", o.name, p.name))
            })
            .collect();
        let text = format!(
            "{}\n\nThe options of {}.",
            set.description.trim(),
            users.join(", ")
        );
        enums.push(option_enum(&name, &set.options, &text, &set.name)?);
    }
    let import = (!enums.is_empty()).then(|| quote! { use super::runtime as rt; });
    Ok(quote! {
        //! Option sets several objects share, each generated once: a contact's and a company's
        //! lifecycle stage are one type. Each object module re-exports the ones it uses.

        #import

        #(#enums)*
    })
}
