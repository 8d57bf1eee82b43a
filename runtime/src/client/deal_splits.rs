//! Deal splits: a deal's credit shared among owners, `client.deals().splits()`. The methods
//! exist only for objects that implement [`Splittable`] (deals), so asking for a contact's
//! splits does not compile.
//!
//! HubSpot checks an upsert: each deal's percentages sum to 1 with at most eight decimal
//! places, and the deal's owner is among the split owners; a deal breaking them fails its
//! whole request, so the client isolates it (as for record batches) and the other deals of
//! its chunk are written.

use std::fmt;
use std::marker::PhantomData;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use super::batch::{
    batch_limit, by_key, exact, isolating, refuse_duplicates, run, suspects, BatchAnswer,
    BatchFailure, BatchOutcome, Part,
};
use super::{Call, Client, Error, Objects, Response};
use crate::bulk::{BatchRequest, Reporter};
use crate::endpoints::Family;
use crate::id::Id;
use crate::object::{CrmObject, Splittable};
use crate::property::PropertyValue;

/// One owner's share of a deal, as HubSpot returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealSplit {
    /// The split's own ID.
    pub id: String,
    /// The owner credited: an owner ID, as `hubspot_owner_id` holds it.
    pub owner_id: String,
    /// The owner's share of the deal, a fraction of 1 (`0.5` for half).
    pub percentage: Decimal,
    /// When the split was created, when HubSpot says.
    pub created_at: Option<OffsetDateTime>,
    /// When it last changed, when HubSpot says.
    pub updated_at: Option<OffsetDateTime>,
}

/// A deal's splits.
pub struct Splits<O> {
    /// The deal.
    pub deal: Id<O>,
    /// Its splits (empty for a deal not split).
    pub splits: Vec<DealSplit>,
}

impl<O> Clone for Splits<O> {
    fn clone(&self) -> Self {
        Splits {
            deal: self.deal.clone(),
            splits: self.splits.clone(),
        }
    }
}

impl<O> fmt::Debug for Splits<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Splits")
            .field("deal", &self.deal)
            .field("splits", &self.splits)
            .finish()
    }
}

/// A share to give an owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDealSplit {
    /// The owner: an owner ID (what `hubspot_owner_id` holds).
    pub owner_id: String,
    /// The share, a fraction of 1 with at most eight decimal places.
    pub percentage: Decimal,
}

impl NewDealSplit {
    /// A share of `percentage` (a fraction of 1) for owner `owner_id`.
    pub fn new(owner_id: impl Into<String>, percentage: Decimal) -> Self {
        NewDealSplit {
            owner_id: owner_id.into(),
            percentage,
        }
    }
}

/// `{id, splits}` of an answer.
#[derive(Deserialize)]
struct WireDeal {
    id: Value,
    #[serde(default)]
    splits: Vec<WireSplit>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSplit {
    id: Value,
    #[serde(default)]
    properties: std::collections::BTreeMap<String, Option<String>>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn time(what: &str, raw: Option<String>) -> Result<Option<OffsetDateTime>, String> {
    match raw.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => OffsetDateTime::from_wire(&s)
            .map(Some)
            .map_err(|e| format!("{what} `{s}`: {e}")),
    }
}

impl TryFrom<WireSplit> for DealSplit {
    type Error = String;

    fn try_from(w: WireSplit) -> Result<Self, String> {
        let property = |name: &str| w.properties.get(name).cloned().flatten();
        let owner_id = property("hubspot_owner_id").unwrap_or_default();
        let share = property("hs_deal_split_percentage").unwrap_or_default();
        let percentage = Decimal::from_wire(&share)
            .map_err(|e| format!("hs_deal_split_percentage `{share}`: {e}"))?;
        Ok(DealSplit {
            id: text(&w.id),
            owner_id,
            percentage,
            created_at: time("split createdAt", w.created_at)?,
            updated_at: time("split updatedAt", w.updated_at)?,
        })
    }
}

/// `{inputs: [...]}`.
#[derive(Serialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

/// `{id}` of a read.
#[derive(Serialize)]
struct IdInput {
    id: String,
}

/// `{id, splits: [{ownerId, percentage}]}` of an upsert: IDs as numbers, as HubSpot's
/// reference types them.
#[derive(Serialize)]
struct UpsertInput {
    id: Value,
    splits: Vec<SplitInput>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SplitInput {
    owner_id: Value,
    percentage: Value,
}

/// A whole-number ID as a JSON number, or what it is as text when it is not one.
fn number_id(id: &str) -> Value {
    id.parse::<u64>()
        .map_or_else(|_| Value::String(id.to_string()), Value::from)
}

/// A decimal as a JSON number (HubSpot takes the share as a number).
fn number(d: Decimal) -> Result<Value, Error> {
    d.normalize()
        .to_string()
        .parse::<serde_json::Number>()
        .map(Value::Number)
        .map_err(|e| Error::InvalidRequest(format!("percentage {d}: {e}")))
}

/// The splits of object `O`'s records; see [`Objects::splits`].
pub struct DealSplits<'c, O> {
    client: &'c Client,
    object: PhantomData<fn() -> O>,
}

impl<O> Clone for DealSplits<'_, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O> Copy for DealSplits<'_, O> {}

impl<O> fmt::Debug for DealSplits<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let full = std::any::type_name::<O>();
        write!(
            f,
            "DealSplits<{}>",
            full.rsplit("::").next().unwrap_or(full)
        )
    }
}

