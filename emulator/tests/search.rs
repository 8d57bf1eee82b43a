//! Search: filters of every operator on every property type, groups, limits, sorts, query,
//! properties, paging, the 10,000-result cap and the search rate limit, over HTTP.

mod common;

use common::{assert_error, Api, Reply};
use hubspot_crm_emulator::Config;
use serde_json::{json, Value};

/// An emulator whose rate limits do not get in the way of many quick searches.
async fn start() -> Api {
    Api::with(Config {
        search_per_second: 100_000,
        rate_limit: 100_000,
        ..Config::default()
    })
    .await
}

async fn search(api: &Api, object: &str, body: Value) -> Reply {
    api.post(&format!("/crm/v3/objects/{object}/search"), body)
        .await
}

/// The IDs of a successful search, in order.
fn ids(r: &Reply) -> Vec<u64> {
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|x| x["id"].as_str().expect("id").parse().expect("numeric id"))
        .collect()
}

/// A body with one filter.
fn one(filter: Value) -> Value {
    json!({ "filterGroups": [{ "filters": [filter] }], "limit": 100 })
}

/// Searches with one filter and returns the IDs found.
async fn found(api: &Api, object: &str, filter: Value) -> Vec<u64> {
    ids(&search(api, object, one(filter)).await)
}

/// Contacts: Ada, Grace, Alan, and an archived Bob.
async fn contacts(api: &Api) -> (u64, u64, u64, u64) {
    let ids = api
        .emulator
        .seed(
            "contacts",
            [
                &[
                    ("firstname", "Ada"),
                    ("lastname", "Lovelace"),
                    ("email", "ada@example.com"),
                    ("company", "Analytical Engines Ltd"),
                    ("lifecyclestage", "lead"),
                    ("city", "London"),
                ][..],
                &[
                    ("firstname", "Grace"),
                    ("lastname", "Hopper"),
                    ("email", "grace@navy.mil"),
                    ("lifecyclestage", "customer"),
                ][..],
                &[
                    ("firstname", "Alan"),
                    ("lastname", "Turing"),
                    ("email", "alan@example.com"),
                ][..],
                &[("firstname", "Bob"), ("email", "bob@example.com")][..],
            ],
        )
        .unwrap();
    let deleted = api
        .delete(&format!("/crm/v3/objects/contacts/{}", ids[3]))
        .await;
    assert_eq!(deleted.status, 204);
    (ids[0], ids[1], ids[2], ids[3])
}

/// Companies: Acme (10 employees, public, two extra domains, created 2024-01-01), Globex
/// (250, private, created 2024-06-01T12:00Z), Initech (no count, created 2025-01-01).
async fn companies(api: &Api) -> (u64, u64, u64) {
    let ids = api
        .emulator
        .seed(
            "companies",
            [
                &[
                    ("name", "Acme"),
                    ("numberofemployees", "10"),
                    ("is_public", "true"),
                    ("hs_additional_domains", "a.com;b.com"),
                    ("createdate", "2024-01-01T00:00:00Z"),
                ][..],
                &[
                    ("name", "Globex"),
                    ("numberofemployees", "250"),
                    ("is_public", "false"),
                    ("hs_additional_domains", "c.com"),
                    ("createdate", "2024-06-01T12:00:00Z"),
                ][..],
                &[("name", "Initech"), ("createdate", "2025-01-01T00:00:00Z")][..],
            ],
        )
        .unwrap();
    (ids[0], ids[1], ids[2])
}

