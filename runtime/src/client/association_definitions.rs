//! Association definitions on the client: a pair's types as the v3 API names them, the limits
//! an account sets on association types (how many records of `T` one record of `O` may be
//! linked to with a type), and the account-wide views: every limit set, and the high-usage
//! report of records near their limits.
//!
//! The per-pair methods hang off `client.contacts().association_limits::<Company>()` and are
//! bounded by `Associates`, so only pairs HubSpot defines compile; the account-wide ones are
//! `client.associations()`.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::associations::AssociationType;
use super::batch::{batch_limit, by_key, run, whole, BatchAnswer, Part, Plan};
use super::wire::Page;
use super::{AssociationCategory, Call, Client, Error, Objects, Response};
use crate::bulk::BatchRequest;
use crate::endpoints::Family;
use crate::metadata::AssociationTypeId;
use crate::object::{Associates, CrmObject};
use crate::vocab::PathParam::{ObjectType, ToObjectType, UserId};

/// An association type of a pair as the v3 API lists it: its ID and v3 name
/// (`contact_to_company_unlabeled`, or an account label's internal name).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AssociationTypeDefinition {
    /// The type ID.
    pub type_id: AssociationTypeId,
    /// Its v3 name.
    pub name: String,
}

/// An association type and the limit set on it, if any.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AssociationLimit {
    /// The type (with its label, where HubSpot gives one).
    pub association: AssociationType,
    /// The most records of the other type one record may be linked to with the type
    /// (HubSpot's `userEnforcedMaxToObjectIds`); `None` when no limit is set.
    pub max: Option<u32>,
}

/// A limit to set on an association type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NewAssociationLimit {
    /// The type to limit: the pair's unlabelled type limits all its links, a label the links
    /// carrying it.
    pub association: AssociationType,
    /// The most records of the other type one record may be linked to with it (1 or more).
    pub max: u32,
}

impl NewAssociationLimit {
    /// A limit of `max` on `association`.
    pub fn new(association: AssociationType, max: u32) -> Self {
        NewAssociationLimit { association, max }
    }
}

/// A high-usage report HubSpot queued: it emails the report to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighUsageReport {
    /// Where the report goes.
    pub user_email: String,
    /// The user it was queued for.
    pub user_id: u64,
    /// When it was queued, when HubSpot says.
    pub enqueued_at: Option<OffsetDateTime>,
}

/// `{id, name}` of the v3 types listing.
#[derive(Deserialize)]
struct WireDefinition {
    id: String,
    name: String,
}

/// `{category, typeId, label?, userEnforcedMaxToObjectIds?}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireLimit {
    category: AssociationCategory,
    type_id: u32,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    user_enforced_max_to_object_ids: Option<u32>,
}

impl From<WireLimit> for AssociationLimit {
    fn from(w: WireLimit) -> Self {
        AssociationLimit {
            association: AssociationType {
                category: w.category,
                type_id: AssociationTypeId(w.type_id),
                label: w.label,
            },
            max: w.user_enforced_max_to_object_ids,
        }
    }
}

/// `{userEmail, userId, enqueueTime: {value}}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireReport {
    user_email: String,
    user_id: u64,
    #[serde(default)]
    enqueue_time: Option<WireDateTime>,
}

#[derive(Deserialize)]
struct WireDateTime {
    value: i64,
}

/// `{inputs: [...]}`.
#[derive(Serialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

/// `{category, typeId, maxToObjectIds?}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LimitInput {
    category: AssociationCategory,
    type_id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_to_object_ids: Option<u32>,
}

/// The limits on the association types from `O` to `T`; see [`Objects::association_limits`].
pub struct AssociationLimits<'c, O, T> {
    client: &'c Client,
    pair: PhantomData<fn() -> (O, T)>,
}

impl<O, T> Clone for AssociationLimits<'_, O, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O, T> Copy for AssociationLimits<'_, O, T> {}

impl<O, T> fmt::Debug for AssociationLimits<'_, O, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = |full: &'static str| full.rsplit("::").next().unwrap_or(full);
        write!(
            f,
            "AssociationLimits<{}, {}>",
            short(std::any::type_name::<O>()),
            short(std::any::type_name::<T>())
        )
    }
}

