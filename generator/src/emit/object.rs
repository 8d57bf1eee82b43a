//! `src/<plural>.rs`: one object's marker, ID, record, properties, enums, trait impls and
//! metadata.

use hubspot_crm_schema::naming::{self, ObjectNames, CUSTOM_FIELD, FALLBACK_VARIANT};
use hubspot_crm_schema::{
    AssociationDef, Capability, EnumOption, ObjectDef, PropertyDef, PropertyKind, Schema,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::crate_root::capitalise;
use crate::emit::{doc, inner_doc, option, words};
use crate::ident::{ident, named, object_names};
use crate::{GenError, Options};

pub(crate) fn object(
    object: &ObjectDef,
    schema: &Schema,
    options: &Options,
) -> Result<TokenStream, GenError> {
    let names = object_names(object)?;
    let marker = ident("marker", &names.marker)?;
    let id = ident("id type", &names.id)?;
    let record = ident("record type", &names.record)?;
    let props = ident("properties type", &names.properties)?;
    let singular = words(&object.singular);
    let plural = words(&object.plural);

    let module_doc = inner_doc(&format!(
        "{} (`{}`).\n\n{}",
        capitalise(&plural),
        object.path_segment(),
        object.description.trim()
    ));
    let marker_doc = doc(&format!(
        "The {singular} object, as a type: names it in trait bounds and in [`{}`]. It has no values.",
        names.id
    ));
    let id_doc = doc(&format!(
        "The ID of a {singular} record; not interchangeable with other objects' IDs."
    ));
    let record_doc = doc(&format!("A {singular} record with typed properties."));

    let properties = properties_struct(object, &names, &props)?;
    let enums = object_enums(object)?;
    let capabilities = capability_impls(object, &marker);
    let pipelines = pipelines_impl(object, &marker)?;
    let associations = object
        .associations
        .iter()
        .map(|a| association_impl(object, a, schema, &marker, options))
        .collect::<Result<Vec<_>, _>>()?;
    let props_mod = props_module(object, &marker)?;
    let unique_mod = unique_module(object, &marker)?;
    let info = info_static(object);
    let info_doc = doc(&format!(
        "What the schema says about {plural}, for run-time lookups (see [`super::metadata`])."
    ));

    Ok(quote! {
        #module_doc

        use super::runtime as rt;

        #marker_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #marker {}

        #id_doc
        pub type #id = rt::Id<#marker>;

        #record_doc
        pub type #record = rt::Record<#marker>;

        #properties

        #(#enums)*

        #props_mod

        #unique_mod

        impl rt::CrmObject for #marker {
            type Properties = #props;
            const INFO: &'static rt::ObjectInfo = &INFO;
        }

        #(#capabilities)*

        #pipelines

        #(#associations)*

        #info_doc
        pub static INFO: rt::ObjectInfo = #info;
    })
}