#[tokio::test]
async fn string_operators() {
    let api = start().await;
    let (ada, grace, alan, _bob) = contacts(&api).await;
    let f = |op: &str, value: &str| json!({"propertyName": "firstname", "operator": op, "value": value});
    assert_eq!(
        found(&api, "contacts", f("EQ", "aDa")).await,
        [ada],
        "EQ ignores case"
    );
    assert_eq!(
        found(&api, "contacts", f("NEQ", "ada")).await,
        [grace, alan]
    );
    assert_eq!(found(&api, "contacts", f("LT", "alan")).await, [ada]);
    assert_eq!(found(&api, "contacts", f("LTE", "alan")).await, [ada, alan]);
    assert_eq!(found(&api, "contacts", f("GT", "alan")).await, [grace]);
    assert_eq!(
        found(&api, "contacts", f("GTE", "Alan")).await,
        [grace, alan]
    );
    assert_eq!(
        found(&api, "contacts", json!({"propertyName": "firstname", "operator": "BETWEEN", "value": "ab", "highValue": "b"})).await,
        [ada, alan]
    );
    assert_eq!(
        found(&api, "contacts", json!({"propertyName": "firstname", "operator": "IN", "values": ["GRACE", "alan", "nobody"]})).await,
        [grace, alan]
    );
    assert_eq!(
        found(
            &api,
            "contacts",
            json!({"propertyName": "firstname", "operator": "NOT_IN", "values": ["grace", "alan"]})
        )
        .await,
        [ada],
        "archived Bob never matches"
    );
    let email =
        |op: &str, value: &str| json!({"propertyName": "email", "operator": op, "value": value});
    assert_eq!(
        found(&api, "contacts", email("CONTAINS_TOKEN", "*@example.com")).await,
        [ada, alan],
        "wildcards"
    );
    assert_eq!(
        found(
            &api,
            "contacts",
            email("NOT_CONTAINS_TOKEN", "*@EXAMPLE.COM")
        )
        .await,
        [grace]
    );
    assert_eq!(
        found(
            &api,
            "contacts",
            json!({"propertyName": "company", "operator": "CONTAINS_TOKEN", "value": "engines"})
        )
        .await,
        [ada],
        "a whole word"
    );
    assert!(
        found(
            &api,
            "contacts",
            json!({"propertyName": "company", "operator": "CONTAINS_TOKEN", "value": "engine"})
        )
        .await
        .is_empty(),
        "not part of a word"
    );
    assert_eq!(
        found(
            &api,
            "contacts",
            json!({"propertyName": "company", "operator": "NOT_CONTAINS_TOKEN", "value": "engines"})
        )
        .await,
        [grace, alan],
        "records without a value pass a negative filter"
    );
    assert_eq!(
        found(
            &api,
            "contacts",
            json!({"propertyName": "company", "operator": "HAS_PROPERTY"})
        )
        .await,
        [ada]
    );
    assert_eq!(
        found(
            &api,
            "contacts",
            json!({"propertyName": "company", "operator": "NOT_HAS_PROPERTY"})
        )
        .await,
        [grace, alan]
    );
}

#[tokio::test]
async fn number_operators_and_hs_object_id() {
    let api = start().await;
    let (acme, globex, initech) = companies(&api).await;
    let f = |op: &str, value: Value| json!({"propertyName": "numberofemployees", "operator": op, "value": value});
    assert_eq!(
        found(&api, "companies", f("EQ", json!("10.0"))).await,
        [acme],
        "numerically"
    );
    assert_eq!(
        found(&api, "companies", f("EQ", json!(250))).await,
        [globex],
        "a JSON number"
    );
    assert_eq!(
        found(&api, "companies", f("NEQ", json!("10"))).await,
        [globex, initech]
    );
    assert_eq!(
        found(&api, "companies", f("LT", json!("100"))).await,
        [acme],
        "not as text"
    );
    assert_eq!(
        found(&api, "companies", f("LTE", json!("250"))).await,
        [acme, globex]
    );
    assert_eq!(
        found(&api, "companies", f("GT", json!("10"))).await,
        [globex]
    );
    assert_eq!(
        found(&api, "companies", f("GTE", json!("9"))).await,
        [acme, globex]
    );
    assert_eq!(
        found(&api, "companies", json!({"propertyName": "numberofemployees", "operator": "BETWEEN", "value": "10", "highValue": "249"})).await,
        [acme],
        "inclusive"
    );
    assert_eq!(
        found(
            &api,
            "companies",
            json!({"propertyName": "numberofemployees", "operator": "IN", "values": ["250", 10]})
        )
        .await,
        [acme, globex]
    );
    assert_eq!(
        found(
            &api,
            "companies",
            json!({"propertyName": "numberofemployees", "operator": "NOT_IN", "values": ["250"]})
        )
        .await,
        [acme, initech]
    );
    assert_eq!(
        found(
            &api,
            "companies",
            json!({"propertyName": "numberofemployees", "operator": "HAS_PROPERTY"})
        )
        .await,
        [acme, globex]
    );
    assert_eq!(
        found(
            &api,
            "companies",
            json!({"propertyName": "numberofemployees", "operator": "NOT_HAS_PROPERTY"})
        )
        .await,
        [initech]
    );
    let id = |op: &str, value: Value| json!({"propertyName": "hs_object_id", "operator": op, "value": value});
    assert_eq!(
        found(&api, "companies", id("EQ", json!(globex.to_string()))).await,
        [globex]
    );
    assert_eq!(
        found(&api, "companies", id("GT", json!(acme))).await,
        [globex, initech]
    );
    assert_eq!(
        found(&api, "companies", json!({"propertyName": "hs_object_id", "operator": "IN", "values": [acme.to_string(), initech.to_string()]})).await,
        [acme, initech]
    );
    assert_error(
        &search(&api, "companies", one(f("GT", json!("many")))).await,
        400,
        "VALIDATION_ERROR",
        "\"many\" is not a valid number",
    );
}