impl<'c, O: CrmObject> Objects<'c, O> {
    /// The limits on the association types from `O` to `T`.
    ///
    /// ```no_run
    /// # async fn demo<O, T>(contacts: hubspot_crm_runtime::Objects<'_, O>) -> Result<(), hubspot_crm_runtime::Error>
    /// # where O: hubspot_crm_runtime::Associates<T>, T: hubspot_crm_runtime::CrmObject {
    /// use hubspot_crm_runtime::client::{AssociationType, NewAssociationLimit};
    /// let limits = contacts.association_limits::<T>();
    /// if let Some(default) = limits.default_type() {
    ///     // One record of T per record of O.
    ///     limits.create(&[NewAssociationLimit::new(default, 1)]).await;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn association_limits<T: CrmObject>(&self) -> AssociationLimits<'c, O, T>
    where
        O: Associates<T>,
    {
        AssociationLimits {
            client: self.client,
            pair: PhantomData,
        }
    }

    /// The association types from `O` to `T` as the v3 API lists them (`{id, name}`).
    pub async fn association_type_definitions<T: CrmObject>(
        &self,
    ) -> Result<Vec<AssociationTypeDefinition>, Error>
    where
        O: Associates<T>,
    {
        let params = [
            (ObjectType, O::path_segment()),
            (ToObjectType, T::path_segment()),
        ];
        let answer = self
            .client
            .call(Family::AssociationTypesList, Call::at(&params))
            .await?;
        type_definitions(&answer)
    }
}

/// The v3 types listing `{results: [{id, name}]}`, whose IDs are numbers written as strings.
fn type_definitions(answer: &Response) -> Result<Vec<AssociationTypeDefinition>, Error> {
    let page: Page<WireDefinition> = answer.json()?;
    page.results
        .into_iter()
        .map(|d| {
            let id = d.id.trim().parse().map_err(|_| {
                answer.undecodable(format!("association type ID `{}` is not a number", d.id))
            })?;
            Ok(AssociationTypeDefinition {
                type_id: AssociationTypeId(id),
                name: d.name,
            })
        })
        .collect()
}

/// A list of limits `{results: [{category, typeId, label?, userEnforcedMaxToObjectIds?}]}`.
fn limits(answer: &Response) -> Result<Vec<AssociationLimit>, Error> {
    let page: Page<WireLimit> = answer.json()?;
    Ok(page.results.into_iter().map(Into::into).collect())
}

/// A limits batch answer for the inputs `group` of `limits`: the limits returned (matched by
/// type ID), and the inputs that failed (named by HubSpot's errors in `context.typeId`, or
/// neither returned nor named).
fn limits_outcome(
    group: &[usize],
    limits: &[NewAssociationLimit],
    answer: &Response,
) -> Result<Part<AssociationLimit>, Error> {
    let parsed: BatchAnswer<WireLimit> = answer.json()?;
    let returned = parsed
        .results
        .into_iter()
        .map(|r| (r.type_id.to_string(), AssociationLimit::from(r)))
        .collect();
    let key = |i: usize| limits[i].association.type_id.0.to_string();
    Ok(by_key(
        group,
        key,
        returned,
        &parsed.errors,
        "typeId",
        answer,
    ))
}

/// A queued report `{userEmail, userId, enqueueTime: {value (ms), ...}}`.
fn high_usage_report(answer: &Response) -> Result<HighUsageReport, Error> {
    let wire: WireReport = answer.json()?;
    let enqueued_at = match wire.enqueue_time {
        None => None,
        Some(t) => Some(
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(t.value) * 1_000_000)
                .map_err(|e| answer.undecodable(format!("enqueueTime: {e}")))?,
        ),
    };
    Ok(HighUsageReport {
        user_email: wire.user_email,
        user_id: wire.user_id,
        enqueued_at,
    })
}

impl<'c, O: Associates<T>, T: CrmObject> AssociationLimits<'c, O, T> {
    /// The pair's unlabelled type, where HubSpot publishes its ID: a limit on it bounds every
    /// link of the pair (labelled links carry it too).
    pub fn default_type(&self) -> Option<AssociationType> {
        O::DEFAULT_TYPE_ID.map(AssociationType::hubspot)
    }

    async fn call(&self, family: Family, body: Option<&impl Serialize>) -> Result<Response, Error> {
        let params = [
            (ObjectType, O::path_segment()),
            (ToObjectType, T::path_segment()),
        ];
        let mut call = Call::at(&params);
        if let Some(body) = body {
            call = call.json(body)?;
        }
        self.client.call(family, call).await
    }