/// The Rust type of a property's field value (inside `Field<...>`).
fn value_type(prop: &PropertyDef) -> Result<TokenStream, GenError> {
    let scalar = scalar_type(prop, &quote! {})?;
    Ok(if prop.multiple {
        quote! { ::std::collections::BTreeSet<#scalar> }
    } else {
        scalar
    })
}

/// The type of one value of a property (an element, for a multi-select); generated enums are
/// named through `enum_prefix` (`super::` from the `props` module).
fn scalar_type(prop: &PropertyDef, enum_prefix: &TokenStream) -> Result<TokenStream, GenError> {
    Ok(match prop.kind {
        PropertyKind::String | PropertyKind::PhoneNumber => quote! { String },
        PropertyKind::Number => quote! { rt::Decimal },
        PropertyKind::Bool => quote! { bool },
        PropertyKind::Date => quote! { rt::time::Date },
        PropertyKind::Datetime => quote! { rt::time::OffsetDateTime },
        PropertyKind::Enumeration if naming::has_enum(prop) => {
            let name = named(
                &format!("enum of property `{}`", prop.name),
                naming::property_enum(prop),
            )?;
            quote! { #enum_prefix #name }
        }
        PropertyKind::Enumeration => quote! { String },
    })
}

/// `pub mod props`: a typed handle per property, for search filters and sorts.
fn props_module(object: &ObjectDef, marker: &proc_macro2::Ident) -> Result<TokenStream, GenError> {
    let prefix = quote! { super:: };
    let mut consts = Vec::new();
    for prop in &object.properties {
        let field = naming::property_field(prop).unwrap_or_default();
        let name = ident(
            &format!("handle of property `{}`", prop.name),
            &field.to_uppercase(),
        )?;
        let ty = scalar_type(prop, &prefix)?;
        let wire = &prop.name;
        let pdoc = doc(&format!(
            "`{}` ({}{}).",
            prop.name,
            prop.kind.as_str(),
            if prop.multiple {
                ", multi-select: `eq` matches one of its values"
            } else {
                ""
            }
        ));
        consts.push(quote! {
            #pdoc
            pub const #name: rt::search::Prop<super::#marker, #ty> = rt::search::Prop::new(#wire);
        });
    }
    let import = (!consts.is_empty()).then(|| quote! { use super::super::runtime as rt; });
    let mdoc = doc(&format!(
        "Typed handles on the well-known properties of {}, for search filters and sorts: the\n\
         operators each offers fit its type (see [`super::runtime::search`]).",
        words(&object.plural)
    ));
    Ok(quote! {
        #mdoc
        pub mod props {
            #import
            #(#consts)*
        }
    })
}

/// `pub mod unique`: a handle per unique property, the only properties `get_by`, `update_by`
/// and `batch_upsert` take; none for an object without unique properties.
fn unique_module(object: &ObjectDef, marker: &proc_macro2::Ident) -> Result<TokenStream, GenError> {
    if object.unique_properties.is_empty() {
        return Ok(TokenStream::new());
    }
    let mut consts = Vec::new();
    for name in &object.unique_properties {
        let field = object
            .properties
            .iter()
            .find(|p| &p.name == name)
            .and_then(naming::property_field)
            .unwrap_or_else(|| name.to_string());
        let konst = ident(
            &format!("handle of unique property `{name}`"),
            &field.to_uppercase(),
        )?;
        let cdoc = doc(&format!(
            "`{name}`: a {} is looked up by it.",
            words(&object.singular)
        ));
        consts.push(quote! {
            #cdoc
            pub const #konst: rt::UniqueProp<super::#marker> = rt::UniqueProp::new(#name);
        });
    }
    let mdoc = doc(&format!(
        "The unique properties of {}: what a record is looked up by (`get_by`, `update_by`,\n\
         `batch_upsert`); a property that is not unique does not compile there.",
        words(&object.plural)
    ));
    Ok(quote! {
        #mdoc
        pub mod unique {
            use super::super::runtime as rt;
            #(#consts)*
        }
    })
}

fn field_doc(prop: &PropertyDef) -> String {
    let mut text = match &prop.label {
        Some(label) => format!("{label} (`{}`): {}", prop.name, prop.kind.as_str()),
        None => format!("`{}`: {}", prop.name, prop.kind.as_str()),
    };
    if prop.kind == PropertyKind::Enumeration {
        let enum_name = naming::property_enum(prop).unwrap_or_default();
        text.push_str(&match (naming::has_enum(prop), prop.multiple) {
            (true, false) => format!(", one of [`{enum_name}`]"),
            (true, true) => format!(", several of [`{enum_name}`] (`;`-joined on the wire)"),
            (false, false) => ", any option defined in the account".to_string(),
            (false, true) => {
                ", several options defined in the account (`;`-joined on the wire)".to_string()
            }
        });
    }
    text.push('.');
    if prop.system {
        text.push_str(" System property: HubSpot keeps it on every record; never sent on writes.");
    } else if prop.read_only {
        text.push_str(" Read-only: HubSpot sets it; never sent on writes.");
    } else if prop.create_only {
        text.push_str(" Set on create only: sent by `create`, never by updates or upserts.");
    }
    if prop.required {
        text.push_str(" Required when a record is created.");
    }
    if let Some(d) = &prop.description {
        text.push_str("\n\n");
        text.push_str(d.trim());
    }
    text
}

fn properties_struct(
    object: &ObjectDef,
    names: &ObjectNames,
    props: &proc_macro2::Ident,
) -> Result<TokenStream, GenError> {
    let mut fields = Vec::new();
    let mut encodes = Vec::new();
    let mut decodes = Vec::new();
    let mut wire_names = Vec::new();
    for prop in &object.properties {
        let field = named(
            &format!("field of property `{}`", prop.name),
            naming::property_field(prop),
        )?;
        let ty = value_type(prop)?;
        let field_doc = doc(&field_doc(prop));
        let wire = &prop.name;
        fields.push(quote! { #field_doc pub #field: rt::Field<#ty>, });
        encodes.push(quote! { rt::property::encode_field(&mut out, #wire, &self.#field); });
        decodes.push(quote! { #field: rt::property::decode_field(&mut wire, #wire)?, });
        wire_names.push(wire);
    }
    let custom = format_ident!("{}", CUSTOM_FIELD);
    let singular = words(&object.singular);
    let struct_doc = doc(&format!(
        "The properties of a {singular}: the well-known ones typed, every other one in `{CUSTOM_FIELD}`.\n\n\
         Each field is a [`rt::Field`]: `Unset` leaves a value as it is (and marks a property\n\
         HubSpot did not return), `Clear` empties it, `Set` sets it. Build one with\n\
         `{}::default()` and set the fields you mean to send.",
        names.properties
    ));
    Ok(quote! {
        #struct_doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #props {
            #(#fields)*
            /// Every property not listed above (custom ones among them), by name, as strings;
            /// `None` clears the value.
            pub #custom: rt::CustomProperties,
        }

        impl rt::Properties for #props {
            const NAMES: &'static [&'static str] = &[#(#wire_names),*];

            fn encode(&self) -> rt::WireProperties {
                let mut out = rt::WireProperties::new();
                #(#encodes)*
                rt::property::encode_custom(&mut out, &self.#custom);
                out
            }

            fn decode(mut wire: rt::WireProperties) -> Result<Self, rt::PropertyError> {
                Ok(Self {
                    #(#decodes)*
                    #custom: rt::property::decode_custom(wire),
                })
            }
        }
    })
}

/// The option enums of an object's properties: its own defined here, each shared option set
/// it uses re-exported once from `super::options`.
fn object_enums(object: &ObjectDef) -> Result<Vec<TokenStream>, GenError> {
    let mut out = Vec::new();
    let mut shared = std::collections::BTreeSet::new();
    for prop in object.properties.iter().filter(|p| naming::has_enum(p)) {
        let name = named(
            &format!("enum of property `{}`", prop.name),
            naming::property_enum(prop),
        )?;
        if prop.option_set.is_some() {
            if shared.insert(name.to_string()) {
                let rdoc = doc(&format!(
                    "The options of `{}`, shared with other objects (see [`super::options`]).",
                    prop.name
                ));
                out.push(quote! { #rdoc pub use super::options::#name; });
            }
            continue;
        }
        let enum_doc = format!(
            "The options of `{}`{}.",
            prop.name,
            prop.label
                .as_ref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default()
        );
        out.push(option_enum(&name, &prop.options, &enum_doc, &prop.name)?);
    }
    Ok(out)
}

/// An enum of `options` named `name`, with the `Unlisted` fallback, its spelling and its
/// `PropertyValue` impl. `owner` names what the options belong to, for errors.
pub(crate) fn option_enum(
    name: &proc_macro2::Ident,
    options: &[EnumOption],
    enum_doc: &str,
    owner: &str,
) -> Result<TokenStream, GenError> {
    let fallback = format_ident!("{}", FALLBACK_VARIANT);
    let mut variants = Vec::new();
    let mut to_str = Vec::new();
    let mut from_str = Vec::new();
    for option in options {
        let variant = named(
            &format!("option `{}` of `{owner}`", option.value()),
            naming::camel_ident(option.variant_source()),
        )?;
        let value = option.value();
        let variant_doc = doc(&match option.label() {
            Some(label) => format!("{label} (`{value}`)."),
            None => format!("`{value}`."),
        });
        variants.push(quote! { #variant_doc #variant, });
        to_str.push(quote! { Self::#variant => #value, });
        from_str.push(quote! { #value => Self::#variant, });
    }
    let enum_doc = doc(enum_doc);
    Ok(quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value the schema does not list, such as an option added in the account.
            #fallback(String),
        }

        impl #name {
            /// The value as HubSpot spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl rt::PropertyValue for #name {
            fn to_wire(&self) -> String {
                self.as_str().to_owned()
            }

            fn from_wire(raw: &str) -> Result<Self, rt::ValueError> {
                Ok(match raw {
                    #(#from_str)*
                    other => Self::#fallback(other.to_owned()),
                })
            }
        }
    })
}

fn capability_impls(object: &ObjectDef, marker: &proc_macro2::Ident) -> Vec<TokenStream> {
    let mut impls: Vec<TokenStream> = Capability::ALL
        .iter()
        .filter(|c| object.has(**c))
        .map(|c| {
            let t = capability_trait(*c);
            quote! { impl rt::#t for #marker {} }
        })
        .collect();
    if object.has(Capability::Create) && object.required_associations.is_empty() {
        impls.push(quote! { impl rt::StandaloneCreate for #marker {} });
    }
    impls
}

/// `impl HasPipelines` for an object whose table names its pipeline and stage properties:
/// their names, and their value types (the option enums the loader's pipelines gave them).
fn pipelines_impl(
    object: &ObjectDef,
    marker: &proc_macro2::Ident,
) -> Result<Option<TokenStream>, GenError> {
    let Some(names) = &object.pipeline_properties else {
        return Ok(None);
    };
    let value = |name: &str| -> Result<TokenStream, GenError> {
        let prop = object
            .properties
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| GenError::Ident {
                item: format!("pipeline property of `{}`", object.name),
                name: name.to_string(),
            })?;
        value_type(prop)
    };
    let (pipeline, stage) = (&names.pipeline, &names.stage);
    let pipeline_ty = value(pipeline)?;
    let stage_ty = value(stage)?;
    Ok(Some(quote! {
        impl rt::HasPipelines for #marker {
            const PIPELINE_PROPERTY: &'static str = #pipeline;
            const STAGE_PROPERTY: &'static str = #stage;
            type Pipeline = #pipeline_ty;
            type Stage = #stage_ty;
        }
    }))
}

fn capability_trait(c: Capability) -> proc_macro2::Ident {
    let name = match c {
        Capability::Create => "Creatable",
        Capability::Read => "Readable",
        Capability::Update => "Updatable",
        Capability::Archive => "Archivable",
        Capability::Batch => "Batchable",
        Capability::Search => "Searchable",
        Capability::Merge => "Mergeable",
        Capability::GdprDelete => "GdprDeletable",
        Capability::Import => "Importable",
        Capability::Split => "Splittable",
    };
    format_ident!("{}", name)
}

fn capability_variant(c: Capability) -> proc_macro2::Ident {
    format_ident!("{}", naming::camel_ident(c.as_str()).unwrap_or_default())
}

fn type_id_tokens(id: Option<u32>) -> TokenStream {
    option(id.map(|i| quote! { rt::AssociationTypeId(#i) }))
}

fn labels_tokens(assoc: &AssociationDef) -> TokenStream {
    let labels = assoc.labels.iter().map(|l| {
        let id = l.type_id;
        let label = &l.label;
        let category = format_ident!(
            "{}",
            naming::camel_ident(&l.category.as_str().to_lowercase()).unwrap_or_default()
        );
        quote! {
            rt::AssociationLabel {
                type_id: rt::AssociationTypeId(#id),
                label: #label,
                category: rt::AssociationCategory::#category,
            }
        }
    });
    quote! { &[#(#labels),*] }
}

fn association_impl(
    object: &ObjectDef,
    assoc: &AssociationDef,
    schema: &Schema,
    marker: &proc_macro2::Ident,
    options: &Options,
) -> Result<TokenStream, GenError> {
    let Some(target) = schema.object(&assoc.to) else {
        return Err(GenError::Ident {
            item: format!("association of `{}`", object.name),
            name: assoc.to.clone(),
        });
    };
    let target_names = object_names(target)?;
    let target_marker = ident("marker", &target_names.marker)?;
    let target_path = if target.name == object.name {
        quote! { #target_marker }
    } else {
        let module = ident("module", &target_names.module)?;
        quote! { super::#module::#target_marker }
    };
    let default = type_id_tokens(assoc.type_id);
    let primary = type_id_tokens(assoc.primary_type_id);
    let labels = labels_tokens(assoc);
    let cfg = if target.name == object.name {
        quote! {}
    } else {
        options.cfg(&target_names.feature)
    };
    Ok(quote! {
        #cfg
        impl rt::Associates<#target_path> for #marker {
            const DEFAULT_TYPE_ID: Option<rt::AssociationTypeId> = #default;
            const PRIMARY_TYPE_ID: Option<rt::AssociationTypeId> = #primary;
            const LABELS: &'static [rt::AssociationLabel] = #labels;
        }
    })
}

fn info_static(object: &ObjectDef) -> TokenStream {
    let type_id = option(object.type_id.as_ref().map(|t| t.as_str()));
    let name = &object.name;
    let singular = &object.singular;
    let plural = &object.plural;
    let description = object.description.trim();
    let group = object.default_property_group.as_deref().unwrap_or_default();
    let caps = Capability::ALL
        .iter()
        .filter(|c| object.has(**c))
        .map(|c| capability_variant(*c));
    let unique = &object.unique_properties;
    let defaults = &object.default_properties;
    let required = object.required_associations.iter().map(|g| {
        let names = &g.one_of;
        quote! { &[#(#names),*] }
    });
    let properties = object.properties.iter().map(|p| {
        let name = &p.name;
        let kind = format_ident!(
            "{}",
            naming::camel_ident(p.kind.as_str()).unwrap_or_default()
        );
        let read_only = p.read_only;
        let create_only = p.create_only;
        let required = p.required;
        let multiple = p.multiple;
        let case_insensitive = p.case_insensitive;
        let options = p.options.iter().map(|o| o.value());
        quote! {
            rt::PropertyInfo {
                name: #name,
                kind: rt::PropertyKind::#kind,
                read_only: #read_only,
                create_only: #create_only,
                required: #required,
                multiple: #multiple,
                case_insensitive: #case_insensitive,
                options: &[#(#options),*],
            }
        }
    });
    let associations = object.associations.iter().map(|a| {
        let to = &a.to;
        let default = type_id_tokens(a.type_id);
        let primary = type_id_tokens(a.primary_type_id);
        let labels = labels_tokens(a);
        quote! {
            rt::AssociationInfo { to: #to, type_id: #default, primary_type_id: #primary, labels: #labels }
        }
    });
    quote! {
        rt::ObjectInfo {
            type_id: #type_id,
            name: #name,
            singular: #singular,
            plural: #plural,
            description: #description,
            default_property_group: #group,
            capabilities: rt::Capabilities::of(&[#(rt::Capability::#caps),*]),
            unique_properties: &[#(#unique),*],
            default_properties: &[#(#defaults),*],
            required_associations: &[#(#required),*],
            properties: &[#(#properties),*],
            associations: &[#(#associations),*],
        }
    }
}
