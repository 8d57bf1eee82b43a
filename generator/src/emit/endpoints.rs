//! `src/endpoints.rs`: API versions and one constant per endpoint family.

use heck::ToShoutySnakeCase;
use hubspot_crm_schema::{Capability, HttpMethod, Paging, Schema};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::doc;
use crate::ident::{ident, named};
use crate::GenError;
use hubspot_crm_schema::naming::camel_ident;

pub(crate) fn endpoints(schema: &Schema) -> Result<TokenStream, GenError> {
    let def = &schema.endpoints;
    let mut variants = Vec::new();
    let mut version_names = Vec::new();
    let mut variant_idents = Vec::new();
    let mut default = None;
    for v in &def.versions {
        let variant = named(&format!("API version `{}`", v.name), camel_ident(&v.name))?;
        let vdoc = doc(&format!("`{}`: {}", v.name, v.description.trim()));
        variants.push(quote! { #vdoc #variant, });
        if v.name == def.default_version {
            default = Some(variant.clone());
        }
        version_names.push(v.name.clone());
        variant_idents.push(variant);
    }
    let default = match default {
        Some(d) => d,
        None => {
            return Err(GenError::Ident {
                item: "default_version".into(),
                name: def.default_version.clone(),
            })
        }
    };
    let mut consts = Vec::new();
    let mut all = Vec::new();
    for e in &def.endpoints {
        let name = ident(
            &format!("endpoint `{}`", e.name),
            &e.name.to_shouty_snake_case(),
        )?;
        // Paths in version order, so `ApiVersion::index` selects one.
        let paths = def
            .versions
            .iter()
            .map(|v| e.paths.get(&v.name).cloned().unwrap_or_default());
        let method = format_ident!(
            "{}",
            match e.method {
                HttpMethod::Get => "Get",
                HttpMethod::Post => "Post",
                HttpMethod::Put => "Put",
                HttpMethod::Patch => "Patch",
                HttpMethod::Delete => "Delete",
            }
        );
        let paging = format_ident!(
            "{}",
            match e.paging {
                Paging::None => "None",
                Paging::Cursor => "Cursor",
                Paging::BodyCursor => "BodyCursor",
            }
        );
        let caps = e
            .capabilities
            .iter()
            .map(|c: &Capability| format_ident!("{}", camel_ident(c.as_str()).unwrap_or_default()));
        let description = e.description.trim();
        let wire_name = &e.name;
        let query = &e.query;
        let request = e.request.as_str();
        let response = e.response.as_str();
        let status = e.status;
        let batch = crate::emit::option(e.batch_limit);
        let legacy = e.paths.values().next().cloned().unwrap_or_default();
        let edoc = doc(&format!(
            "{description}\n\n`{} {}`{}",
            e.method.as_str(),
            e.paths.get(&version_names[0]).unwrap_or(&legacy),
            e.batch_limit
                .map(|b| format!(", at most {b} inputs"))
                .unwrap_or_default()
        ));
        consts.push(quote! {
            #edoc
            pub const #name: rt::Endpoint = rt::Endpoint {
                name: #wire_name,
                description: #description,
                method: rt::HttpMethod::#method,
                paths: &[#(#paths),*],
                capabilities: rt::Capabilities::of(&[#(rt::Capability::#caps),*]),
                query: &[#(#query),*],
                request: #request,
                response: #response,
                status: #status,
                paging: rt::Paging::#paging,
                batch_limit: #batch,
            };
        });
        all.push(name);
    }
    let count = variant_idents.len();
    Ok(quote! {
        //! API versions and the endpoint families of the CRM API, as data: a client picks an
        //! endpoint and fills its path for the configured version.

        use crate::runtime as rt;

        /// A version of the HubSpot CRM API.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ApiVersion {
            #(#variants)*
        }

        impl ApiVersion {
            /// Every version, oldest first.
            pub const ALL: [ApiVersion; #count] = [#(ApiVersion::#variant_idents),*];

            /// The version a client uses unless told otherwise.
            pub const DEFAULT: ApiVersion = ApiVersion::#default;

            /// The version's name (`legacy`, `2026-03`, ...).
            pub fn as_str(self) -> &'static str {
                match self {
                    #(ApiVersion::#variant_idents => #version_names,)*
                }
            }

            /// The version named `name`, if any.
            pub fn from_name(name: &str) -> Option<ApiVersion> {
                ApiVersion::ALL.into_iter().find(|v| v.as_str() == name)
            }

            /// The position of this version in [`ApiVersion::ALL`] and in each endpoint's `paths`.
            pub fn index(self) -> usize {
                self as usize
            }

            /// The path template of `endpoint` in this version.
            pub fn path(self, endpoint: &rt::Endpoint) -> &'static str {
                endpoint.paths.get(self.index()).copied().unwrap_or("")
            }
        }

        impl rt::client::ApiVersion for ApiVersion {
            fn index(self) -> usize {
                self as usize
            }

            fn name(self) -> &'static str {
                self.as_str()
            }
        }

        impl Default for ApiVersion {
            fn default() -> Self {
                ApiVersion::DEFAULT
            }
        }

        #(#consts)*

        /// Every endpoint family, in schema order.
        pub const ALL: &[rt::Endpoint] = &[#(#all),*];
    })
}