#[tokio::test]
async fn datetime_operators_take_epoch_ms_or_iso() {
    let api = start().await;
    let (acme, globex, initech) = companies(&api).await;
    let f = |op: &str, value: &str| json!({"propertyName": "createdate", "operator": op, "value": value});
    // 2024-06-01T12:00:00Z is 1717243200000.
    assert_eq!(
        found(&api, "companies", f("EQ", "1717243200000")).await,
        [globex]
    );
    assert_eq!(
        found(&api, "companies", f("EQ", "2024-06-01T14:00:00+02:00")).await,
        [globex]
    );
    assert_eq!(
        found(&api, "companies", f("NEQ", "1717243200000")).await,
        [acme, initech]
    );
    assert_eq!(
        found(&api, "companies", f("LT", "1717243200000")).await,
        [acme]
    );
    assert_eq!(
        found(&api, "companies", f("LTE", "2024-06-01T12:00:00.000Z")).await,
        [acme, globex]
    );
    assert_eq!(
        found(&api, "companies", f("GT", "2024-06-01T12:00:00Z")).await,
        [initech]
    );
    assert_eq!(
        found(&api, "companies", f("GTE", "1717243200000")).await,
        [globex, initech]
    );
    assert_eq!(
        found(&api, "companies", json!({"propertyName": "createdate", "operator": "BETWEEN", "value": "1704067200000", "highValue": "2024-12-31T23:59:59Z"})).await,
        [acme, globex]
    );
    assert_eq!(
        found(&api, "companies", json!({"propertyName": "createdate", "operator": "IN", "values": ["1704067200000", "2025-01-01T00:00:00Z"]})).await,
        [acme, initech]
    );
    assert_error(
        &search(&api, "companies", one(f("GT", "last tuesday"))).await,
        400,
        "VALIDATION_ERROR",
        "not a valid date",
    );
}

#[tokio::test]
async fn date_operators() {
    let api = start().await;
    let ids = api
        .emulator
        .seed(
            "line_items",
            [
                &[
                    ("name", "March"),
                    ("hs_recurring_billing_start_date", "1709251200000"),
                ][..],
                &[
                    ("name", "April"),
                    ("hs_recurring_billing_start_date", "2024-04-01"),
                ][..],
                &[("name", "Never")][..],
            ],
        )
        .unwrap();
    let (march, april, never) = (ids[0], ids[1], ids[2]);
    let f = |op: &str, value: &str| json!({"propertyName": "hs_recurring_billing_start_date", "operator": op, "value": value});
    assert_eq!(
        found(&api, "line_items", f("EQ", "1709251200000")).await,
        [march]
    );
    assert_eq!(
        found(&api, "line_items", f("EQ", "2024-04-01")).await,
        [april]
    );
    assert_eq!(
        found(&api, "line_items", f("NEQ", "2024-04-01")).await,
        [march, never]
    );
    assert_eq!(
        found(&api, "line_items", f("LT", "2024-04-01")).await,
        [march]
    );
    assert_eq!(
        found(&api, "line_items", f("LTE", "2024-04-01T00:00:00Z")).await,
        [march, april]
    );
    assert_eq!(
        found(&api, "line_items", f("GT", "1709251200000")).await,
        [april]
    );
    assert_eq!(
        found(&api, "line_items", f("GTE", "1709251200000")).await,
        [march, april]
    );
    assert_eq!(
        found(&api, "line_items", json!({"propertyName": "hs_recurring_billing_start_date", "operator": "BETWEEN", "value": "2024-03-15", "highValue": "1711929600000"})).await,
        [april]
    );
    assert_eq!(
        found(&api, "line_items", json!({"propertyName": "hs_recurring_billing_start_date", "operator": "NOT_HAS_PROPERTY"})).await,
        [never]
    );
}

