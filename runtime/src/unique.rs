//! Unique properties: the properties a record can be looked up by (`idProperty`), typed by
//! their object. Generated code gives each object's unique properties a constant
//! (`contacts::unique::EMAIL: UniqueProp<Contact>`), from the tables' `unique_properties`
//! (an account's own unique properties included), so a lookup by a property that is not
//! unique, or by another object's, does not compile:
//!
//! ```compile_fail,E0308
//! # use hubspot_crm_runtime::UniqueProp;
//! enum Contact {}
//! enum Company {}
//! const DOMAIN: UniqueProp<Company> = UniqueProp::new("domain");
//! fn lookup(by: UniqueProp<Contact>) {}
//! lookup(DOMAIN); // a company's unique property is no contact's
//! ```

use std::fmt;
use std::marker::PhantomData;

/// A unique property of object `O`: what [`Objects::get_by`](crate::Objects::get_by),
/// `update_by` and `batch_upsert` look records up by.
pub struct UniqueProp<O> {
    name: &'static str,
    object: PhantomData<fn() -> O>,
}

impl<O> UniqueProp<O> {
    /// The handle of unique property `name`. Generated code calls this for the properties the
    /// tables mark unique; a property made unique at run time (through the properties API) is
    /// read through the dynamic handle (`client.object("contacts").get_by_with(..)`) until
    /// `cargo xtask pull` brings it into the tables.
    #[doc(hidden)]
    pub const fn new(name: &'static str) -> Self {
        UniqueProp {
            name,
            object: PhantomData,
        }
    }

    /// The property's name (`email`).
    pub const fn name(self) -> &'static str {
        self.name
    }
}

impl<O> Clone for UniqueProp<O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O> Copy for UniqueProp<O> {}

impl<O> PartialEq for UniqueProp<O> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl<O> Eq for UniqueProp<O> {}

impl<O> fmt::Debug for UniqueProp<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UniqueProp({})", self.name)
    }
}

impl<O> fmt::Display for UniqueProp<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}
