//! The untyped wire layer of the record families: HubSpot's request shapes (paths, queries,
//! bodies) for an object type named by its path segment, with properties as strings.
//!
//! It is the one place these requests are built. [`Objects`](super::Objects) encodes typed
//! properties, calls it and decodes typed records; [`DynamicObjects`](super::DynamicObjects)
//! passes strings through it. Answers come back raw ([`Response`]) for the caller to decode
//! into whatever type it wants, straight from the bytes.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde::Deserialize;
use serde_json::Value;

use super::batch::{batch_limit, item_error, BatchAnswer};
use super::{json_body, max_url_chars, AssociationCategory, Call, Client, Error, Response};
use crate::endpoints::Family;
use crate::metadata::ObjectInfo;
use crate::object::CrmObject;
use crate::property::WireProperties;
use crate::record::{Record, WireRecord};
use crate::vocab::PathParam::{
    self, AssociationTypeId, ObjectId, ObjectType, ToObjectId, ToObjectType,
};

/// A `properties` object as HubSpot takes it: every value a string, `None` sent as `""`
/// (which clears the property).
pub(crate) struct Props<'a>(pub(crate) &'a WireProperties);

impl Serialize for Props<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, value.as_deref().unwrap_or(""))?;
        }
        map.end()
    }
}

/// `{associationCategory, associationTypeId}`: one type of an association to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TypeSpec {
    pub(crate) association_category: AssociationCategory,
    pub(crate) association_type_id: u32,
}

/// An association made with a new record: `{to: {id}, types: [...]}`.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct NewLink {
    pub(crate) to: IdRef,
    pub(crate) types: Vec<TypeSpec>,
}

/// `{id}`.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct IdRef {
    pub(crate) id: String,
}

/// A query as sent: names and values.
type Query = Vec<(&'static str, String)>;

/// An association type a read asks for: the key the caller gave (sent to HubSpot, and the key
/// its list is filed under in the record) and other names HubSpot may answer with for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Asked {
    pub(crate) key: String,
    pub(crate) aliases: Vec<&'static str>,
}

impl Asked {
    /// A type named at run time (`companies`, `0-2`, `2-123`, `p123_pets`): no other name of
    /// it is known in advance.
    pub(crate) fn named(key: impl Into<String>) -> Self {
        Asked {
            key: key.into(),
            aliases: Vec::new(),
        }
    }

    /// An object the tables know: filed under its API name (`companies`), which HubSpot may
    /// also answer with as its type ID or its singular or plural name.
    pub(crate) fn object(info: &'static ObjectInfo) -> Self {
        let mut aliases = vec![info.singular, info.plural];
        aliases.extend(info.type_id);
        Asked {
            key: info.name.to_string(),
            aliases,
        }
    }

    /// Whether HubSpot's key `name` certainly names this type.
    fn answers_to(&self, name: &str) -> bool {
        self.key.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }

    /// Whether `other` certainly asks for the same type (`0-2` and the typed companies):
    /// HubSpot answers once for both, and the list is filed under both keys.
    fn same_type(&self, other: &Asked) -> bool {
        self.answers_to(&other.key) || other.answers_to(&self.key)
    }
}

/// What a read returns: the properties to ask for (none: HubSpot's defaults), the association
/// types whose associated IDs to include, and whether it reads archived records.
#[derive(Debug, Default, Clone)]
pub(crate) struct ReadOptions {
    pub(crate) properties: Vec<String>,
    pub(crate) associations: Vec<Asked>,
    pub(crate) archived: bool,
}

impl ReadOptions {
    /// `known` (every property the typed properties know), then `extra`, each name once.
    pub(crate) fn with_properties<S: Into<String>>(
        known: &[&str],
        extra: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut read = ReadOptions::default();
        read.add_properties(known.iter().copied());
        read.add_properties(extra);
        read
    }

    /// Adds property names not asked for yet.
    pub(crate) fn add_properties<S: Into<String>>(&mut self, names: impl IntoIterator<Item = S>) {
        for name in names {
            let name = name.into();
            if !self.properties.contains(&name) {
                self.properties.push(name);
            }
        }
    }

    /// Adds an association type not asked for yet.
    pub(crate) fn add_association(&mut self, asked: Asked) {
        if !self.associations.iter().any(|a| a.key == asked.key) {
            self.associations.push(asked);
        }
    }

