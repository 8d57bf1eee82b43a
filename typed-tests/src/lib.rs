//! Tests of the generated `hubspot-crm` crate live here, not in `generated/`, because
//! everything there is generator output. See `tests/`.
//!
//! The README's examples are compiled and run as this crate's doc tests, so the quickstart
//! cannot drift from the code.

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
