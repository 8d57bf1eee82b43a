//! `src/client.rs`: the `Client` users hold, wrapping the runtime's client and adding one
//! accessor per object (`client.contacts()`). The operations are generic, in the runtime.

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
        let feature = &o.name;
        let adoc = doc(&format!(
            "The {} (`{}`): the operations HubSpot allows on them.",
            words(&o.plural),
            o.path_segment()
        ));
        accessors.push(quote! {
            #adoc
            #[cfg(feature = #feature)]
            pub fn #method(&self) -> rt::Objects<'_, crate::#module::#marker> {
                rt::Objects::new(&self.0)
            }
        });
    }
    let new_doc = doc(&format!(
        "A client for HubSpot's API with a private app or OAuth access token, the default API\n\
         version and timeouts.\n\n\
         # Panics\n\n\
         If the TLS backend cannot be initialised (as `reqwest::Client::new` does). Use\n\
         [`Client::builder`] to get that as an error.\n\n\
         ```\n\
         let client = {krate}::Client::new(\"pat-na1-...\");\n\
         assert_eq!(client.core().base_url(), \"https://api.hubapi.com\");\n\
         ```"
    ));
    let builder_doc = doc(&format!(
        "A builder for a client: token, base URL (an emulator's, in tests), API version,\n\
         timeouts, user agent.\n\n\
         ```\n\
         use {krate}::endpoints::ApiVersion;\n\
         let client = {krate}::Client::builder()\n\
         \x20   .token(\"pat-na1-...\")\n\
         \x20   .base_url(\"http://127.0.0.1:8080\")\n\
         \x20   .api_version(ApiVersion::Legacy)\n\
         \x20   .build()?;\n\
         assert_eq!(client.core().api_version(), \"legacy\");\n\
         # Ok::<(), {krate}::runtime::Error>(())\n\
         ```"
    ));
    Ok(quote! {
        //! The client: a handle per object, each offering the operations HubSpot allows.

        use crate::runtime as rt;

        /// A HubSpot CRM client: `Send + Sync`, cheap to clone (clones share one connection
        /// pool). Its `Debug` output never shows the token.
        #[derive(Debug, Clone)]
        pub struct Client(rt::CoreClient);

        impl From<rt::CoreClient> for Client {
            fn from(core: rt::CoreClient) -> Self {
                Client(core)
            }
        }

        impl Client {
            #new_doc
            pub fn new(token: impl Into<String>) -> Client {
                match Client::builder().token(token).build() {
                    Ok(client) => client,
                    Err(e) => panic!("cannot build a HubSpot client: {e}"),
                }
            }

            #builder_doc
            pub fn builder() -> rt::ClientBuilder<Client> {
                rt::ClientBuilder::new(crate::endpoints::ALL)
                    .api_version(crate::endpoints::ApiVersion::DEFAULT)
            }

            /// A client with the token in `HUBSPOT_ACCESS_TOKEN` and, if set, the base URL in
            /// `HUBSPOT_BASE_URL`.
            pub fn from_env() -> Result<Client, rt::Error> {
                Client::builder().from_env()?.build()
            }

            /// The records of an object type named at run time (a custom object `2-1234`, or
            /// any type by name), with string properties.
            pub fn object<'c>(&'c self, object_type: &'c str) -> rt::client::DynamicObjects<'c> {
                self.0.object(object_type)
            }

            /// The account's custom object schemas.
            pub fn schemas(&self) -> rt::client::Schemas<'_> {
                self.0.schemas()
            }

            /// The account's imports.
            pub fn imports(&self) -> rt::client::Imports<'_> {
                self.0.imports()
            }

            /// The runtime client underneath, for endpoint families without a typed method.
            pub fn core(&self) -> &rt::CoreClient {
                &self.0
            }

            #(#accessors)*
        }
    })
}
