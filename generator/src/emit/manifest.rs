//! `generated/Cargo.toml`: the package and one cargo feature per object.

use hubspot_crm_schema::Schema;

use crate::ident::object_names;
use crate::{GenError, Options, HEADER};

pub(crate) fn manifest(schema: &Schema, options: &Options) -> Result<String, GenError> {
    let mut features = Vec::new();
    for object in &schema.objects {
        features.push((object_names(object)?.feature, object));
    }
    let mut out = format!(
        "# {HEADER}\n\n[package]\nname = \"{}\"\ndescription = \"A typed client for the HubSpot CRM API: every object, its properties, capabilities and associations as Rust types.\"\nedition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\nversion.workspace = true\nkeywords = [\"hubspot\", \"crm\", \"api\", \"client\"]\ncategories = [\"api-bindings\"]\n\n",
        options.package
    );
    out.push_str("[features]\n");
    out.push_str(
        "# Every object is on by default; turn default features off and name the objects\n",
    );
    out.push_str("# you use to compile only those.\n");
    out.push_str("default = [\n");
    for (feature, _) in &features {
        out.push_str(&format!("    \"{feature}\",\n"));
    }
    out.push_str("]\n");
    for (feature, object) in &features {
        out.push_str(&format!(
            "# {} (`{}`)\n{feature} = []\n",
            crate::emit::words(&object.plural),
            object.path_segment()
        ));
    }
    out.push_str("\n[dependencies]\nhubspot-crm-runtime.workspace = true\n");
    Ok(out)
}
