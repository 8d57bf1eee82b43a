//! Associations in bulk and the account's association labels.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::associations::{Association, AssociationType, WireAssociation};
use super::batch::{
    batch_limit, context_list, exact, isolating, item_error, map_results, refuse_duplicates, run,
    suspects, whole, BatchAnswer, BatchFailure, BatchOutcome, Part, Plan,
};
use super::error::sub_categories;
use super::wire::Wire;
use super::{json_body, Error, Objects, Response};
use crate::bulk::{BatchRequest, Reporter};
use crate::endpoints::Family;
use crate::id::{id_text, Id};
use crate::object::{Associates, CrmObject};

/// A pair of records to link or unlink.
pub type Pair<O, T> = (Id<O>, Id<T>);

impl<'c, O: CrmObject> Objects<'c, O> {
    /// Sends `body` to the pair family `family` of `O` and `T`.
    async fn pair_call<T: CrmObject>(
        &self,
        family: Family,
        body: &impl Serialize,
    ) -> Result<Response, Error> {
        self.wire()
            .pair(family, T::path_segment(), None, Some(json_body(body)?))
            .await
    }

    /// Sends the pairs `group` of `pairs` to `family` (each input made by `input`) and sorts
    /// the answer by input: each 207 error takes the inputs whose records it names in
    /// `context.ids`; errors naming no input fail the group, as HubSpot did not say which
    /// failed.
    async fn pairs_group<'p, T: CrmObject, I: Serialize>(
        &self,
        family: Family,
        group: &[usize],
        pairs: &'p [Pair<O, T>],
        input: impl Fn(&'p Pair<O, T>) -> I,
    ) -> Result<Part<Pair<O, T>>, Error> {
        let body = Inputs {
            inputs: group.iter().map(|&i| input(&pairs[i])).collect(),
        };
        let answer = self.pair_call::<T>(family, &body).await?;
        // A 204 carries no body: nothing failed.
        let errors = if answer.body.is_empty() {
            Vec::new()
        } else {
            answer.json::<ErrorsOnly>()?.errors
        };
        let mut open: Vec<usize> = group.to_vec();
        let mut failures = Vec::new();
        for e in &errors {
            let named = context_list(e, "ids");
            let (hit, rest): (Vec<usize>, Vec<usize>) = open.into_iter().partition(|&i| {
                let (f, t) = &pairs[i];
                named.contains(f.as_str()) || named.contains(t.as_str())
            });
            open = rest;
            if !hit.is_empty() {
                failures.push(BatchFailure::new(hit, item_error(e, &answer)));
            }
        }
        if let (Some(first), true) = (errors.first(), failures.is_empty()) {
            return Ok(whole(group.to_vec(), item_error(first, &answer)));
        }
        let ok = open.into_iter().map(|i| (i, pairs[i].clone())).collect();
        Ok((ok, failures))
    }

    /// Runs a pair family over `pairs`, isolating pairs HubSpot refuses a chunk for.
    async fn pairs_batch<'p, T: CrmObject, I: Serialize>(
        &self,
        family: Family,
        pairs: &'p [Pair<O, T>],
        reporter: &mut Reporter<'_>,
        input: impl Fn(&'p Pair<O, T>) -> I + Sync,
    ) -> BatchOutcome<Pair<O, T>> {
        let input = &input;
        let clues = |i: usize, _: &[String]| {
            let (f, t) = &pairs[i];
            vec![f.as_str().to_string(), t.as_str().to_string()]
        };
        let hint = |e: &Error, g: &[usize]| suspects(e, g, clues);
        let hint = &hint;
        let plan = Plan::all(pairs.len());
        run(
            pairs.len(),
            plan,
            batch_limit(family),
            reporter,
            |group| async move {
                let send =
                    |g: Vec<usize>| async move { self.pairs_group(family, &g, pairs, input).await };
                isolating(group, send, hint).await
            },
        )
        .await
    }

