//! Tests of the generated `hubspot-crm` crate live here, not in `generated/`, because
//! everything there is generator output. See `tests/`.
