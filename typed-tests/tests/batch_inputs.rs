//! Batches account for their inputs by index, through the client, against the emulator over
//! HTTP: results matched to inputs, association reads following each record's cursor,
//! duplicate keys refused before sending, a refused input isolated from its chunk, and the
//! progress a batch reports as it runs.

use std::sync::Mutex;
use std::time::Duration;

use hubspot_crm::companies::CompanyId;
use hubspot_crm::contacts::{self, Contact, ContactProperties, Lifecyclestage};
use hubspot_crm::Progress;
use hubspot_crm::{BatchFailure, Client, Field};
use hubspot_crm_emulator::links::link;
use hubspot_crm_emulator::state::AssociationCategory;
use hubspot_crm_emulator::{Config, Emulator};

async fn setup() -> (Emulator, Client) {
    setup_with(Config::default()).await
}

/// An emulator with `config` (and a rate limit no test reaches), and a client for it.
async fn setup_with(config: Config) -> (Emulator, Client) {
    let config = Config {
        rate_limit: 100_000,
        rate_window: Duration::from_millis(10),
        ..config
    };
    let emulator = Emulator::start(config).await.expect("emulator");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .build()
        .expect("client");
    (emulator, client)
}

/// Properties of the `i`-th person: an email and a first name of its own.
fn person(i: usize) -> ContactProperties {
    ContactProperties {
        email: format!("p{i}@x.example").into(),
        firstname: format!("First {i}").into(),
        ..Default::default()
    }
}

/// Upsert inputs by email: the `i`-th person as a lead.
fn upserts(n: usize) -> Vec<(String, ContactProperties)> {
    (0..n)
        .map(|i| {
            let mut p = person(i);
            p.lifecyclestage = Field::Set(Lifecyclestage::Lead);
            (format!("p{i}@x.example"), p)
        })
        .collect()
}

fn contacts_stored(emulator: &Emulator) -> usize {
    emulator.snapshot().types["contacts"]
        .records
        .values()
        .filter(|r| !r.archived)
        .count()
}

#[tokio::test]
async fn batch_create_results_carry_the_index_of_their_input() {
    let (emulator, client) = setup().await;
    let inputs: Vec<ContactProperties> = (0..250).map(person).collect();
    let out = client.contacts().batch_create(inputs.clone()).await;
    assert!(out.is_complete(), "{:?}", out.failures);
    let indices: Vec<usize> = out.results.iter().map(|(i, _)| *i).collect();
    assert_eq!(
        indices,
        (0..250).collect::<Vec<_>>(),
        "each input once, in order"
    );
    for (i, record) in &out.results {
        assert_eq!(
            record.properties.firstname, inputs[*i].firstname,
            "input {i}"
        );
        assert_eq!(record.properties.email, inputs[*i].email, "input {i}");
    }
    assert_eq!(
        out.result(117).map(|r| r.properties.email.clone()),
        Some(Field::Set("p117@x.example".to_string()))
    );
    assert_eq!(contacts_stored(&emulator), 250);
}

