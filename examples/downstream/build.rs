//! Generates this crate's typed HubSpot client into `OUT_DIR/hubspot.rs`: the standard objects
//! it uses, with the account's own tables (`account/`, written by `cargo xtask pull`) merged
//! in, so `hubspot::vehicles` and `ContactProperties::loyalty_tier` are types.

fn main() {
    let generated = hubspot_crm_codegen::build::Build::new()
        .account("account")
        .objects(["companies", "contacts", "deals", "vehicles"])
        .generate();
    if let Err(e) = generated {
        // A build script's panic is how cargo shows the problem; the message names the table
        // file and line.
        panic!("cannot generate the HubSpot client:\n{e}");
    }
}
