//! The bulk scenarios of `cargo xtask bench`, run small: the figures are the bench's, these
//! check what must hold whatever the machine.

use std::time::Duration;

use hubspot_crm_bench::{faults, rate};

#[tokio::test]
async fn alone_on_the_account_bulk_upserts_meet_no_429() {
    let report = rate::run(1, 1_200, 4, Duration::from_millis(200))
        .await
        .expect("every record stored once");
    assert_eq!(
        report.requests, 12,
        "one request per 100 records, none refused"
    );
    assert_eq!(report.rate_limited, 0);
    assert!(report.budget_share() > 0.0);
}

#[tokio::test]
async fn two_clients_sharing_the_account_lose_nothing() {
    let report = rate::run(2, 1_600, 4, Duration::from_millis(200))
        .await
        .expect("every record stored once");
    assert_eq!(report.succeeded(), 16);
    assert!(
        report.rate_limited <= 8,
        "they learn of each other: {report:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_upsert_through_faults_stores_every_record_exactly_once() {
    let report = faults::run(
        5_000,
        faults::standard_faults(7),
        1_000,
        Duration::from_millis(100),
    )
    .await
    .expect("the run was made");
    assert!(report.is_exact(), "{report:?}");
    assert!(
        report.requests > 50,
        "faults were met and retried: {report:?}"
    );
    assert!(report.rate_limited > 0, "{report:?}");
}
