//! `cargo xtask audit --specs DIR`: compare the tables with HubSpot's published API
//! descriptions (the OpenAPI files of HubSpot's public spec collection, or any subset of them,
//! which the user supplies; they are not part of this repository).
//!
//! Per version of `schema/endpoints.yaml` (`legacy` for HubSpot's `v3`/`v4` paths, and each
//! date version), it reports every family whose method and path HubSpot's descriptions of that
//! version lack, and every operation HubSpot describes in a part of the API the tables cover
//! that no family has; across versions, every object whose capabilities differ from the
//! operations HubSpot describes for it by name, and every object HubSpot describes by name
//! that no table has. Exceptions the tables document (an object's `capability_exceptions`,
//! `endpoints.yaml`'s `audit_exceptions`) are listed with their reasons, not reported. It
//! fails when anything differs.
//!
//! This is how a new date version gets added: add it to the tables, run the audit against
//! HubSpot's files, fix the tables until it passes, regenerate.

mod compare;
mod excepted;
mod paths;
mod spec;

use std::path::Path;

/// Runs the audit of `root/schema` against the documents under `specs`: the report, and
/// whether anything differed.
pub(crate) fn run(root: &Path, specs: &Path) -> Result<String, String> {
    let schema = hubspot_crm_schema::load_dir_with(&root.join("schema"), None)
        .map_err(|e| format!("{e}The tables must load before they can be audited."))?;
    let reading = spec::read_dir(specs)?;
    if reading.documents.is_empty() {
        return Err(format!(
            "error: no OpenAPI document (a JSON file with `openapi` and `paths`) under {}",
            specs.display()
        ));
    }
    let report = compare::compare(&schema, &reading, root);
    let text = report.render();
    let differences = report.differences().count();
    let kinds: Vec<String> = report
        .summary()
        .into_iter()
        .map(|(kind, n)| format!("{}: {n}", kind.what()))
        .collect();
    if differences == 0 {
        Ok(format!(
            "{text}\nThe tables agree with HubSpot's descriptions read from {}.",
            specs.display()
        ))
    } else {
        println!("{text}");
        Err(format!(
            "{differences} difference{} between the tables and HubSpot's descriptions ({}); fix the tables (or document an exception) and run `cargo xtask gen`.",
            if differences == 1 { "" } else { "s" },
            kinds.join("; ")
        ))
    }
}
