//! The endpoints crate's `src/families.rs`: API versions and one `Family` variant per
//! endpoint family, with the facts code acts on as one static table. The runtime names families as
//! `Family::ObjectsCreate`, the emulator matches over `Family` exhaustively: a family removed
//! or renamed in the table is a compile error in both.

use hubspot_crm_schema::naming::camel_ident;
use hubspot_crm_schema::{EndpointDef, Schema};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::{doc, inner_doc, option};
use crate::ident::named;
use crate::GenError;

pub(crate) fn endpoints(schema: &Schema) -> Result<TokenStream, GenError> {
    let def = &schema.endpoints;
    let mut version_variants = Vec::new();
    let mut version_docs = Vec::new();
    let mut version_names = Vec::new();
    let mut default = None;
    for v in &def.versions {
        let variant = named(&format!("API version `{}`", v.name), camel_ident(&v.name))?;
        version_docs.push(doc(&format!("`{}`: {}", v.name, v.description.trim())));
        if v.name == def.default_version {
            default = Some(variant.clone());
        }
        version_names.push(v.name.clone());
        version_variants.push(variant);
    }
    let Some(default) = default else {
        return Err(GenError::Ident {
            item: "default_version".into(),
            name: def.default_version.clone(),
        });
    };
    let mut variants = Vec::new();
    let mut variant_docs = Vec::new();
    let mut specs = Vec::new();
    for e in &def.endpoints {
        let variant = named(
            &format!("endpoint family `{}`", e.name),
            camel_ident(&e.name),
        )?;
        variant_docs.push(family_doc(e, &version_names));
        specs.push(spec(e, &version_names));
        variants.push(variant);
    }
    let rate_limits = rate_limits(schema)?;
    let max_url_chars = Literal::usize_unsuffixed(def.max_url_chars as usize);
    let versions = Literal::usize_unsuffixed(version_variants.len());
    let families = Literal::usize_unsuffixed(variants.len());
    let crate_doc = inner_doc(
        "API versions and endpoint families, generated from `endpoints.yaml`: one [`Family`]\n\
         variant per family, its facts in a static [`FamilySpec`] table.",
    );
    Ok(quote! {
        #crate_doc

        use core::fmt;

        pub use hubspot_crm_vocab::FamilySpec;
        use hubspot_crm_vocab as v;

        /// The longest URL HubSpot accepts, in characters (scheme, host, path and query,
        /// encoded); a longer one is answered `414 URI Too Long`.
        pub const MAX_URL_CHARS: usize = #max_url_chars;

        #rate_limits

        /// A version of the HubSpot CRM API: which paths a client calls.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ApiVersion {
            #(#version_docs #version_variants,)*
        }

        impl ApiVersion {
            /// Every version, oldest first.
            pub const ALL: [ApiVersion; #versions] = [#(ApiVersion::#version_variants),*];

            /// The version a client uses unless told otherwise.
            pub const DEFAULT: ApiVersion = ApiVersion::#default;

            /// The version's name (`legacy`, `2026-03`, ...).
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(ApiVersion::#version_variants => #version_names,)*
                }
            }

            /// The version named `name`, if any.
            pub fn from_name(name: &str) -> Option<ApiVersion> {
                ApiVersion::ALL.into_iter().find(|v| v.as_str() == name)
            }

            /// Its position in [`ApiVersion::ALL`] and in every family's `paths`.
            pub const fn index(self) -> usize {
                self as usize
            }
        }

        impl Default for ApiVersion {
            fn default() -> Self {
                ApiVersion::DEFAULT
            }
        }

        impl fmt::Display for ApiVersion {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// An endpoint family of the CRM API: one operation, for any object type that allows it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Family {
            #(#variant_docs #variants,)*
        }

        impl Family {
            /// Every family, in table order.
            pub const ALL: [Family; #families] = [#(Family::#variants),*];

            /// What the tables state about the family.
            pub const fn spec(self) -> &'static FamilySpec {
                &SPECS[self as usize]
            }

            /// The family's name in the tables (`objects_create`).
            pub const fn name(self) -> &'static str {
                self.spec().name
            }

            /// The family's path template in `version`, with `{placeholders}`.
            pub const fn path(self, version: ApiVersion) -> &'static str {
                self.spec().paths[version.index()]
            }

            /// The family's success status in `version` (a version answering 204 sends no
            /// body).
            pub const fn status(self, version: ApiVersion) -> u16 {
                self.spec().statuses[version.index()]
            }

            /// The family named `name` in the tables, if any.
            pub fn from_name(name: &str) -> Option<Family> {
                Family::ALL.into_iter().find(|f| f.name() == name)
            }
        }

        impl fmt::Display for Family {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        /// The facts of every family, indexed by `Family as usize`.
        static SPECS: [FamilySpec; #families] = [#(#specs),*];

        // Every family has a path and a status for every version, so `Family::path` and
        // `Family::status` cannot index out of range: checked when this crate compiles.
        const _: () = {
            let mut i = 0;
            while i < SPECS.len() {
                assert!(SPECS[i].paths.len() == ApiVersion::ALL.len());
                assert!(SPECS[i].statuses.len() == ApiVersion::ALL.len());
                i += 1;
            }
        };
    })
}