    /// Links any number of pairs with HubSpot's default type. Each result is a pair linked,
    /// with its index in `pairs`.
    pub fn batch_associate<'a, T: CrmObject>(
        &self,
        pairs: &'a [Pair<O, T>],
    ) -> BatchRequest<'a, Pair<O, T>>
    where
        O: Associates<T>,
        'c: 'a,
    {
        let objects = *self;
        BatchRequest::new(move |mut reporter| async move {
            let family = Family::AssociationsBatchCreateDefault;
            objects
                .pairs_batch(family, pairs, &mut reporter, |(f, t)| Link {
                    from: IdRef { id: f.as_str() },
                    to: IdRef { id: t.as_str() },
                })
                .await
        })
    }

    /// Removes every association of any number of pairs. Each result is a pair unlinked,
    /// with its index in `pairs`.
    pub fn batch_disassociate<'a, T: CrmObject>(
        &self,
        pairs: &'a [Pair<O, T>],
    ) -> BatchRequest<'a, Pair<O, T>>
    where
        O: Associates<T>,
        'c: 'a,
    {
        let objects = *self;
        BatchRequest::new(move |mut reporter| async move {
            let family = Family::AssociationsBatchArchive;
            objects
                .pairs_batch(family, pairs, &mut reporter, |(f, t)| Unlink {
                    from: IdRef { id: f.as_str() },
                    to: [IdRef { id: t.as_str() }],
                })
                .await
        })
    }

    /// The associations to records of `T` of any number of records: every one of each
    /// record's, following HubSpot's paging cursor per record (it answers a page of 500 at a
    /// time). Each result is a record's ID and its associations, with the index of the ID in
    /// `ids`. A record with none comes back with an empty list (HubSpot reports it as
    /// `NO_ASSOCIATIONS_FOUND`, and reports a record that does not exist the same way). An
    /// ID given twice is read once; its later inputs fail ([`BatchFailure::duplicate`]).
    pub fn batch_associations<'a, T: CrmObject>(
        &self,
        ids: &'a [Id<O>],
    ) -> BatchRequest<'a, (Id<O>, Vec<Association<T>>)>
    where
        O: Associates<T>,
        'c: 'a,
    {
        let wire = self.wire();
        BatchRequest::new(move |mut reporter| async move {
            let raw: Vec<&str> = ids.iter().map(Id::as_str).collect();
            let out = wire
                .batch_association_read(
                    &raw,
                    T::path_segment(),
                    WireAssociation::typed,
                    &mut reporter,
                )
                .await;
            map_results(out, |i, list| (ids[i].clone(), list))
        })
    }

    /// Creates an account label from `O` to `T` (and its inverse); returns the types created.
    pub async fn create_association_label<T: CrmObject>(
        &self,
        label: &str,
        name: &str,
        inverse_label: Option<&str>,
    ) -> Result<Vec<AssociationType>, Error>
    where
        O: Associates<T>,
    {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            label: &'a str,
            name: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            inverse_label: Option<&'a str>,
        }
        let body = Body {
            label,
            name,
            inverse_label,
        };
        self.pair_call::<T>(Family::AssociationLabelsCreate, &body)
            .await?;
        let all = self.association_types::<T>().await?;
        Ok(all
            .into_iter()
            .filter(|t| t.label.as_deref() == Some(label))
            .collect())
    }

    /// Renames an account label (and, if given, its inverse).
    pub async fn rename_association_label<T: CrmObject>(
        &self,
        type_id: u32,
        label: &str,
        inverse_label: Option<&str>,
    ) -> Result<(), Error>
    where
        O: Associates<T>,
    {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            association_type_id: u32,
            label: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            inverse_label: Option<&'a str>,
        }
        let body = Body {
            association_type_id: type_id,
            label,
            inverse_label,
        };
        self.pair_call::<T>(Family::AssociationLabelsUpdate, &body)
            .await?;
        Ok(())
    }

    /// Deletes an account label and every association using it.
    pub async fn delete_association_label<T: CrmObject>(&self, type_id: u32) -> Result<(), Error>
    where
        O: Associates<T>,
    {
        let id = type_id.to_string();
        self.wire()
            .pair(
                Family::AssociationLabelsDelete,
                T::path_segment(),
                Some(&id),
                None,
            )
            .await?;
        Ok(())
    }
}

/// `{inputs: [...]}`.
#[derive(Serialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

/// `{id}`.
#[derive(Serialize)]
struct IdRef<'a> {
    id: &'a str,
}

/// `{id, after?}`: a record whose associations to read, from the cursor `after`.
#[derive(Serialize)]
struct ReadInput<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<&'a str>,
}

/// `{from: {id}, to: {id}}`: a pair to link.
#[derive(Serialize)]
struct Link<'a> {
    from: IdRef<'a>,
    to: IdRef<'a>,
}

