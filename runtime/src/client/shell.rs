//! The `Client` of a generated crate, written by hand once: `client_shell!` defines the struct
//! wrapping [`Client`](super::Client) (the core client) and its methods; the generated crate
//! invokes it and adds one accessor per object (`client.contacts()`).
//!
//! The methods defined here are exactly `hubspot_crm_vocab::CLIENT_METHODS`, the names the
//! schema model refuses as object modules (a test below reads this file to check it).

/// Defines `pub struct Client` in the invoking module: the core client behind the generated
/// accessors, with `new`, `builder`, `from_env`, `object`, `schemas`, `imports`, `owners`,
/// `associations` and `core`. `$krate` is the path the doc examples name the generated code by (`"hubspot_crm"`).
#[doc(hidden)]
#[macro_export]
macro_rules! client_shell {
    ($krate:literal) => {
        /// A HubSpot CRM client: `Send + Sync`, cheap to clone (clones share one connection
        /// pool). Its `Debug` output never shows the token.
        #[derive(Debug, Clone)]
        pub struct Client($crate::CoreClient);

        impl From<$crate::CoreClient> for Client {
            fn from(core: $crate::CoreClient) -> Self {
                Client(core)
            }
        }

        impl Client {
            /// A client for HubSpot's API with a private app or OAuth access token, the
            /// default API version and timeouts.
            ///
            /// # Panics
            ///
            /// If the TLS backend cannot be initialised (as `reqwest::Client::new` does). Use
            /// [`Client::builder`] to get that as an error.
            ///
            /// ```
            #[doc = concat!("let client = ", $krate, "::Client::new(\"pat-na1-...\");")]
            /// assert_eq!(client.core().base_url(), "https://api.hubapi.com");
            /// ```
            pub fn new(token: impl Into<String>) -> Client {
                match Client::builder().token(token).build() {
                    Ok(client) => client,
                    Err(e) => panic!("cannot build a HubSpot client: {e}"),
                }
            }

            /// A builder for a client: token, base URL (an emulator's, in tests), API version,
            /// timeouts, user agent, retries.
            ///
            /// ```
            #[doc = concat!("use ", $krate, "::endpoints::ApiVersion;")]
            #[doc = concat!("let client = ", $krate, "::Client::builder()")]
            ///     .token("pat-na1-...")
            ///     .base_url("http://127.0.0.1:8080")
            ///     .api_version(ApiVersion::Legacy)
            ///     .build()?;
            /// assert_eq!(client.core().api_version(), ApiVersion::Legacy);
            #[doc = concat!("# Ok::<(), ", $krate, "::Error>(())")]
            /// ```
            pub fn builder() -> $crate::ClientBuilder<Client> {
                $crate::ClientBuilder::new()
            }

            /// A client with the token in `HUBSPOT_ACCESS_TOKEN` and, if set, the base URL in
            /// `HUBSPOT_BASE_URL`.
            pub fn from_env() -> Result<Client, $crate::Error> {
                Client::builder().from_env()?.build()
            }

            /// The records of an object type named at run time (a custom object `2-1234`, or
            /// any type by name), with string properties.
            pub fn object<'c>(
                &'c self,
                object_type: &'c str,
            ) -> $crate::client::DynamicObjects<'c> {
                self.0.object(object_type)
            }

            /// The account's custom object schemas.
            pub fn schemas(&self) -> $crate::client::Schemas<'_> {
                self.0.schemas()
            }

            /// The account's imports.
            pub fn imports(&self) -> $crate::client::Imports<'_> {
                self.0.imports()
            }

            /// The account's owners: the people records are assigned to.
            pub fn owners(&self) -> $crate::client::Owners<'_> {
                self.0.owners()
            }

            /// The account's association definitions seen whole: every limit set on
            /// association types, and the high-usage report. A pair's limits are
            /// `client.contacts().association_limits::<Company>()`.
            pub fn associations(&self) -> $crate::client::AccountAssociations<'_> {
                self.0.associations()
            }

            /// The core client underneath, for endpoint families without a typed method.
            pub fn core(&self) -> &$crate::CoreClient {
                &self.0
            }
        }
    };
}

#[cfg(test)]
mod tests {
    /// The methods `client_shell!` defines, read from its source.
    fn defined_methods() -> Vec<String> {
        let source = include_str!("shell.rs");
        let shell = source.split("#[cfg(test)]").next().unwrap_or_default();
        let mut names: Vec<String> = shell
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("pub fn "))
            .filter_map(|rest| rest.split(['(', '<']).next())
            .map(str::to_string)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_shell_defines_exactly_the_reserved_client_methods() {
        let mut reserved: Vec<String> = hubspot_crm_vocab::CLIENT_METHODS
            .iter()
            .map(|s| s.to_string())
            .collect();
        reserved.sort();
        assert_eq!(
            defined_methods(),
            reserved,
            "client_shell! and hubspot_crm_vocab::CLIENT_METHODS must name the same methods"
        );
    }

    // The test uses a few of the methods; the others are checked by the generated crate.
    #[allow(dead_code)]
    mod expanded {
        crate::client_shell!("hubspot_crm_runtime");
    }

    #[test]
    fn the_shell_wraps_a_core_client() {
        let client = expanded::Client::builder()
            .token("t")
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("builds");
        assert_eq!(client.core().base_url(), "http://127.0.0.1:9");
        assert!(!format!("{client:?}").contains("\"t\""), "token redacted");
    }
}