/// `rate_limits`: the window and search budgets as constants, `RateTier` (one variant per
/// tier, with its budgets), `RatePolicy` (the limits a 429 names, by HubSpot's names) and the
/// `rate_headers` module (the header names).
fn rate_limits(schema: &Schema) -> Result<TokenStream, GenError> {
    let def = &schema.endpoints.rate_limits;
    let window_ms = Literal::u64_unsuffixed(def.window_ms);
    let search_per_second = Literal::u32_unsuffixed(def.search_per_second);
    let mut tiers = Vec::new();
    let mut tier_docs = Vec::new();
    let mut names = Vec::new();
    let mut per_window = Vec::new();
    let mut daily = Vec::new();
    let mut default = None;
    for t in &def.tiers {
        let variant = named(&format!("rate tier `{}`", t.name), camel_ident(&t.name))?;
        let budget = match t.daily {
            Some(d) => format!("{} requests per window, {d} a day.", t.per_window),
            None => format!("{} requests per window.", t.per_window),
        };
        tier_docs.push(doc(&format!("{}\n\n{budget}", t.description.trim())));
        if t.name == def.default_tier {
            default = Some(variant.clone());
        }
        names.push(t.name.clone());
        per_window.push(Literal::u32_unsuffixed(t.per_window));
        daily.push(option(t.daily.map(Literal::u64_unsuffixed)));
        tiers.push(variant);
    }
    let Some(default) = default else {
        return Err(GenError::Ident {
            item: "rate_limits.default_tier".into(),
            name: def.default_tier.clone(),
        });
    };
    let count = Literal::usize_unsuffixed(tiers.len());
    let policy_meaning = [
        "the rolling window's budget ([`RATE_WINDOW_MS`]): wait until the window has room.",
        "a budget per second (search's, [`SEARCH_PER_SECOND`]): wait a second.",
        "the daily budget: nothing helps until the day ends, so it is never retried.",
    ];
    let mut policies = Vec::new();
    let mut policy_docs = Vec::new();
    let mut policy_names = Vec::new();
    for ((key, name), meaning) in def.policies.entries().into_iter().zip(policy_meaning) {
        policies.push(named(&format!("rate policy `{key}`"), camel_ident(key))?);
        policy_docs.push(doc(&format!("`{name}`: {meaning}")));
        policy_names.push(name.to_string());
    }
    let headers = def.headers.entries().into_iter().map(|(key, name)| {
        let ident = format_ident!("{}", key.to_uppercase());
        let text = doc(&format!("`{name}`."));
        quote! { #text pub const #ident: &str = #name; }
    });
    Ok(quote! {
        /// The rolling window of an account's request budget, in milliseconds.
        pub const RATE_WINDOW_MS: u64 = #window_ms;

        /// Search requests (families of rate class `search`) an account may send per second,
        /// beside the window's budget.
        pub const SEARCH_PER_SECOND: u32 = #search_per_second;

        /// HubSpot's request budgets by account tier: requests per window of
        /// [`RATE_WINDOW_MS`], and per day where the tier has a number of its own.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RateTier {
            #(#tier_docs #tiers,)*
        }

        impl RateTier {
            /// Every tier, in table order.
            pub const ALL: [RateTier; #count] = [#(RateTier::#tiers),*];

            /// The tier assumed unless told otherwise.
            pub const DEFAULT: RateTier = RateTier::#default;

            /// The tier's name in the tables (`professional`).
            pub const fn name(self) -> &'static str {
                match self {
                    #(RateTier::#tiers => #names,)*
                }
            }

            /// Requests allowed per window of [`RATE_WINDOW_MS`].
            pub const fn per_window(self) -> u32 {
                match self {
                    #(RateTier::#tiers => #per_window,)*
                }
            }

            /// Requests allowed per day, where the tier states a number of its own.
            pub const fn daily(self) -> Option<u64> {
                match self {
                    #(RateTier::#tiers => #daily,)*
                }
            }

            /// The tier named `name` in the tables, if any.
            pub fn from_name(name: &str) -> Option<RateTier> {
                RateTier::ALL.into_iter().find(|t| t.name() == name)
            }
        }

        impl Default for RateTier {
            fn default() -> Self {
                RateTier::DEFAULT
            }
        }

        impl fmt::Display for RateTier {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        /// A limit a 429 says was hit, by HubSpot's name for it (the body's `policyName`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RatePolicy {
            #(#policy_docs #policies,)*
        }

        impl RatePolicy {
            /// Every policy.
            pub const ALL: [RatePolicy; 3] = [#(RatePolicy::#policies),*];

            /// HubSpot's name of the policy.
            pub const fn name(self) -> &'static str {
                match self {
                    #(RatePolicy::#policies => #policy_names,)*
                }
            }

            /// The policy HubSpot names `name`, if any.
            pub fn from_name(name: &str) -> Option<RatePolicy> {
                RatePolicy::ALL.into_iter().find(|p| p.name() == name)
            }
        }

        impl fmt::Display for RatePolicy {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        /// The names of the headers HubSpot reports an account's rate limits in.
        pub mod rate_headers {
            #(#headers)*
        }
    })
}

fn family_doc(e: &EndpointDef, versions: &[String]) -> TokenStream {
    let first = versions
        .first()
        .and_then(|v| e.paths.get(v))
        .map(String::as_str)
        .unwrap_or_default();
    let mut text = format!(
        "{}\n\n`{} {first}`",
        e.description.trim(),
        e.method.as_str()
    );
    if let Some(b) = e.batch_limit {
        text.push_str(&format!(", at most {b} inputs"));
    }
    text.push_str(if e.idempotent {
        "; idempotent."
    } else {
        "; not idempotent: never repeated after a possible success."
    });
    doc(&text)
}

fn word(w: &str) -> Ident {
    format_ident!("{}", camel_ident(w).unwrap_or_default())
}

fn spec(e: &EndpointDef, versions: &[String]) -> TokenStream {
    let name = &e.name;
    let method = word(&e.method.as_str().to_lowercase());
    // Paths in version order, so `ApiVersion::index` selects one.
    let paths = versions
        .iter()
        .map(|v| e.paths.get(v).cloned().unwrap_or_default());
    // Statuses in version order too, so the same index selects one.
    let statuses = versions.iter().map(|v| e.status_in(v));
    let idempotent = e.idempotent;
    let caps = e.capabilities.iter().map(|c| word(c.as_str()));
    let page_size = option(e.page_size.map(|p| {
        let (max, default) = (p.max, p.default);
        quote! { v::PageLimits { max: #max, default: #default } }
    }));
    let batch_limit = option(e.batch_limit);
    let search = option(e.search_limits.map(|l| {
        let (groups, per_group, filters, query, results) = (
            l.filter_groups,
            l.filters_per_group,
            l.filters,
            l.query_chars,
            l.results,
        );
        quote! {
            v::SearchLimits {
                filter_groups: #groups,
                filters_per_group: #per_group,
                filters: #filters,
                query_chars: #query,
                results: #results,
            }
        }
    }));
    let rate_class = word(e.rate_class.as_str());
    quote! {
        FamilySpec {
            name: #name,
            method: v::HttpMethod::#method,
            paths: &[#(#paths),*],
            statuses: &[#(#statuses),*],
            idempotent: #idempotent,
            capabilities: &[#(v::Capability::#caps),*],
            page_size: #page_size,
            batch_limit: #batch_limit,
            search: #search,
            rate_class: v::RateClass::#rate_class,
        }
    }
}