#[tokio::test]
async fn enumeration_and_bool_operators() {
    let api = start().await;
    let (ada, grace, alan, _) = contacts(&api).await;
    let stage = |op: &str, value: &str| json!({"propertyName": "lifecyclestage", "operator": op, "value": value});
    assert_eq!(found(&api, "contacts", stage("EQ", "lead")).await, [ada]);
    assert_eq!(
        found(&api, "contacts", stage("NEQ", "lead")).await,
        [grace, alan]
    );
    assert_eq!(
        found(&api, "contacts", json!({"propertyName": "lifecyclestage", "operator": "IN", "values": ["lead", "customer"]})).await,
        [ada, grace]
    );

    let (acme, globex, initech) = companies(&api).await;
    let domains = |op: &str, value: &str| json!({"propertyName": "hs_additional_domains", "operator": op, "value": value});
    assert_eq!(
        found(&api, "companies", domains("EQ", "b.com")).await,
        [acme],
        "multi-select: one of the values"
    );
    assert_eq!(
        found(&api, "companies", domains("NEQ", "b.com")).await,
        [globex, initech]
    );
    assert_eq!(
        found(&api, "companies", json!({"propertyName": "hs_additional_domains", "operator": "IN", "values": ["c.com", "a.com"]})).await,
        [acme, globex]
    );
    assert_eq!(
        found(&api, "companies", json!({"propertyName": "hs_additional_domains", "operator": "NOT_IN", "values": ["a.com"]})).await,
        [globex, initech]
    );
    assert_eq!(
        found(&api, "companies", domains("CONTAINS_TOKEN", "b.com")).await,
        [acme]
    );

    let public = |op: &str, value: Value| json!({"propertyName": "is_public", "operator": op, "value": value});
    assert_eq!(
        found(&api, "companies", public("EQ", json!("TRUE"))).await,
        [acme]
    );
    assert_eq!(
        found(&api, "companies", public("EQ", json!(false))).await,
        [globex]
    );
    assert_eq!(
        found(&api, "companies", public("NEQ", json!("true"))).await,
        [globex, initech]
    );
    assert_eq!(
        found(
            &api,
            "companies",
            json!({"propertyName": "is_public", "operator": "HAS_PROPERTY"})
        )
        .await,
        [acme, globex]
    );
    assert_error(
        &search(&api, "companies", one(public("EQ", json!("yes")))).await,
        400,
        "VALIDATION_ERROR",
        "not a valid boolean",
    );
}