    fn associations_query(&self) -> Option<(&'static str, String)> {
        let keys: Vec<&str> = self.associations.iter().map(|a| a.key.as_str()).collect();
        (!keys.is_empty()).then(|| ("associations", keys.join(",")))
    }
}

/// Which of HubSpot's association keys names which type asked for (an index into
/// [`ReadOptions::associations`]), learned while reading and kept for a whole listing.
#[derive(Debug, Default)]
pub(crate) struct Filing {
    learned: BTreeMap<String, usize>,
}

/// Records read, the cursor of the next page (listings), and the answer they came in, which
/// names the family and path in decode errors.
#[derive(Debug)]
pub(crate) struct Records {
    pub(crate) records: Vec<WireRecord>,
    pub(crate) next: Option<String>,
    pub(crate) answer: Response,
}

impl Records {
    /// The records typed as `O`; a value that does not fit is an [`Error::Decode`].
    pub(crate) fn typed<O: CrmObject>(self) -> Result<Vec<Record<O>>, Error> {
        let Records {
            records, answer, ..
        } = self;
        records
            .into_iter()
            .map(|w| Record::try_from(w).map_err(|e| answer.undecodable(e.to_string())))
            .collect()
    }

    /// The one record of a single read, typed as `O`.
    pub(crate) fn one<O: CrmObject>(self) -> Result<Record<O>, Error> {
        let answer = self.answer.clone();
        self.typed()?
            .pop()
            .ok_or_else(|| answer.undecodable("no record in the answer"))
    }
}

/// The length of `s` in a URL query (`application/x-www-form-urlencoded`, as sent): ASCII
/// letters, digits, `*-._` and space (`+`) take one character, every other byte three.
fn query_len(s: &str) -> usize {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"*-._ ".contains(&b) {
                1
            } else {
                3
            }
        })
        .sum()
}

/// A page of a listing: `{results, paging: {next: {after}}}`. `results` must be there: an
/// answer without it is a decode error, not an empty page.
#[derive(Debug, Deserialize)]
pub(crate) struct Page<T> {
    pub(crate) results: Vec<T>,
    #[serde(default)]
    pub(crate) paging: Option<PagingWire>,
}

/// `paging` of a page.
#[derive(Debug, Deserialize)]
pub(crate) struct PagingWire {
    #[serde(default)]
    pub(crate) next: Option<NextWire>,
}

/// `paging.next`.
#[derive(Debug, Deserialize)]
pub(crate) struct NextWire {
    pub(crate) after: String,
}

impl<T> Page<T> {
    /// The cursor of the next page, if any.
    pub(crate) fn next(&self) -> Option<&str> {
        self.paging
            .as_ref()
            .and_then(|p| p.next.as_ref())
            .map(|n| n.after.as_str())
    }
}

/// The body of a search: filter groups as HubSpot's JSON (`[{filters: [...]}]`; typed
/// searches build them from typed filters), sorts, properties, page size, text, cursor.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SearchBody<'a> {
    pub(crate) filter_groups: serde_json::Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) sorts: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) properties: Vec<&'a str>,
    pub(crate) limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) query: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) after: Option<&'a str>,
}

/// A search answer: `{total, results, paging}`. `total` and `results` must be there: an
/// answer without them is a decode error, not an empty page.
#[derive(Debug, Deserialize)]
pub(crate) struct SearchAnswer<T> {
    pub(crate) total: u64,
    pub(crate) results: Vec<T>,
    #[serde(default)]
    pub(crate) paging: Option<PagingWire>,
}

impl<T> SearchAnswer<T> {
    /// The cursor of the next page, if any.
    pub(crate) fn next(&self) -> Option<&str> {
        self.paging
            .as_ref()
            .and_then(|p| p.next.as_ref())
            .map(|n| n.after.as_str())
    }
}

/// The record families of one object type, untyped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wire<'c> {
    pub(crate) client: &'c Client,
    /// The type's path segment: a type ID (`0-1`), a name, or a custom object's name.
    pub(crate) object_type: &'c str,
}

impl<'c> Wire<'c> {
    pub(crate) fn new(client: &'c Client, object_type: &'c str) -> Self {
        Wire {
            client,
            object_type,
        }
    }