/// `{from: {id}, to: [{id}]}`: a pair to unlink.
#[derive(Serialize)]
struct Unlink<'a> {
    from: IdRef<'a>,
    to: [IdRef<'a>; 1],
}

/// Only the `errors` of a batch answer.
#[derive(Deserialize)]
struct ErrorsOnly {
    #[serde(default)]
    errors: Vec<Value>,
}

/// `{from: {id}, to: [...], paging?}`: a page of one record's associations in a batch read.
#[derive(Deserialize)]
struct ReadResult {
    from: FromId,
    #[serde(default)]
    to: Vec<WireAssociation>,
    #[serde(default)]
    paging: Option<super::wire::PagingWire>,
}

impl ReadResult {
    /// The cursor of the record's next page, if it has more.
    fn next(&self) -> Option<&str> {
        self.paging
            .as_ref()
            .and_then(|p| p.next.as_ref())
            .map(|n| n.after.as_str())
    }
}

/// `{id}`, a string (or a number, read as its text).
#[derive(Deserialize)]
struct FromId {
    #[serde(deserialize_with = "id_text")]
    id: String,
}

/// What became of one record in one page's answer.
enum Page<T> {
    /// Its associations on the page, and the cursor of its next page.
    Found(Vec<T>, Option<String>),
    /// It has no (more) associations.
    Empty,
    /// It failed.
    Failed(Error),
}

/// The entry of `record` in one page's answer.
fn page_of<T>(
    found: &mut HashMap<String, (Vec<T>, Option<String>)>,
    errors: &[Value],
    record: &str,
    answer: &Response,
) -> Page<T> {
    if let Some((list, next)) = found.remove(record) {
        return Page::Found(list, next);
    }
    // Association errors name the record in `context.fromObjectId`; others in `ids`.
    let error = errors.iter().find(|e| {
        ["fromObjectId", "ids"]
            .iter()
            .any(|key| context_list(e, key).contains(record))
    });
    let none_found =
        error.is_some_and(|e| sub_categories(e).any(|s| s.ends_with("NO_ASSOCIATIONS_FOUND")));
    match error {
        Some(_) if none_found => Page::Empty,
        Some(e) => Page::Failed(item_error(e, answer)),
        None if errors.is_empty() => Page::Empty,
        None => Page::Failed(item_error(&errors[0], answer)),
    }
}

