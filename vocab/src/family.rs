//! What the tables state about an endpoint family, in the form the generated family table
//! (`hubspot-crm-endpoints`) fills in and the runtime and the emulator read.

use crate::capability::Capability;
use crate::words::{words, HttpMethod};

words! {
    /// Which of HubSpot's rate limits a family's requests count against.
    pub enum RateClass {
        /// The account's ten-second (rolling) budget only.
        Standard = "standard",
        /// The ten-second budget and the search budget (a few requests per second).
        Search = "search",
    }
}

// `words!` declares the enum, so the default is stated here.
#[allow(clippy::derivable_impls)]
impl Default for RateClass {
    fn default() -> Self {
        RateClass::Standard
    }
}

/// The page sizes a paged family accepts (`limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PageLimits {
    /// The largest page.
    pub max: u32,
    /// The page size HubSpot uses when a request names none.
    pub default: u32,
}

/// HubSpot's limits on one search request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct SearchLimits {
    /// Filter groups (ORed).
    pub filter_groups: u32,
    /// Filters in one group (ANDed).
    pub filters_per_group: u32,
    /// Filters in all groups together.
    pub filters: u32,
    /// Characters of the free-text `query`.
    pub query_chars: u32,
    /// Results one search can reach by paging.
    pub results: u32,
}

/// Everything the tables state about one endpoint family that code acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilySpec {
    /// The family's name in the tables (`objects_create`), for messages.
    pub name: &'static str,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path templates with `{placeholders}`, one per API version, in version order.
    pub paths: &'static [&'static str],
    /// The success status code in each API version, in version order (as `paths`): the
    /// table's `status`, or its `status_by_version` where HubSpot answers a version
    /// differently. A version answering 204 sends no body. The generated
    /// `Family::status(version)` reads it.
    pub statuses: &'static [u16],
    /// Whether sending the request twice has the effect of sending it once, so a failure
    /// after HubSpot may have processed it can be retried.
    pub idempotent: bool,
    /// Capabilities the object type must allow (all of them), in the table's order: the
    /// order in which a refusal names the first one missing.
    pub capabilities: &'static [Capability],
    /// Page sizes, for paged (cursor) families.
    pub page_size: Option<PageLimits>,
    /// Most inputs one request may carry, for batch families.
    pub batch_limit: Option<u32>,
    /// Search limits, for the search family.
    pub search: Option<SearchLimits>,
    /// Which rate limits its requests count against.
    pub rate_class: RateClass,
}