impl<'c, O: CrmObject> Objects<'c, O> {
    /// The records' splits: their credit shared among owners.
    ///
    /// ```no_run
    /// # async fn demo<O: hubspot_crm_runtime::Splittable>(
    /// #     deals: hubspot_crm_runtime::Objects<'_, O>,
    /// #     deal: hubspot_crm_runtime::Id<O>,
    /// # ) {
    /// use hubspot_crm_runtime::client::NewDealSplit;
    /// use hubspot_crm_runtime::Decimal;
    /// let half = Decimal::new(5, 1);
    /// let outcome = deals
    ///     .splits()
    ///     .upsert(vec![(deal, vec![NewDealSplit::new("101", half), NewDealSplit::new("102", half)])])
    ///     .await;
    /// assert!(outcome.is_complete());
    /// # }
    /// ```
    pub fn splits(&self) -> DealSplits<'c, O>
    where
        O: Splittable,
    {
        DealSplits {
            client: self.client,
            object: PhantomData,
        }
    }
}

/// Decodes a group's answer into its deals' splits and the inputs that failed, matched by
/// deal ID (`ids` by input index); a split that does not decode fails its deal.
fn outcome<O>(
    group: &[usize],
    ids: &[String],
    answer: &Response,
) -> Result<Part<Splits<O>>, Error> {
    let parsed: BatchAnswer<WireDeal> = answer.json()?;
    let decoded = parsed.results.into_iter().map(|deal| {
        let id = text(&deal.id);
        let splits: Result<Vec<DealSplit>, String> =
            deal.splits.into_iter().map(DealSplit::try_from).collect();
        let deal = splits.map(|splits| Splits {
            deal: Id::new(id.clone()),
            splits,
        });
        (id, deal)
    });
    let key = |i: usize| ids[i].clone();
    let (answered, mut failures) =
        by_key(group, key, decoded.collect(), &parsed.errors, "ids", answer);
    let mut results = Vec::with_capacity(answered.len());
    for (i, deal) in answered {
        match deal {
            Ok(splits) => results.push((i, splits)),
            Err(e) => failures.push(BatchFailure::new(vec![i], answer.undecodable(e))),
        }
    }
    Ok((results, failures))
}

impl<'c, O: Splittable> DealSplits<'c, O> {
    /// Runs a deal splits family over `total` deals (`ids` by input index), isolating the
    /// deals HubSpot refuses a chunk for; `body(group)` is a group's request.
    async fn batch<B: Serialize>(
        &self,
        family: Family,
        ids: &[String],
        reporter: &mut Reporter<'_>,
        body: impl Fn(&[usize]) -> Result<B, Error> + Sync,
    ) -> BatchOutcome<Splits<O>> {
        let body = &body;
        let plan = refuse_duplicates(ids.iter().map(String::as_str).enumerate(), exact, "deal");
        let clues = |i: usize, _: &[String]| vec![ids[i].clone()];
        let hint = |e: &Error, g: &[usize]| suspects(e, g, clues);
        let hint = &hint;
        run(
            ids.len(),
            plan,
            batch_limit(family),
            reporter,
            |group| async move {
                let send = |g: Vec<usize>| async move {
                    let call = Call::default().json(&body(&g)?)?;
                    let answer = self.client.call(family, call).await?;
                    outcome(&g, ids, &answer)
                };
                isolating(group, send, hint).await
            },
        )
        .await
    }