#[tokio::test]
async fn groups_are_ored_and_filters_anded() {
    let api = start().await;
    let (ada, grace, alan, _) = contacts(&api).await;
    let example =
        json!({"propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "*@example.com"});
    let turing = json!({"propertyName": "lastname", "operator": "EQ", "value": "Turing"});
    let grace_f = json!({"propertyName": "firstname", "operator": "EQ", "value": "Grace"});
    let and = search(
        &api,
        "contacts",
        json!({"filterGroups": [{"filters": [example, turing]}]}),
    )
    .await;
    assert_eq!(ids(&and), [alan]);
    assert_eq!(and.body["total"], 1);
    let or = search(
        &api,
        "contacts",
        json!({"filterGroups": [{"filters": [turing]}, {"filters": [grace_f]}]}),
    )
    .await;
    assert_eq!(ids(&or), [grace, alan]);
    let all = search(&api, "contacts", json!({})).await;
    assert_eq!(
        ids(&all),
        [ada, grace, alan],
        "no filters: every live record"
    );
    assert_eq!(all.body["total"], 3);
    assert!(all.body.get("paging").is_none(), "{}", all.text);
    let nulls = search(
        &api,
        "contacts",
        json!({"filterGroups": null, "sorts": null, "query": null, "properties": null, "limit": null, "after": null}),
    )
    .await;
    assert_eq!(ids(&nulls), [ada, grace, alan], "null fields mean absent");
}

#[tokio::test]
async fn limits_are_refused_with_clear_messages() {
    let api = start().await;
    let f = json!({"propertyName": "firstname", "operator": "EQ", "value": "x"});
    let group = |n: usize| json!({ "filters": vec![f.clone(); n] });
    let r = search(&api, "contacts", json!({"filterGroups": vec![group(1); 6]})).await;
    assert_error(&r, 400, "VALIDATION_ERROR", "at most 5 filterGroups");
    let r = search(&api, "contacts", json!({"filterGroups": [group(11)]})).await;
    assert_error(&r, 400, "VALIDATION_ERROR", "at most 10 filters");
    let r = search(
        &api,
        "contacts",
        json!({"filterGroups": [group(6), group(5), group(5), group(5), group(5)]}),
    )
    .await;
    assert_error(
        &r,
        400,
        "VALIDATION_ERROR",
        "at most 25 filters across all filterGroups",
    );
    let ok = search(
        &api,
        "contacts",
        json!({"filterGroups": [group(5), group(5), group(5), group(5), group(5)]}),
    )
    .await;
    assert_eq!(ok.status, 200, "25 filters are allowed: {}", ok.text);
    for limit in [json!(0), json!(201), json!(-1), json!("lots")] {
        let r = search(&api, "contacts", json!({ "limit": limit })).await;
        assert_error(
            &r,
            400,
            "VALIDATION_ERROR",
            "limit must be a whole number between 1 and 200",
        );
    }
    assert_eq!(
        search(&api, "contacts", json!({"limit": 200})).await.status,
        200
    );
    let r = search(&api, "contacts", json!({"query": "q".repeat(3001)})).await;
    assert_error(
        &r,
        400,
        "VALIDATION_ERROR",
        "query is too long: 3001 characters",
    );
    assert_eq!(
        search(&api, "contacts", json!({"query": "q".repeat(3000)}))
            .await
            .status,
        200
    );
    let r = search(&api, "contacts", json!({"after": "10000"})).await;
    assert_error(&r, 400, "VALIDATION_ERROR", "limited to 10000");
    let r = search(&api, "contacts", json!({"after": "next please"})).await;
    assert_error(&r, 400, "VALIDATION_ERROR", "not a valid paging cursor");
}

#[tokio::test]
async fn bad_filters_and_types_are_refused() {
    let api = start().await;
    contacts(&api).await;
    let r = search(
        &api,
        "contacts",
        one(json!({"propertyName": "firstname", "operator": "LIKE", "value": "a"})),
    )
    .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "unknown operator \"LIKE\"");
    let r = search(
        &api,
        "contacts",
        one(json!({"propertyName": "shoe_size", "operator": "EQ", "value": "9"})),
    )
    .await;
    assert_error(
        &r,
        400,
        "VALIDATION_ERROR",
        "Property \"shoe_size\" does not exist",
    );
    let r = search(
        &api,
        "contacts",
        one(json!({"propertyName": "firstname", "operator": "EQ"})),
    )
    .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "operator EQ needs a value");
    let r = search(
        &api,
        "contacts",
        one(json!({"propertyName": "firstname", "operator": "IN", "value": "a"})),
    )
    .await;
    assert_error(
        &r,
        400,
        "VALIDATION_ERROR",
        "operator IN needs a non-empty list of values",
    );
    let r = search(
        &api,
        "contacts",
        one(json!({"propertyName": "firstname", "operator": "BETWEEN", "value": "a"})),
    )
    .await;
    assert_error(
        &r,
        400,
        "VALIDATION_ERROR",
        "operator BETWEEN needs a highValue",
    );
    let r = search(
        &api,
        "contacts",
        one(json!({"propertyName": "email", "operator": "CONTAINS_TOKEN", "value": null})),
    )
    .await;
    assert_error(
        &r,
        400,
        "VALIDATION_ERROR",
        "operator CONTAINS_TOKEN needs a value",
    );
    let r = search(
        &api,
        "contacts",
        one(json!({"operator": "EQ", "value": "a"})),
    )
    .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "propertyName");
    let r = search(&api, "contacts", json!({"filterGroups": "all"})).await;
    assert_error(&r, 400, "VALIDATION_ERROR", "Invalid input JSON");

    let r = search(&api, "quote_template", json!({})).await;
    assert_error(&r, 405, "VALIDATION_ERROR", "cannot be searched");
    let r = search(&api, "0-64", json!({})).await;
    assert_eq!(r.status, 405, "{}", r.text);
    let r = search(&api, "unicorns", json!({})).await;
    assert_error(
        &r,
        400,
        "VALIDATION_ERROR",
        "Unable to infer object type from: unicorns",
    );
}