    /// Every association type of the pair, with the limit set on each.
    pub async fn list(&self) -> Result<Vec<AssociationLimit>, Error> {
        limits(
            &self
                .call(Family::AssociationLimitsList, None::<&()>)
                .await?,
        )
    }

    /// Sets limits on types that have none. Every input ends up in the results (with its
    /// index) or in a failure naming its index (a type that has a limit already fails;
    /// update it instead).
    pub fn create<'a>(
        &self,
        limits: &'a [NewAssociationLimit],
    ) -> BatchRequest<'a, AssociationLimit>
    where
        'c: 'a,
    {
        self.write(Family::AssociationLimitsBatchCreate, limits)
    }

    /// Changes the limits types have (a type without one fails; create it instead).
    pub fn update<'a>(
        &self,
        limits: &'a [NewAssociationLimit],
    ) -> BatchRequest<'a, AssociationLimit>
    where
        'c: 'a,
    {
        self.write(Family::AssociationLimitsBatchUpdate, limits)
    }

    fn write<'a>(
        &self,
        family: Family,
        limits: &'a [NewAssociationLimit],
    ) -> BatchRequest<'a, AssociationLimit>
    where
        'c: 'a,
    {
        let this = *self;
        BatchRequest::new(move |mut reporter| async move {
            let this = &this;
            let plan = Plan::all(limits.len());
            run(
                limits.len(),
                plan,
                batch_limit(family),
                &mut reporter,
                |group| async move {
                    let body = Inputs {
                        inputs: group
                            .iter()
                            .map(|&i| LimitInput {
                                category: limits[i].association.category,
                                type_id: limits[i].association.type_id.0,
                                max_to_object_ids: Some(limits[i].max),
                            })
                            .collect(),
                    };
                    let answer = match this.call(family, Some(&body)).await {
                        Ok(a) => a,
                        Err(e) => return whole(group, e),
                    };
                    limits_outcome(&group, limits, &answer).unwrap_or_else(|e| whole(group, e))
                },
            )
            .await
        })
    }

    /// Removes the limits of the given types (types without one are left as they are).
    pub async fn remove(&self, types: &[AssociationType]) -> Result<(), Error> {
        for chunk in types.chunks(batch_limit(Family::AssociationLimitsBatchPurge)) {
            let body = Inputs {
                inputs: chunk
                    .iter()
                    .map(|t| LimitInput {
                        category: t.category,
                        type_id: t.type_id.0,
                        max_to_object_ids: None,
                    })
                    .collect(),
            };
            self.call(Family::AssociationLimitsBatchPurge, Some(&body))
                .await?;
        }
        Ok(())
    }
}

/// The account's association definitions seen whole; see [`Client::associations`].
#[derive(Debug, Clone, Copy)]
pub struct AccountAssociations<'c> {
    client: &'c Client,
}

impl Client {
    /// The account's association definitions: every limit set, and the high-usage report.
    pub fn associations(&self) -> AccountAssociations<'_> {
        AccountAssociations { client: self }
    }
}

impl AccountAssociations<'_> {
    /// Every association type that carries a limit, across all pairs.
    pub async fn limits(&self) -> Result<Vec<AssociationLimit>, Error> {
        limits(
            &self
                .client
                .call(Family::AssociationLimitsListAll, Call::default())
                .await?,
        )
    }

    /// Asks HubSpot for a report of the records at or near their association limits, which
    /// it emails to the user `user_id` (a user ID, as an owner's `user_id`, not an owner ID).
    /// Not repeated on failure: a second request sends a second report.
    pub async fn request_high_usage_report(&self, user_id: u64) -> Result<HighUsageReport, Error> {
        let user = user_id.to_string();
        let params = [(UserId, user.as_str())];
        let answer = self
            .client
            .call(Family::AssociationsHighUsageReport, Call::at(&params))
            .await?;
        high_usage_report(&answer)
    }
}

/// Decoding answers in the shapes HubSpot's reference describes for these families (the
/// examples are written here from those descriptions, the same in every version).
#[cfg(test)]
mod tests {
    use super::*;