    /// The splits of the given deals (a deal not split has none). Every deal ends up in the
    /// results (once, with the index of its input) or in a failure naming its index.
    pub fn read<'a>(&self, deals: &'a [Id<O>]) -> BatchRequest<'a, Splits<O>>
    where
        'c: 'a,
    {
        let this = *self;
        BatchRequest::new(move |mut reporter| async move {
            let ids: Vec<String> = deals.iter().map(|d| d.as_str().to_string()).collect();
            let body = |g: &[usize]| {
                Ok(Inputs {
                    inputs: g.iter().map(|&i| IdInput { id: ids[i].clone() }).collect(),
                })
            };
            this.batch(Family::DealSplitsBatchRead, &ids, &mut reporter, body)
                .await
        })
    }

    /// Gives each deal these splits, replacing the ones it has. Each result carries the index
    /// of its input; a deal HubSpot refuses (shares not summing to 1, its owner left out)
    /// fails alone, and the others are written.
    pub fn upsert(&self, deals: Vec<(Id<O>, Vec<NewDealSplit>)>) -> BatchRequest<'c, Splits<O>> {
        let this = *self;
        BatchRequest::new(move |mut reporter| async move {
            let ids: Vec<String> = deals.iter().map(|(d, _)| d.as_str().to_string()).collect();
            let body = |g: &[usize]| {
                let inputs = g
                    .iter()
                    .map(|&i| {
                        let (deal, splits) = &deals[i];
                        Ok(UpsertInput {
                            id: number_id(deal.as_str()),
                            splits: splits
                                .iter()
                                .map(|s| {
                                    Ok(SplitInput {
                                        owner_id: number_id(&s.owner_id),
                                        percentage: number(s.percentage)?,
                                    })
                                })
                                .collect::<Result<_, Error>>()?,
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                Ok(Inputs { inputs })
            };
            this.batch(Family::DealSplitsBatchUpsert, &ids, &mut reporter, body)
                .await
        })
    }
}

/// Decoding deal splits answers in the shape HubSpot's reference describes (the same in
/// every version: `{status, results: [{id, splits: [SimplePublicObject]}], errors?}`).
#[cfg(test)]
mod tests {
    use super::*;

    struct Deal;

    fn answer(body: &str) -> super::super::Response {
        super::super::Response {
            family: Family::DealSplitsBatchRead,
            path: "/test".into(),
            body: bytes::Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn a_batch_answer_decodes_splits_and_accounts_for_every_deal() {
        let ids: Vec<String> = ["11", "12", "13"].map(String::from).to_vec();
        let body = r#"{"status": "COMPLETE", "startedAt": "2026-12-01T00:00:00Z",
            "completedAt": "2026-12-01T00:00:01Z",
            "results": [
              {"id": "11", "splits": [
                {"id": "901", "archived": false, "createdAt": "2026-11-30T10:00:00.000Z",
                 "updatedAt": "2026-11-30T11:00:00.000Z",
                 "properties": {"hubspot_owner_id": "77", "hs_deal_split_percentage": "0.6"}},
                {"id": "902", "archived": false, "createdAt": "2026-11-30T10:00:00.000Z",
                 "updatedAt": "2026-11-30T10:00:00.000Z",
                 "properties": {"hubspot_owner_id": "78", "hs_deal_split_percentage": "0.4"}}]},
              {"id": "12", "splits": []}],
            "errors": [{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "no deal 13",
                        "context": {"ids": ["13"]}, "errors": [], "links": {}}]}"#;
        let (results, failures) =
            outcome::<Deal>(&[0, 1, 2], &ids, &answer(body)).expect("decodes");
        assert_eq!(results.len(), 2);
        let results: Vec<Splits<Deal>> = results.into_iter().map(|(_, s)| s).collect();
        assert_eq!(results[0].deal.as_str(), "11");
        let shares: Vec<(&str, String)> = results[0]
            .splits
            .iter()
            .map(|s| (s.owner_id.as_str(), s.percentage.to_string()))
            .collect();
        assert_eq!(shares, vec![("77", "0.6".into()), ("78", "0.4".into())]);
        assert_eq!(results[0].splits[0].id, "901");
        assert!(results[0].splits[0].updated_at > results[0].splits[0].created_at);
        assert!(results[1].splits.is_empty(), "a deal not split has none");
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].inputs, vec![2]);
        assert!(failures[0].error.to_string().contains("no deal 13"));
    }

    #[test]
    fn a_share_that_is_not_a_number_fails_its_deal_instead_of_reading_as_zero() {
        let ids = vec!["11".to_string()];
        let body = r#"{"status": "COMPLETE", "results": [{"id": "11", "splits": [
            {"id": "901", "properties": {"hubspot_owner_id": "77", "hs_deal_split_percentage": "lots"}}]}]}"#;
        let (results, failures) =
            outcome::<Deal>(&[0], &ids, &answer(body)).expect("a batch answer");
        assert!(results.is_empty());
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].inputs, vec![0]);
        assert!(
            failures[0]
                .error
                .to_string()
                .contains("hs_deal_split_percentage `lots`"),
            "{}",
            failures[0].error
        );
    }
}