#[tokio::test]
async fn sorts_must_be_objects_on_known_properties() {
    let api = start().await;
    contacts(&api).await;
    let r = search(&api, "contacts", json!({"sorts": ["createdate"]})).await;
    assert_error(&r, 400, "VALIDATION_ERROR", "not the string \"createdate\"");
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("\"propertyName\""),
        "{}",
        r.text
    );
    let r = search(&api, "contacts", json!({"sorts": ["-createdate"]})).await;
    assert_error(&r, 400, "VALIDATION_ERROR", "must be an object");
    let r = search(
        &api,
        "contacts",
        json!({"sorts": [{"propertyName": "shoe_size"}]}),
    )
    .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "Cannot sort by \"shoe_size\"");
    let r = search(
        &api,
        "contacts",
        json!({"sorts": [{"propertyName": "email", "direction": "UP"}]}),
    )
    .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "ASCENDING or DESCENDING");
    let r = search(
        &api,
        "contacts",
        json!({"sorts": [{"direction": "ASCENDING"}]}),
    )
    .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "needs a propertyName");
}

#[tokio::test]
async fn sorts_ascending_descending_and_by_several_keys() {
    let api = start().await;
    let (acme, globex, initech) = companies(&api).await;
    let sorted = |property: &str, direction: &str| json!({"sorts": [{"propertyName": property, "direction": direction}]});
    let asc = search(&api, "companies", sorted("numberofemployees", "ASCENDING")).await;
    assert_eq!(
        ids(&asc),
        [acme, globex, initech],
        "numerically, missing last"
    );
    let desc = search(&api, "companies", sorted("numberofemployees", "DESCENDING")).await;
    assert_eq!(
        ids(&desc),
        [globex, acme, initech],
        "missing last either way"
    );
    let by_date = search(&api, "companies", sorted("createdate", "DESCENDING")).await;
    assert_eq!(ids(&by_date), [initech, globex, acme]);
    let by_name = search(&api, "companies", sorted("name", "DESCENDING")).await;
    assert_eq!(ids(&by_name), [initech, globex, acme]);
    let default_direction = search(
        &api,
        "companies",
        json!({"sorts": [{"propertyName": "name"}]}),
    )
    .await;
    assert_eq!(ids(&default_direction), [acme, globex, initech]);

    // Two keys: stage ascending (missing last), then first name descending.
    let ids_c = api
        .emulator
        .seed(
            "contacts",
            [
                &[("firstname", "ann"), ("lifecyclestage", "lead")][..],
                &[("firstname", "Zoe"), ("lifecyclestage", "lead")][..],
                &[("firstname", "Bea"), ("lifecyclestage", "customer")][..],
                &[("firstname", "Cal")][..],
                &[("firstname", "Dan")][..],
            ],
        )
        .unwrap();
    let r = search(
        &api,
        "contacts",
        json!({"sorts": [
            {"propertyName": "lifecyclestage", "direction": "ASCENDING"},
            {"propertyName": "firstname", "direction": "DESCENDING"}
        ]}),
    )
    .await;
    assert_eq!(
        ids(&r),
        [ids_c[2], ids_c[1], ids_c[0], ids_c[4], ids_c[3]],
        "customer < lead; Zoe before ann ignoring case; unstaged last"
    );
    let ties = search(&api, "contacts", sorted("lifecyclestage", "DESCENDING")).await;
    assert_eq!(
        ids(&ties),
        [ids_c[0], ids_c[1], ids_c[2], ids_c[3], ids_c[4]],
        "ties keep ID order"
    );
}

