//! `src/metadata.rs`: the run-time table of every compiled-in object.

use hubspot_crm_schema::Schema;
use proc_macro2::TokenStream;
use quote::quote;

use crate::ident::{ident, object_names};
use crate::{GenError, Options};

pub(crate) fn metadata(schema: &Schema, options: &Options) -> Result<TokenStream, GenError> {
    let krate = options.crate_name();
    let mut entries = Vec::new();
    for o in &schema.objects {
        let names = object_names(o)?;
        let module = ident("module", &names.module)?;
        let cfg = options.cfg(&names.feature);
        entries.push(quote! { #cfg &super::#module::INFO });
    }
    let example = schema.objects.first().map(|o| {
        let key = o.path_segment();
        let name = &o.name;
        let text = format!(
            " ```\n let info = {krate}::metadata::object_type(\"{key}\").unwrap();\n assert_eq!(info.name, \"{name}\");\n assert!({krate}::metadata::object_type(\"no_such_object\").is_err());\n ```"
        );
        let lines = text.lines().map(str::to_string).collect::<Vec<_>>();
        quote! { #(#[doc = #lines])* }
    });
    Ok(quote! {
        //! Run-time facts about every object compiled in (see the crate's cargo features):
        //! look an object type up by type ID or name, then ask what it allows and what it may
        //! be associated with.

        use super::runtime as rt;

        /// Every object compiled in, sorted by API name.
        pub static OBJECTS: &[&rt::ObjectInfo] = &[#(#entries),*];

        /// The object that `name` names: a type ID (`0-1`), an API name (`contacts`) or a
        /// singular name (`contact`), ASCII case-insensitive.
        ///
        #example
        pub fn object_type(name: &str) -> Result<&'static rt::ObjectInfo, rt::UnknownObjectType> {
            rt::metadata::find(OBJECTS, name)
        }
    })
}