impl Wire<'_> {
    /// Reads one page of the records `inputs` (index, cursor) of `ids`.
    async fn association_page<T>(
        &self,
        ids: &[&str],
        to_type: &str,
        inputs: &[(usize, Option<String>)],
        each: fn(WireAssociation) -> T,
    ) -> Result<
        (
            HashMap<String, (Vec<T>, Option<String>)>,
            Vec<Value>,
            Response,
        ),
        Error,
    > {
        let body = Inputs {
            inputs: inputs
                .iter()
                .map(|(i, after)| ReadInput {
                    id: ids[*i],
                    after: after.as_deref(),
                })
                .collect(),
        };
        let answer = self
            .pair(
                Family::AssociationsBatchRead,
                to_type,
                None,
                Some(json_body(&body)?),
            )
            .await?;
        let decoded: BatchAnswer<ReadResult> = answer.json()?;
        let found = decoded
            .results
            .into_iter()
            .map(|r| {
                let next = r.next().map(String::from);
                (r.from.id, (r.to.into_iter().map(each).collect(), next))
            })
            .collect();
        Ok((found, decoded.errors, answer))
    }

    /// Every association to records of `to_type` of the records `group` of `ids`: the first
    /// page of each, then the next pages of those with more (their cursors sent beside their
    /// IDs), until none has more. The error of the first request if HubSpot refused it; a
    /// later page's failure fails its records alone.
    async fn association_group<T>(
        &self,
        ids: &[&str],
        to_type: &str,
        group: &[usize],
        each: fn(WireAssociation) -> T,
    ) -> Result<Part<Vec<T>>, Error> {
        let mut lists: HashMap<usize, Vec<T>> = HashMap::new();
        let mut failures = Vec::new();
        let mut cursors: HashSet<(usize, String)> = HashSet::new();
        let mut pending: Vec<(usize, Option<String>)> = group.iter().map(|&i| (i, None)).collect();
        let mut first = true;
        while !pending.is_empty() {
            let page = self.association_page(ids, to_type, &pending, each).await;
            let (mut found, errors, answer) = match page {
                Ok(p) => p,
                Err(e) if first => return Err(e),
                Err(e) => {
                    let inputs: Vec<usize> = pending.iter().map(|(i, _)| *i).collect();
                    for i in &inputs {
                        lists.remove(i);
                    }
                    failures.push(BatchFailure::new(inputs, e));
                    break;
                }
            };
            first = false;
            let mut next_pending = Vec::new();
            for (i, after) in std::mem::take(&mut pending) {
                match page_of(&mut found, &errors, ids[i], &answer) {
                    Page::Found(list, next) => {
                        lists.entry(i).or_default().extend(list);
                        match next {
                            None => {}
                            Some(next)
                                if after.as_deref() == Some(&next)
                                    || !cursors.insert((i, next.clone())) =>
                            {
                                lists.remove(&i);
                                let message = format!(
                                    "HubSpot answered the cursor `{next}` of record {} again",
                                    ids[i]
                                );
                                failures
                                    .push(BatchFailure::new(vec![i], answer.undecodable(message)));
                            }
                            Some(next) => next_pending.push((i, Some(next))),
                        }
                    }
                    // A record whose later page finds none has no more.
                    Page::Empty => {
                        lists.entry(i).or_default();
                    }
                    Page::Failed(e) => {
                        lists.remove(&i);
                        failures.push(BatchFailure::new(vec![i], e));
                    }
                }
            }
            pending = next_pending;
        }
        let mut results: Vec<(usize, Vec<T>)> = lists.into_iter().collect();
        results.sort_by_key(|(i, _)| *i);
        Ok((results, failures))
    }

    /// The associations to records of `to_type` of records `ids`, each turned into a `T` by
    /// `each`, by the index of its record in `ids`: every page of each (see
    /// [`Wire::association_group`]). A record with none comes back with an empty list
    /// (HubSpot reports it as `NO_ASSOCIATIONS_FOUND`, and reports a record that does not
    /// exist the same way).
    pub(super) async fn batch_association_read<T>(
        &self,
        ids: &[&str],
        to_type: &str,
        each: fn(WireAssociation) -> T,
        reporter: &mut Reporter<'_>,
    ) -> BatchOutcome<Vec<T>> {
        let family = Family::AssociationsBatchRead;
        let plan = refuse_duplicates(ids.iter().copied().enumerate(), exact, "ID");
        let clues = |i: usize, _: &[String]| vec![ids[i].to_string()];
        let hint = |e: &Error, g: &[usize]| suspects(e, g, clues);
        let hint = &hint;
        run(
            ids.len(),
            plan,
            batch_limit(family),
            reporter,
            |group| async move {
                let send = |g: Vec<usize>| async move {
                    self.association_group(ids, to_type, &g, each).await
                };
                isolating(group, send, hint).await
            },
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records of a batch read answer: (from ID, [to IDs]).
    fn read(body: &str) -> Vec<(String, Vec<String>)> {
        let answer: BatchAnswer<ReadResult> =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
        answer
            .results
            .into_iter()
            .map(|r| {
                let to = r.to.into_iter().map(|a| a.untyped().to).collect();
                (r.from.id, to)
            })
            .collect()
    }

    #[test]
    fn batch_reads_decode_legacy_numbers_and_dated_strings_alike() {
        let legacy = r#"{"status": "COMPLETE", "results": [{"from": {"id": "101"},
            "to": [{"toObjectId": 201, "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 1}]}]}],
            "startedAt": "2026-01-01T00:00:00Z", "completedAt": "2026-01-01T00:00:00Z"}"#;
        let dated = r#"{"status": "COMPLETE", "results": [{"from": {"id": "101"},
            "to": [{"toObjectId": "201", "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 1}]}]}],
            "startedAt": "2026-01-01T00:00:00Z", "completedAt": "2026-01-01T00:00:00Z"}"#;
        let want = vec![("101".to_string(), vec!["201".to_string()])];
        assert_eq!(read(legacy), want);
        assert_eq!(read(dated), want);
        // `from.id` is a string in every description; a number still reads.
        assert_eq!(read(&dated.replace(r#""id": "101""#, r#""id": 101"#)), want);
    }
}