#[tokio::test]
async fn query_searches_the_searchable_properties() {
    let api = start().await;
    let (ada, grace, alan, _) = contacts(&api).await;
    let q = |query: &str| json!({ "query": query });
    assert_eq!(
        ids(&search(&api, "contacts", q("LOVE")).await),
        [ada],
        "substring, any case"
    );
    assert_eq!(
        ids(&search(&api, "contacts", q("example.com")).await),
        [ada, alan]
    );
    assert_eq!(
        ids(&search(&api, "contacts", q("analytical")).await),
        [ada],
        "company"
    );
    assert!(
        ids(&search(&api, "contacts", q("London")).await).is_empty(),
        "city is not searched"
    );
    assert!(
        ids(&search(&api, "contacts", q("bob")).await).is_empty(),
        "archived records never match"
    );
    assert_eq!(
        ids(&search(&api, "contacts", q("  ")).await),
        [ada, grace, alan]
    );
    let with_filter = search(
        &api,
        "contacts",
        json!({"query": "example", "filterGroups": [{"filters": [{"propertyName": "firstname", "operator": "EQ", "value": "alan"}]}]}),
    )
    .await;
    assert_eq!(ids(&with_filter), [alan], "query and filters both apply");

    let (acme, _, _) = companies(&api).await;
    assert_eq!(ids(&search(&api, "companies", q("acm")).await), [acme]);

    // A type's searchableProperties (custom objects set them) replace the defaults.
    api.emulator.with_state(|s| {
        s.types
            .get_mut("contacts")
            .unwrap()
            .def
            .searchable_properties = vec!["city".into()];
    });
    assert_eq!(ids(&search(&api, "contacts", q("lond")).await), [ada]);
    assert!(ids(&search(&api, "contacts", q("lovelace")).await).is_empty());
}

#[tokio::test]
async fn properties_choose_what_results_carry() {
    let api = start().await;
    let (ada, ..) = contacts(&api).await;
    let filter = json!([{"filters": [{"propertyName": "hs_object_id", "operator": "EQ", "value": ada.to_string()}]}]);
    let chosen = search(
        &api,
        "contacts",
        json!({"filterGroups": filter, "properties": ["city", "lifecyclestage", "jobtitle", "no_such"]}),
    )
    .await;
    assert_eq!(ids(&chosen), [ada]);
    let record = &chosen.body["results"][0];
    let props = record["properties"].as_object().unwrap();
    let mut names: Vec<&str> = props.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["city", "jobtitle", "lifecyclestage"],
        "{}",
        chosen.text
    );
    assert_eq!(props["city"], "London");
    assert_eq!(props["jobtitle"], Value::Null);
    assert_eq!(record["archived"], false);
    assert!(record["createdAt"].as_str().unwrap().ends_with('Z'));

    let defaults = search(&api, "contacts", json!({"filterGroups": filter})).await;
    let props = defaults.body["results"][0]["properties"]
        .as_object()
        .unwrap();
    for name in [
        "firstname",
        "lastname",
        "email",
        "hs_object_id",
        "createdate",
        "lastmodifieddate",
    ] {
        assert!(props.contains_key(name), "{name}: {}", defaults.text);
    }
    assert!(!props.contains_key("city"), "{}", defaults.text);
    assert_eq!(props["hs_object_id"], ada.to_string());
}

