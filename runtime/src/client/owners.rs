//! The account's owners (HubSpot's owners API, read-only): the people (and queues) records
//! are assigned to. An owner's `id` is what `hubspot_owner_id` holds; its `user_id` names the
//! user in HubSpot's settings APIs and cannot assign ownership.

use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use time::OffsetDateTime;

use super::list::{max_page, paged};
use super::{Call, Client, Error};
use crate::endpoints::Family;
use crate::property::PropertyValue;
use crate::vocab::PathParam::OwnerId;

/// An owner as HubSpot returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The owner ID: what `hubspot_owner_id` holds.
    pub id: String,
    /// Email address.
    pub email: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// The user's ID (for HubSpot's settings APIs; not for assigning records).
    pub user_id: Option<u64>,
    /// `PERSON` or `QUEUE`, when HubSpot says.
    pub kind: Option<String>,
    /// The teams the owner belongs to.
    pub teams: Vec<Team>,
    /// Whether the owner is archived (a deactivated user).
    pub archived: bool,
    /// When the owner was created.
    pub created_at: Option<OffsetDateTime>,
    /// When the owner was last changed.
    pub updated_at: Option<OffsetDateTime>,
}

/// A team an owner belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Team {
    /// The team's ID.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Whether it is the owner's primary team.
    #[serde(default)]
    pub primary: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireOwner {
    id: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    #[serde(default)]
    user_id: Option<u64>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    teams: Vec<Team>,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

impl TryFrom<WireOwner> for Owner {
    type Error = String;

    fn try_from(w: WireOwner) -> Result<Self, String> {
        let time = |what: &str, raw: Option<String>| match raw.filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => OffsetDateTime::from_wire(&s)
                .map(Some)
                .map_err(|e| format!("owner {what} `{s}`: {e}")),
        };
        Ok(Owner {
            created_at: time("createdAt", w.created_at)?,
            updated_at: time("updatedAt", w.updated_at)?,
            id: w.id,
            email: w.email,
            first_name: w.first_name,
            last_name: w.last_name,
            user_id: w.user_id,
            kind: w.kind,
            teams: w.teams,
            archived: w.archived,
        })
    }
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Owner::try_from(WireOwner::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Which owners [`Owners::list_with`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerListOptions {
    /// Only the owner with this email address.
    pub email: Option<String>,
    /// Archived (deactivated) owners instead of active ones.
    pub archived: bool,
    /// Owners per request, 1 to HubSpot's maximum. Default: the maximum.
    pub page_size: u32,
}

impl Default for OwnerListOptions {
    fn default() -> Self {
        OwnerListOptions {
            email: None,
            archived: false,
            page_size: max_page(Family::OwnersList),
        }
    }
}

/// The account's owners; see [`Client::owners`].
#[derive(Debug, Clone, Copy)]
pub struct Owners<'c> {
    client: &'c Client,
}

impl Client {
    /// The account's owners.
    pub fn owners(&self) -> Owners<'_> {
        Owners { client: self }
    }
}

impl<'c> Owners<'c> {
    /// Every active owner, as a stream that pages by itself.
    ///
    /// ```no_run
    /// # async fn demo(client: hubspot_crm_runtime::CoreClient) -> Result<(), hubspot_crm_runtime::Error> {
    /// use futures_util::TryStreamExt;
    /// let owners: Vec<_> = client.owners().list().try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> impl Stream<Item = Result<Owner, Error>> + 'c {
        self.list_with(OwnerListOptions::default())
    }

    /// The owners chosen by `options`, as a stream that pages by itself.
    pub fn list_with(
        &self,
        options: OwnerListOptions,
    ) -> impl Stream<Item = Result<Owner, Error>> + 'c {
        let max = max_page(Family::OwnersList);
        if !(1..=max).contains(&options.page_size) {
            let error = Error::InvalidRequest(format!(
                "page_size must be between 1 and {max}, not {}",
                options.page_size
            ));
            return stream::once(async move { Err(error) }).left_stream();
        }
        let client = self.client;
        paged(move |after: Option<String>| {
            let options = options.clone();
            async move {
                let mut query = vec![
                    ("limit", options.page_size.to_string()),
                    ("archived", options.archived.to_string()),
                ];
                if let Some(email) = options.email {
                    query.push(("email", email));
                }
                if let Some(after) = after {
                    query.push(("after", after));
                }
                client
                    .call(Family::OwnersList, Call::default().query(query))
                    .await
            }
        })
        .right_stream()
    }

    /// The owner with owner ID `id` (what `hubspot_owner_id` holds).
    pub async fn get(&self, id: &str) -> Result<Owner, Error> {
        self.get_by(id, "id").await
    }

    /// The owner of the user with ID `user_id`.
    pub async fn get_by_user_id(&self, user_id: u64) -> Result<Owner, Error> {
        self.get_by(&user_id.to_string(), "userId").await
    }

    async fn get_by(&self, id: &str, id_property: &'static str) -> Result<Owner, Error> {
        let params = [(OwnerId, id)];
        let call = Call::at(&params).query(vec![("idProperty", id_property.to_string())]);
        self.client.call(Family::OwnersGet, call).await?.json()
    }
}