    /// `POST .../objects/{objectType}`.
    pub(crate) async fn create(
        &self,
        properties: &WireProperties,
        associations: &[NewLink],
    ) -> Result<Response, Error> {
        #[derive(serde::Serialize)]
        struct Body<'a> {
            properties: Props<'a>,
            associations: &'a [NewLink],
        }
        let params = [(ObjectType, self.object_type)];
        let call = Call::at(&params).json(&Body {
            properties: Props(properties),
            associations,
        })?;
        self.client.call(Family::ObjectsCreate, call).await
    }

    /// `GET .../{objectId}`, by ID or, with `id_property`, by a unique value: the record with
    /// the properties and associations `read` asks for. Properties that do not fit in the URL
    /// are read with a batch read (see [`max_url_chars`]); associations are filed under the
    /// keys asked for.
    pub(crate) async fn get(
        &self,
        id: &str,
        id_property: Option<&str>,
        read: &ReadOptions,
    ) -> Result<Records, Error> {
        let family = Family::ObjectsGet;
        let params = [(ObjectType, self.object_type), (ObjectId, id)];
        let mut query: Query = Vec::new();
        query.extend(id_property.map(|p| ("idProperty", p.to_string())));
        if read.archived {
            query.push(("archived", true.to_string()));
        }
        query.extend(read.associations_query());
        let (query, rest) = self.fit(family, &params, query, &read.properties)?;
        let answer = self
            .client
            .call(family, Call::at(&params).query(query))
            .await?;
        let mut records = vec![answer.json::<WireRecord>()?];
        self.fill(&mut records, rest, read.archived).await?;
        self.file(&mut records, read, &mut Filing::default())
            .await?;
        Ok(Records {
            records,
            next: None,
            answer,
        })
    }

    /// `query` with as many of `names` as fit in the URL as its `properties`, and the names
    /// left over. An error if the URL is too long without any property.
    fn fit<'r>(
        &self,
        family: Family,
        params: &[(PathParam, &str)],
        mut query: Query,
        names: &'r [String],
    ) -> Result<(Query, &'r [String]), Error> {
        let max = max_url_chars();
        let mut bare = query.clone();
        bare.push(("properties", String::new()));
        let mut len = self.client.url_len(family, params, &bare)?;
        if len > max {
            return Err(Error::InvalidRequest(format!(
                "{family}: the URL is {len} characters long before any property; HubSpot takes at most {max}"
            )));
        }
        let mut fitting = 0;
        for name in names {
            // Names after the first are joined with a comma, sent as `%2C`.
            let more = query_len(name) + if fitting > 0 { query_len(",") } else { 0 };
            if len + more > max {
                break;
            }
            len += more;
            fitting += 1;
        }
        if fitting > 0 {
            query.push(("properties", names[..fitting].join(",")));
        }
        Ok((query, &names[fitting..]))
    }

    /// Reads the properties `names` of `records` with batch reads (the names travel in the
    /// body, so any number fit) and adds them to each record. A record the batch read does not
    /// return (archived in between) is an error, never a record missing properties.
    async fn fill(
        &self,
        records: &mut [WireRecord],
        names: &[String],
        archived: bool,
    ) -> Result<(), Error> {
        if names.is_empty() {
            return Ok(());
        }
        let family = Family::ObjectsBatchRead;
        let properties: Vec<&str> = names.iter().map(String::as_str).collect();
        for chunk in records.chunks_mut(batch_limit(family)) {
            let ids: Vec<&str> = chunk.iter().map(|r| r.id.as_str()).collect();
            let body = ReadBody::new(&ids, &properties);
            let answer = self.batch_with(family, archived, &body).await?;
            let decoded: BatchAnswer<WireRecord> = answer.json()?;
            let mut found: HashMap<String, WireProperties> = decoded
                .results
                .into_iter()
                .map(|r| (r.id, r.properties))
                .collect();
            for record in chunk.iter_mut() {
                let Some(more) = found.remove(&record.id) else {
                    let named = decoded.errors.iter().find(|e| names_id(e, &record.id));
                    return Err(match named.or(decoded.errors.first()) {
                        Some(e) => item_error(e, &answer),
                        None => answer.undecodable(format!(
                            "the batch read of the properties that did not fit in the URL returned no record {}",
                            record.id
                        )),
                    });
                };
                record.properties.extend(more);
            }
        }
        Ok(())
    }

    /// Files each record's associated IDs under the key the caller asked for. HubSpot answers
    /// with a name of its own (the plural name, or the type ID); a name not known to be the
    /// type's is learned from the answer when only one asked type is left to match, else by
    /// asking for each remaining type alone for one record that has it. Every type asked for
    /// gets a list, empty when the record has none.
    async fn file(
        &self,
        records: &mut [WireRecord],
        read: &ReadOptions,
        filing: &mut Filing,
    ) -> Result<(), Error> {
        let asked = &read.associations;
        if asked.is_empty() {
            return Ok(());
        }
        // HubSpot's names not matched yet, each with a record that has it.
        let mut unknown: BTreeMap<String, String> = BTreeMap::new();
        for record in records.iter() {
            for name in record.associations.keys() {
                if filing.learned.contains_key(name) {
                    continue;
                }
                match asked.iter().position(|a| a.answers_to(name)) {
                    Some(i) => {
                        filing.learned.insert(name.clone(), i);
                    }
                    None => {
                        unknown
                            .entry(name.clone())
                            .or_insert_with(|| record.id.clone());
                    }
                }
            }
        }
        // Asked types with no name learned yet, for themselves or under another key.
        let open = |f: &Filing| -> Vec<usize> {
            (0..asked.len())
                .filter(|&i| !f.learned.values().any(|&v| asked[v].same_type(&asked[i])))
                .collect()
        };
        if let ([only], 1) = (open(filing).as_slice(), unknown.len()) {
            let only = *only;
            filing
                .learned
                .extend(unknown.into_keys().map(|n| (n, only)));
        } else {
            for (name, id) in &unknown {
                for i in open(filing) {
                    if filing.learned.contains_key(name) {
                        break;
                    }
                    for answered in self
                        .answered_names(id, &asked[i].key, read.archived)
                        .await?
                    {
                        filing.learned.entry(answered).or_insert(i);
                    }
                }
            }
        }
        for record in records.iter_mut() {
            for (name, list) in std::mem::take(&mut record.associations) {
                let keys: Vec<String> = match filing.learned.get(&name) {
                    Some(&i) => asked
                        .iter()
                        .filter(|a| a.same_type(&asked[i]))
                        .map(|a| a.key.clone())
                        .collect(),
                    None => vec![name],
                };
                for key in keys {
                    record
                        .associations
                        .entry(key)
                        .or_default()
                        .results
                        .extend(list.results.iter().cloned());
                }
            }
            for a in asked {
                record.associations.entry(a.key.clone()).or_default();
            }
        }
        Ok(())
    }

    /// The names HubSpot files record `id`'s associations of the one type `key` under.
    async fn answered_names(
        &self,
        id: &str,
        key: &str,
        archived: bool,
    ) -> Result<Vec<String>, Error> {
        let params = [(ObjectType, self.object_type), (ObjectId, id)];
        let mut query = vec![
            ("properties", "hs_object_id".to_string()),
            ("associations", key.to_string()),
        ];
        if archived {
            query.push(("archived", true.to_string()));
        }
        let answer = self
            .client
            .call(Family::ObjectsGet, Call::at(&params).query(query))
            .await?;
        let record: WireRecord = answer.json()?;
        Ok(record.associations.into_keys().collect())
    }

    /// `PATCH .../{objectId}`, by ID or, with `id_property`, by a unique value.
    pub(crate) async fn update(
        &self,
        id: &str,
        id_property: Option<&str>,
        properties: &WireProperties,
    ) -> Result<Response, Error> {
        let params = [(ObjectType, self.object_type), (ObjectId, id)];
        let query = id_property
            .map(|p| vec![("idProperty", p.to_string())])
            .unwrap_or_default();
        let call = Call::at(&params).query(query).json(&PropertiesBody {
            properties: Props(properties),
        })?;
        self.client.call(Family::ObjectsUpdate, call).await
    }

    /// `DELETE .../{objectId}`.
    pub(crate) async fn archive(&self, id: &str) -> Result<(), Error> {
        let params = [(ObjectType, self.object_type), (ObjectId, id)];
        self.client
            .call(Family::ObjectsArchive, Call::at(&params))
            .await?;
        Ok(())
    }

    /// `POST .../merge`.
    pub(crate) async fn merge(&self, primary: &str, other: &str) -> Result<Response, Error> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            primary_object_id: &'a str,
            object_id_to_merge: &'a str,
        }
        let params = [(ObjectType, self.object_type)];
        let call = Call::at(&params).json(&Body {
            primary_object_id: primary,
            object_id_to_merge: other,
        })?;
        self.client.call(Family::ObjectsMerge, call).await
    }

    /// `POST .../gdpr-delete`, by ID or, with `id_property`, by a unique value.
    pub(crate) async fn gdpr_delete(
        &self,
        id: &str,
        id_property: Option<&str>,
    ) -> Result<(), Error> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            object_id: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            id_property: Option<&'a str>,
        }
        let params = [(ObjectType, self.object_type)];
        let call = Call::at(&params).json(&Body {
            object_id: id,
            id_property,
        })?;
        self.client.call(Family::ObjectsGdprDelete, call).await?;
        Ok(())
    }

    /// `GET .../objects/{objectType}`: one page of records, as [`Wire::get`] reads one.
    pub(crate) async fn list_page(
        &self,
        page_size: u32,
        read: &ReadOptions,
        after: Option<&str>,
        filing: &mut Filing,
    ) -> Result<Records, Error> {
        let family = Family::ObjectsList;
        let params = [(ObjectType, self.object_type)];
        let mut query = vec![
            ("limit", page_size.to_string()),
            ("archived", read.archived.to_string()),
        ];
        query.extend(after.map(|a| ("after", a.to_string())));
        query.extend(read.associations_query());
        let (query, rest) = self.fit(family, &params, query, &read.properties)?;
        let answer = self
            .client
            .call(family, Call::at(&params).query(query))
            .await?;
        let page: Page<WireRecord> = answer.json()?;
        let next = page.next().map(String::from);
        let mut records = page.results;
        self.fill(&mut records, rest, read.archived).await?;
        self.file(&mut records, read, filing).await?;
        Ok(Records {
            records,
            next,
            answer,
        })
    }

    /// `POST .../search`.
    pub(crate) async fn search(&self, body: &SearchBody<'_>) -> Result<Response, Error> {
        let params = [(ObjectType, self.object_type)];
        let call = Call::at(&params).json(body)?;
        self.client.call(Family::ObjectsSearch, call).await
    }

    /// A batch family of the type (`objects_batch_*`), with its body.
    pub(crate) async fn batch(
        &self,
        family: Family,
        body: &impl serde::Serialize,
    ) -> Result<Response, Error> {
        self.batch_with(family, false, body).await
    }

    /// A batch family of the type, of archived records if `archived`.
    pub(crate) async fn batch_with(
        &self,
        family: Family,
        archived: bool,
        body: &impl serde::Serialize,
    ) -> Result<Response, Error> {
        let params = [(ObjectType, self.object_type)];
        let query = if archived {
            vec![("archived", true.to_string())]
        } else {
            Vec::new()
        };
        let call = Call::at(&params).query(query).json(body)?;
        self.client.call(family, call).await
    }

    /// A properties family of the type (definitions and groups), with a property's or
    /// group's name where the path takes one, and a JSON body where the family takes one.
    pub(crate) async fn properties_call(
        &self,
        family: Family,
        name: Option<(PathParam, &str)>,
        body: Option<&Value>,
    ) -> Result<Response, Error> {
        let mut params = vec![(ObjectType, self.object_type)];
        params.extend(name);
        let mut call = Call::at(&params);
        if let Some(b) = body {
            call = call.json(b)?;
        }
        self.client.call(family, call).await
    }

    /// A family on the link between record `id` and record `to_id` of `to_type`, with a
    /// JSON body where it takes one.
    async fn link(
        &self,
        family: Family,
        id: &str,
        to_type: &str,
        to_id: &str,
        body: Option<Bytes>,
    ) -> Result<(), Error> {
        let params = [
            (ObjectType, self.object_type),
            (ObjectId, id),
            (ToObjectType, to_type),
            (ToObjectId, to_id),
        ];
        let mut call = Call::at(&params);
        call.body = body;
        self.client.call(family, call).await?;
        Ok(())
    }

    /// `PUT .../associations/default/{toObjectType}/{toObjectId}`.
    pub(crate) async fn associate_default(
        &self,
        id: &str,
        to_type: &str,
        to_id: &str,
    ) -> Result<(), Error> {
        let family = Family::AssociationsCreateDefault;
        self.link(family, id, to_type, to_id, None).await
    }

    /// `PUT .../associations/{toObjectType}/{toObjectId}` with the given types.
    pub(crate) async fn associate(
        &self,
        id: &str,
        to_type: &str,
        to_id: &str,
        types: &[TypeSpec],
    ) -> Result<(), Error> {
        let body = Some(json_body(&types)?);
        self.link(Family::AssociationsCreate, id, to_type, to_id, body)
            .await
    }

    /// `DELETE .../associations/{toObjectType}/{toObjectId}`.
    pub(crate) async fn remove_association(
        &self,
        id: &str,
        to_type: &str,
        to_id: &str,
    ) -> Result<(), Error> {
        let family = Family::AssociationsRemove;
        self.link(family, id, to_type, to_id, None).await
    }

    /// `GET .../{objectId}/associations/{toObjectType}`: one page.
    pub(crate) async fn associations_page(
        &self,
        id: &str,
        to_type: &str,
        after: Option<&str>,
    ) -> Result<Response, Error> {
        let params = [
            (ObjectType, self.object_type),
            (ObjectId, id),
            (ToObjectType, to_type),
        ];
        let max = super::list::max_page(Family::AssociationsList);
        let mut query = vec![("limit", max.to_string())];
        if let Some(a) = after {
            query.push(("after", a.to_string()));
        }
        self.client
            .call(Family::AssociationsList, Call::at(&params).query(query))
            .await
    }

    /// An association family between this type and `to_type` (labels, batches), with a label's
    /// type ID where the path names one, and a JSON body where it takes one.
    pub(crate) async fn pair(
        &self,
        family: Family,
        to_type: &str,
        type_id: Option<&str>,
        body: Option<Bytes>,
    ) -> Result<Response, Error> {
        let mut params = vec![(ObjectType, self.object_type), (ToObjectType, to_type)];
        if let Some(t) = type_id {
            params.push((AssociationTypeId, t));
        }
        let mut call = Call::at(&params);
        call.body = body;
        self.client.call(family, call).await
    }
}