#[tokio::test]
async fn paging_reaches_every_match_exactly_once() {
    let api = start().await;
    let amounts: Vec<String> = (0..25).map(|i| ((i * 7) % 25).to_string()).collect();
    let rows: Vec<Vec<(&str, &str)>> = amounts
        .iter()
        .map(|a| vec![("name", "Acme"), ("numberofemployees", a.as_str())])
        .collect();
    let ids_all = api
        .emulator
        .seed("companies", rows.iter().map(Vec::as_slice))
        .unwrap();
    api.emulator
        .seed("companies", [&[("name", "Other")][..]])
        .unwrap();
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut body = json!({
            "filterGroups": [{"filters": [{"propertyName": "name", "operator": "EQ", "value": "acme"}]}],
            "sorts": [{"propertyName": "numberofemployees", "direction": "DESCENDING"}],
            "properties": ["numberofemployees"],
            "limit": 7
        });
        if let Some(a) = &after {
            body["after"] = json!(a);
        }
        let page = search(&api, "companies", body).await;
        assert_eq!(page.body["total"], 25, "{}", page.text);
        for r in page.body["results"].as_array().unwrap() {
            seen.push((
                r["id"].as_str().unwrap().parse::<u64>().unwrap(),
                r["properties"]["numberofemployees"]
                    .as_str()
                    .unwrap()
                    .parse::<u64>()
                    .unwrap(),
            ));
        }
        pages += 1;
        match page.body["paging"]["next"]["after"].as_str() {
            Some(a) => after = Some(a.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 4);
    let counts: Vec<u64> = seen.iter().map(|(_, n)| *n).collect();
    assert_eq!(
        counts,
        (0..25).rev().collect::<Vec<u64>>(),
        "in order across pages"
    );
    let mut got: Vec<u64> = seen.iter().map(|(id, _)| *id).collect();
    got.sort_unstable();
    assert_eq!(got, ids_all, "each match exactly once");

    let beyond = search(&api, "companies", json!({"after": "500"})).await;
    assert!(ids(&beyond).is_empty());
    assert_eq!(beyond.body["total"], 26);
    assert!(beyond.body.get("paging").is_none());
    let numeric_after = search(&api, "companies", json!({"after": 20, "limit": 10})).await;
    assert_eq!(ids(&numeric_after).len(), 6);
}

#[tokio::test]
async fn results_stop_at_ten_thousand() {
    let api = start().await;
    let rows: Vec<[(&str, &str); 1]> = (0..10_005).map(|_| [("name", "Acme")]).collect();
    let ids_all = api
        .emulator
        .seed("companies", rows.iter().map(|r| &r[..]))
        .unwrap();
    let last_page = search(&api, "companies", json!({"after": "9990", "limit": 10})).await;
    assert_eq!(ids(&last_page), ids_all[9990..10_000]);
    assert_eq!(last_page.body["total"], 10_005, "total counts every match");
    assert_eq!(last_page.body["paging"]["next"]["after"], "10000");
    let straddling = search(
        &api,
        "companies",
        json!({"after": "9995", "limit": 10, "sorts": [{"propertyName": "hs_object_id", "direction": "DESCENDING"}]}),
    )
    .await;
    assert_eq!(
        ids(&straddling),
        ids_all
            .iter()
            .rev()
            .skip(9995)
            .take(5)
            .copied()
            .collect::<Vec<_>>(),
        "no result past the 10,000th"
    );
    let refused = search(&api, "companies", json!({"after": "10000", "limit": 10})).await;
    assert_error(
        &refused,
        400,
        "VALIDATION_ERROR",
        "Search results are limited to 10000",
    );
}

#[tokio::test]
async fn date_versioned_paths_and_type_ids() {
    let api = start().await;
    let (ada, ..) = contacts(&api).await;
    let body = one(json!({"propertyName": "firstname", "operator": "EQ", "value": "Ada"}));
    for path in [
        "/crm/objects/2026-03/contacts/search",
        "/crm/objects/2026-09/contacts/search",
        "/crm/v3/objects/0-1/search",
    ] {
        let r = api.post(path, body.clone()).await;
        assert_eq!(ids(&r), [ada], "{path}");
    }
}

#[tokio::test]
async fn the_sixth_search_in_a_second_is_rate_limited() {
    let api = Api::with(Config {
        search_per_second: 5,
        ..Config::default()
    })
    .await;
    for i in 0..5 {
        let r = search(&api, "contacts", json!({})).await;
        assert_eq!(r.status, 200, "search {i}: {}", r.text);
    }
    let r = search(&api, "contacts", json!({})).await;
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(r.body["policyName"], "SECONDLY");
    assert_eq!(r.body["errorType"], "RATE_LIMIT");
    assert_eq!(r.body["status"], "error");
    for h in [
        "x-hubspot-ratelimit-max",
        "x-hubspot-ratelimit-remaining",
        "x-hubspot-ratelimit-interval-milliseconds",
        "x-hubspot-ratelimit-daily",
        "x-hubspot-ratelimit-daily-remaining",
    ] {
        assert!(r.headers.contains_key(h), "{h} missing: {:?}", r.headers);
    }
    assert!(r.headers.contains_key("retry-after"));
    let other = api.get("/crm/v3/objects/contacts").await;
    assert_eq!(other.status, 200, "other requests are not held back");
}
