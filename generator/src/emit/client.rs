//! `src/client.rs`: the `Client` users hold. Its struct and hand-written methods come from the
//! runtime (`client_shell!`); this file adds one accessor per object (`client.contacts()`).
//! The operations themselves are generic, in the runtime.

use hubspot_crm_schema::Schema;
use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc, words};
use crate::ident::{ident, object_names};
use crate::{GenError, Options};

pub(crate) fn client(schema: &Schema, options: &Options) -> Result<TokenStream, GenError> {
    let krate = options.crate_name();
    let mut accessors = Vec::new();
    for o in &schema.objects {
        let names = object_names(o)?;
        let method = ident("accessor", &names.module)?;
        let module = ident("module", &names.module)?;
        let marker = ident("marker", &names.marker)?;
        let cfg = options.cfg(&names.feature);
        let adoc = doc(&format!(
            "The {} (`{}`): the operations HubSpot allows on them.",
            words(&o.plural),
            o.path_segment()
        ));
        accessors.push(quote! {
            #adoc
            #cfg
            pub fn #method(&self) -> rt::Objects<'_, super::#module::#marker> {
                rt::Objects::new(self.core())
            }
        });
    }
    Ok(quote! {
        //! The client: a handle per object, each offering the operations HubSpot allows.

        use super::runtime as rt;

        rt::client_shell!(#krate);

        /// One accessor per object.
        impl Client {
            #(#accessors)*
        }
    })
}
