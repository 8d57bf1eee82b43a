//! The typed guarantees: mistakes a HubSpot user can make do not compile, and their correct
//! counterparts do. `TRYBUILD=overwrite cargo test -p hubspot-crm-typed-tests --test compile`
//! refreshes the expected compiler output after a toolchain upgrade (review the diff).

#[test]
fn typed_guarantees() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