/// `{properties}` of an update.
#[derive(serde::Serialize)]
pub(crate) struct PropertiesBody<'a> {
    pub(crate) properties: Props<'a>,
}

/// `{inputs: [{id}], properties, propertiesWithHistory}` of a batch read.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReadBody<'a> {
    inputs: Vec<IdRef>,
    properties: &'a [&'a str],
    properties_with_history: [&'a str; 0],
}

impl<'a> ReadBody<'a> {
    pub(crate) fn new(ids: &[&str], properties: &'a [&'a str]) -> Self {
        ReadBody {
            inputs: ids.iter().map(|id| IdRef { id: id.to_string() }).collect(),
            properties,
            properties_with_history: [],
        }
    }
}

/// Whether a 207 error names `id` in `context.ids`.
pub(crate) fn names_id(error: &Value, id: &str) -> bool {
    error
        .pointer("/context/ids")
        .and_then(Value::as_array)
        .is_some_and(|ids| ids.iter().any(|v| v.as_str() == Some(id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClientBuilder;

    fn client() -> Client {
        ClientBuilder::<Client>::new()
            .token("t")
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("client")
    }

    #[test]
    fn the_properties_that_fit_fill_the_url_up_to_the_limit_and_no_further() {
        let client = client();
        let wire = Wire::new(&client, "0-1");
        let params = [(ObjectType, "0-1"), (ObjectId, "a/b@example.com")];
        // Names whose encoded length differs from their length: a space, a comma, an `é`.
        let names: Vec<String> = (0..2000).map(|i| format!("p {i},é")).collect();
        let start = vec![("associations", "companies".to_string())];
        let family = Family::ObjectsGet;
        let (query, rest) = wire
            .fit(family, &params, start.clone(), &names)
            .expect("fits");
        let fitting = names.len() - rest.len();
        assert!(fitting > 1 && !rest.is_empty(), "{fitting} fit");
        let sent = client.url_len(family, &params, &query).expect("url");
        assert!(sent <= max_url_chars(), "{sent}");
        let mut one_more = start;
        one_more.push(("properties", names[..=fitting].join(",")));
        let longer = client.url_len(family, &params, &one_more).expect("url");
        assert!(
            longer > max_url_chars(),
            "one more name would still fit: {longer}"
        );
    }

    #[test]
    fn a_url_too_long_without_properties_is_refused_before_sending() {
        let client = client();
        let wire = Wire::new(&client, "0-1");
        let id = "9".repeat(max_url_chars());
        let params = [(ObjectType, "0-1"), (ObjectId, id.as_str())];
        let names = vec!["email".to_string()];
        let refused = wire.fit(Family::ObjectsGet, &params, Vec::new(), &names);
        assert!(
            matches!(refused, Err(Error::InvalidRequest(_))),
            "{refused:?}"
        );
    }
}