#[tokio::test]
async fn batch_associations_follow_each_records_cursor_to_the_end() {
    let (emulator, client) = setup().await;
    let emails: Vec<String> = (0..2_000).map(|i| format!("m{i}@x.example")).collect();
    let rows: Vec<Vec<(&str, &str)>> = emails.iter().map(|e| vec![("email", e.as_str())]).collect();
    let people = emulator
        .seed("contacts", rows.iter().map(|r| r.as_slice()))
        .expect("contacts");
    let companies = emulator
        .seed("companies", (0..3).map(|_| &[("name", "Co")][..]))
        .expect("companies");
    // Company 0 has all 2,000 contacts, company 1 none, company 2 the first 501.
    let company_to_contact = [(AssociationCategory::HubspotDefined, 280)];
    emulator.with_state(|state| {
        for (n, person) in people.iter().enumerate() {
            link(
                state,
                "companies",
                companies[0],
                "contacts",
                *person,
                &company_to_contact,
            )
            .expect("linked");
            if n < 501 {
                link(
                    state,
                    "companies",
                    companies[2],
                    "contacts",
                    *person,
                    &company_to_contact,
                )
                .expect("linked");
            }
        }
    });
    let ids: Vec<CompanyId> = companies
        .iter()
        .map(|c| CompanyId::new(c.to_string()))
        .collect();
    let seen = Mutex::new(Vec::new());
    let out = client
        .companies()
        .batch_associations::<Contact>(&ids)
        .progress(|p| seen.lock().expect("not poisoned").push(p))
        .await;
    assert!(out.is_complete(), "{:?}", out.failures);
    let mut counts = Vec::new();
    for (i, (company, list)) in &out.results {
        assert_eq!(*company, ids[*i], "the result of input {i}");
        let mut to: Vec<String> = list.iter().map(|a| a.to.as_str().to_string()).collect();
        to.sort();
        to.dedup();
        assert_eq!(to.len(), list.len(), "company {i}: each contact once");
        counts.push((*i, list.len()));
    }
    assert_eq!(counts, vec![(0, 2_000), (1, 0), (2, 501)]);
    let all: std::collections::BTreeSet<u64> = out
        .result(0)
        .map(|(_, list)| {
            list.iter()
                .filter_map(|a| a.to.as_str().parse().ok())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        all,
        people.iter().copied().collect(),
        "every contact of company 0"
    );
    let last = seen.lock().expect("not poisoned").last().copied();
    assert_eq!(last.map(|p| (p.done, p.failed, p.total)), Some((3, 0, 3)));
}

#[tokio::test]
async fn a_case_insensitive_duplicate_email_fails_alone_naming_the_first() {
    let (emulator, client) = setup().await;
    let mut inputs = upserts(100);
    inputs[3].0 = "A@x.example".into();
    inputs[57].0 = "a@x.example".into();
    inputs[57].1.firstname = "Second".into();
    let out = client
        .contacts()
        .batch_upsert(contacts::unique::EMAIL, inputs)
        .await;
    assert_eq!(out.failed_inputs(), vec![57], "{:?}", out.failures);
    let failure = out.failure(57).expect("input 57 failed");
    let duplicate = failure.duplicate.as_ref().expect("a duplicate");
    assert_eq!(duplicate.first, 3);
    assert_eq!(duplicate.key, "a@x.example");
    assert!(
        failure.error.to_string().contains("input 3"),
        "{}",
        failure.error
    );
    assert_eq!(out.results.len(), 99, "the rest of the chunk landed");
    let first = out.result(3).expect("input 3 landed");
    assert!(first.created);
    assert_eq!(
        first.record.properties.firstname,
        Field::Set("First 3".into())
    );
    assert_eq!(contacts_stored(&emulator), 99);
    let stored = emulator.snapshot().types["contacts"]
        .records
        .values()
        .filter(|r| {
            r.properties
                .get("email")
                .is_some_and(|e| e.eq_ignore_ascii_case("a@x.example"))
        })
        .count();
    assert_eq!(stored, 1, "one record for the email, from the first input");
}

#[tokio::test]
async fn one_invalid_value_in_a_chunk_of_100_fails_alone_naming_its_index_and_property() {
    let (emulator, client) = setup().await;
    let mut inputs = upserts(100);
    inputs[64].1.lifecyclestage = Field::Set(Lifecyclestage::Unlisted("royalty".into()));
    let out = client
        .contacts()
        .batch_upsert(contacts::unique::EMAIL, inputs)
        .await;
    assert_eq!(out.results.len(), 99, "{:?}", out.failures);
    assert_eq!(out.failures.len(), 1);
    let failure = &out.failures[0];
    assert_eq!(failure.inputs, vec![64]);
    assert_eq!(failure.properties(), ["lifecyclestage"]);
    assert!(failure.duplicate.is_none());
    assert!(
        failure.error.to_string().contains("royalty"),
        "{}",
        failure.error
    );
    for (i, upserted) in &out.results {
        assert_ne!(*i, 64);
        let email = format!("p{i}@x.example");
        assert_eq!(
            upserted.record.properties.email,
            Field::Set(email),
            "input {i}"
        );
        assert_eq!(
            upserted.record.properties.lifecyclestage,
            Field::Set(Lifecyclestage::Lead)
        );
    }
    assert_eq!(contacts_stored(&emulator), 99);
}

#[tokio::test]
async fn a_chunk_refused_whole_is_bisected_so_the_other_inputs_land() {
    // An emulator that refuses a batch whole for one input, trace IDs or not.
    let (emulator, client) = setup_with(Config {
        per_input_batch_errors: false,
        ..Config::default()
    })
    .await;
    let mut inputs = upserts(100);
    inputs[64].1.lifecyclestage = Field::Set(Lifecyclestage::Unlisted("royalty".into()));
    let out = client
        .contacts()
        .batch_upsert(contacts::unique::EMAIL, inputs)
        .await;
    assert_eq!(out.results.len(), 99, "{:?}", out.failures);
    assert_eq!(out.failures.len(), 1);
    assert_eq!(out.failures[0].inputs, vec![64]);
    assert_eq!(
        out.failures[0].error.status(),
        Some(400),
        "HubSpot's own error"
    );
    assert_eq!(out.failures[0].properties(), ["lifecyclestage"]);
    assert_eq!(contacts_stored(&emulator), 99);

    // Creates too (nothing of a refused request is written, so parts are safe to resend),
    // with two bad inputs in one chunk and, in the other, a unique value a record has.
    let mut inputs: Vec<ContactProperties> = (100..250).map(person).collect();
    inputs[7].lifecyclestage = Field::Set(Lifecyclestage::Unlisted("royalty".into()));
    inputs[93].lifecyclestage = Field::Set(Lifecyclestage::Unlisted("peasant".into()));
    inputs[140].email = "p0@x.example".into();
    let out = client.contacts().batch_create(inputs.clone()).await;
    assert_eq!(out.failed_inputs(), vec![7, 93, 140], "{:?}", out.failures);
    assert_eq!(
        out.failure(93).map(BatchFailure::properties),
        Some(vec!["lifecyclestage".to_string()])
    );
    assert_eq!(out.failure(140).and_then(|f| f.error.status()), Some(409));
    for (i, record) in &out.results {
        assert_eq!(record.properties.email, inputs[*i].email, "input {i}");
    }
    assert_eq!(contacts_stored(&emulator), 99 + 147);
}

#[tokio::test]
async fn progress_is_monotone_and_ends_with_the_outcomes_counts() {
    let (_emulator, client) = setup().await;
    let mut inputs = upserts(450);
    // Two duplicates (refused before sending) and one invalid value (refused by HubSpot).
    inputs[10].0 = "p9@x.example".into();
    inputs[300].0 = "P299@X.example".into();
    inputs[420].1.lifecyclestage = Field::Set(Lifecyclestage::Unlisted("royalty".into()));
    let seen: Mutex<Vec<Progress>> = Mutex::new(Vec::new());
    let out = client
        .contacts()
        .batch_upsert(contacts::unique::EMAIL, inputs)
        .progress(|p| seen.lock().expect("not poisoned").push(p))
        .await;
    let seen = seen.into_inner().expect("not poisoned");
    assert_eq!(
        out.failed_inputs(),
        vec![10, 300, 420],
        "{:?}",
        out.failures
    );
    assert_eq!(out.results.len(), 447);

    assert!(
        seen.len() >= 6,
        "a report before sending and one per chunk: {seen:?}"
    );
    assert_eq!(
        (seen[0].done, seen[0].failed),
        (0, 2),
        "duplicates count at once"
    );
    assert!(seen.iter().all(|p| p.total == 450), "{seen:?}");
    for pair in seen.windows(2) {
        assert!(
            pair[1].done >= pair[0].done && pair[1].failed >= pair[0].failed,
            "never goes back: {pair:?}"
        );
        assert!(
            pair[1].finished() > pair[0].finished(),
            "each report moves: {pair:?}"
        );
    }
    let last = seen.last().copied().unwrap_or_default();
    assert_eq!(last.done + last.failed, last.total);
    assert!(last.is_finished());
    assert_eq!(last.done, out.results.len());
    assert_eq!(last.failed, out.failed_inputs().len());
}