    fn answer(family: Family, body: &str) -> Response {
        Response {
            family,
            path: "/test".into(),
            body: bytes::Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn the_v3_types_listing_decodes_with_string_ids() {
        let body = r#"{"results": [{"id": "279", "name": "contact_to_company_unlabeled"},
                                   {"id": "1", "name": "contact_to_company"}]}"#;
        let types = type_definitions(&answer(Family::AssociationTypesList, body)).unwrap();
        assert_eq!(
            types,
            vec![
                AssociationTypeDefinition {
                    type_id: AssociationTypeId(279),
                    name: "contact_to_company_unlabeled".into()
                },
                AssociationTypeDefinition {
                    type_id: AssociationTypeId(1),
                    name: "contact_to_company".into()
                },
            ]
        );
        let bad = r#"{"results": [{"id": "primary", "name": "x"}]}"#;
        let err = type_definitions(&answer(Family::AssociationTypesList, bad)).unwrap_err();
        assert!(
            err.to_string().contains("association type ID `primary`"),
            "{err}"
        );
    }

    #[test]
    fn limit_lists_decode_with_and_without_a_label_or_limit() {
        let body = r#"{"results": [
            {"category": "HUBSPOT_DEFINED", "typeId": 279, "userEnforcedMaxToObjectIds": 2},
            {"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"},
            {"category": "USER_DEFINED", "typeId": 12, "label": "Billing", "userEnforcedMaxToObjectIds": 1}
        ]}"#;
        let got = limits(&answer(Family::AssociationLimitsListAll, body)).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].association.type_id, AssociationTypeId(279));
        assert_eq!(got[0].association.label, None);
        assert_eq!(got[0].max, Some(2));
        assert_eq!(got[1].association.label.as_deref(), Some("Primary"));
        assert_eq!(got[1].max, None, "no limit set");
        assert_eq!(
            got[2].association.category,
            AssociationCategory::UserDefined
        );
        assert_eq!(got[2].max, Some(1));
        // A results list missing is a decode error, not an empty success.
        assert!(limits(&answer(Family::AssociationLimitsListAll, "{}")).is_err());
    }

    #[test]
    fn a_limits_batch_answer_accounts_for_every_input() {
        let chunk = [
            NewAssociationLimit::new(AssociationType::hubspot(AssociationTypeId(279)), 2),
            NewAssociationLimit::new(AssociationType::hubspot(AssociationTypeId(1)), 1),
            NewAssociationLimit::new(AssociationType::hubspot(AssociationTypeId(5)), 3),
        ];
        // Created in 2026-09 (200) or 201 elsewhere: the body is the same. Type 1 is named by
        // an error; type 5 is neither returned nor named.
        let body = r#"{"status": "COMPLETE", "startedAt": "2026-12-01T00:00:00Z",
            "completedAt": "2026-12-01T00:00:01Z",
            "results": [{"category": "HUBSPOT_DEFINED", "typeId": 279, "userEnforcedMaxToObjectIds": 2}],
            "errors": [{"status": "error", "category": "VALIDATION_ERROR", "message": "has a limit",
                        "context": {"typeId": ["1"]}, "errors": [], "links": {}}]}"#;
        let (results, failures) = limits_outcome(
            &[0, 1, 2],
            &chunk,
            &answer(Family::AssociationLimitsBatchCreate, body),
        )
        .expect("a batch answer");
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].0, 0, "matched to its input by type ID");
        assert_eq!(results[0].1.max, Some(2));
        let mut failed: Vec<usize> = failures.iter().flat_map(|f| f.inputs.clone()).collect();
        failed.sort_unstable();
        assert_eq!(failed, vec![1, 2], "every input is a result or a failure");
        assert!(
            failures
                .iter()
                .any(|f| f.inputs == vec![1] && f.error.to_string().contains("has a limit")),
            "{failures:?}"
        );
    }

    #[test]
    fn a_high_usage_report_decodes_its_enqueue_time() {
        let body = r#"{"userEmail": "ops@example.com", "userId": 1234,
            "enqueueTime": {"dateOnly": false, "timeZoneShift": 0, "value": 1764547200000}}"#;
        let report = high_usage_report(&answer(Family::AssociationsHighUsageReport, body)).unwrap();
        assert_eq!(report.user_email, "ops@example.com");
        assert_eq!(report.user_id, 1234);
        assert_eq!(
            report.enqueued_at.map(|t| t.unix_timestamp()),
            Some(1_764_547_200)
        );
        let without = r#"{"userId": 1234}"#;
        assert!(
            high_usage_report(&answer(Family::AssociationsHighUsageReport, without)).is_err(),
            "userEmail is required"
        );
    }
}
