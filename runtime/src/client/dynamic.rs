//! Objects unknown at compile time (custom objects `2-NNN`, or any type by name): the same
//! operations with string properties, so nothing in HubSpot is out of reach.

use std::collections::BTreeMap;

use futures_util::stream::Stream;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::list::paged;
use super::{decode_json, decode_results, Call, Client, Error};

/// A record of an object known only at run time: ID and properties as HubSpot sends them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DynamicRecord {
    /// The record's ID.
    pub id: String,
    /// Property values (`None`: no value).
    #[serde(default)]
    pub properties: BTreeMap<String, Option<String>>,
    /// Creation time, ISO-8601.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last change, ISO-8601.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Archived.
    #[serde(default)]
    pub archived: bool,
}

/// The records of an object type named at run time (`2-1234`, `p123_cars`, `cars`).
#[derive(Debug, Clone, Copy)]
pub struct DynamicObjects<'c> {
    client: &'c Client,
    object_type: &'c str,
}

fn body_of(properties: &BTreeMap<String, Option<String>>) -> Value {
    let map: Map<String, Value> = properties
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone().unwrap_or_default())))
        .collect();
    Value::Object(map)
}

fn record(value: Option<Value>) -> Result<DynamicRecord, Error> {
    decode_json(value, "record")
}

impl Client {
    /// The records of an object type named at run time, with string properties.
    pub fn object<'c>(&'c self, object_type: &'c str) -> DynamicObjects<'c> {
        DynamicObjects {
            client: self,
            object_type,
        }
    }
}

impl<'c> DynamicObjects<'c> {
    /// Creates a record; `None` values are sent empty.
    pub async fn create(
        &self,
        properties: &BTreeMap<String, Option<String>>,
    ) -> Result<DynamicRecord, Error> {
        let params = [("objectType", self.object_type)];
        let body = json!({"properties": body_of(properties), "associations": []});
        record(
            self.client
                .call(
                    "objects_create",
                    Call {
                        params: &params,
                        body: Some(body),
                        ..Call::default()
                    },
                )
                .await?,
        )
    }

    /// Reads a record with the named properties (HubSpot's defaults when empty).
    pub async fn get(&self, id: &str, properties: &[&str]) -> Result<DynamicRecord, Error> {
        let params = [("objectType", self.object_type), ("objectId", id)];
        let query = if properties.is_empty() {
            Vec::new()
        } else {
            vec![("properties", properties.join(","))]
        };
        record(
            self.client
                .call(
                    "objects_get",
                    Call {
                        params: &params,
                        query,
                        body: None,
                        ..Call::default()
                    },
                )
                .await?,
        )
    }

    /// Sets (and, with `None`, clears) the given properties.
    pub async fn update(
        &self,
        id: &str,
        properties: &BTreeMap<String, Option<String>>,
    ) -> Result<DynamicRecord, Error> {
        let params = [("objectType", self.object_type), ("objectId", id)];
        let body = json!({"properties": body_of(properties)});
        record(
            self.client
                .call(
                    "objects_update",
                    Call {
                        params: &params,
                        body: Some(body),
                        ..Call::default()
                    },
                )
                .await?,
        )
    }

    /// Archives a record.
    pub async fn archive(&self, id: &str) -> Result<(), Error> {
        let params = [("objectType", self.object_type), ("objectId", id)];
        self.client
            .call(
                "objects_archive",
                Call {
                    params: &params,
                    ..Call::default()
                },
            )
            .await?;
        Ok(())
    }

    /// Associates a record with a record of `to_type` with HubSpot's default type.
    pub async fn associate(&self, id: &str, to_type: &str, to_id: &str) -> Result<(), Error> {
        let params = [
            ("objectType", self.object_type),
            ("objectId", id),
            ("toObjectType", to_type),
            ("toObjectId", to_id),
        ];
        self.client
            .call(
                "associations_create_default",
                Call {
                    params: &params,
                    ..Call::default()
                },
            )
            .await?;
        Ok(())
    }

    /// Every live record with the named properties, as a stream that pages by itself.
    pub fn list(
        &self,
        properties: &[&str],
    ) -> impl Stream<Item = Result<DynamicRecord, Error>> + 'c {
        let mut query = vec![("limit", "100".to_string())];
        if !properties.is_empty() {
            query.push(("properties", properties.join(",")));
        }
        let params = vec![("objectType", self.object_type.to_string())];
        paged(self.client, "objects_list", params, query, |page| {
            decode_results(Some(page.clone()), "records")
        })
    }

    /// A search with filter groups as HubSpot's JSON (`[{filters: [...]}]`); one page.
    pub async fn search(
        &self,
        filter_groups: Value,
        after: Option<&str>,
    ) -> Result<(u64, Vec<DynamicRecord>, Option<String>), Error> {
        let params = [("objectType", self.object_type)];
        let mut body = json!({"filterGroups": filter_groups, "limit": 100});
        if let Some(a) = after {
            body["after"] = json!(a);
        }
        let page = self
            .client
            .call(
                "objects_search",
                Call {
                    params: &params,
                    body: Some(body),
                    ..Call::default()
                },
            )
            .await?
            .unwrap_or(Value::Null);
        let records: Vec<DynamicRecord> = decode_results(Some(page.clone()), "records")?;
        let next = page
            .pointer("/paging/next/after")
            .and_then(Value::as_str)
            .map(String::from);
        Ok((
            page.get("total").and_then(Value::as_u64).unwrap_or(0),
            records,
            next,
        ))
    }
}
