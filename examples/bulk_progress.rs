//! Upsert a few thousand contacts in bulk with a progress bar, then archive them again.
//!
//! ```sh
//! cargo run -p hubspot-crm-examples --example bulk_progress          # 3,000 contacts
//! BULK_PROGRESS_COUNT=500 cargo run -p hubspot-crm-examples --example bulk_progress
//! ```
//!
//! With `HUBSPOT_ACCESS_TOKEN` set (and optionally `HUBSPOT_BASE_URL`) it talks to that
//! account (the contacts are `bulk-progress-N@example.com`, archived at the end); without, it
//! starts the local emulator in this process and talks to it, so it runs on any machine.
//!
//! Every batch method returns a request that reports its [`Progress`] (inputs done, failed,
//! and in all) through `.progress(callback)` as each chunk of 100 settles; here the callback
//! moves an [`indicatif`] bar. The bar draws on stderr when it is a terminal (and is cleared
//! when the batch is done), and stays hidden otherwise (in CI); the outcome is printed
//! either way.

use hubspot_crm::contacts::{self, ContactId, ContactProperties, Lifecyclestage};
use hubspot_crm::{Client, Field, Progress};
use hubspot_crm_emulator::{Config, Emulator};
use indicatif::{ProgressBar, ProgressStyle};

/// A bar for `what` over `len` inputs, moved by a batch's progress reports.
fn bar(what: &'static str, len: usize) -> Result<ProgressBar, indicatif::style::TemplateError> {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{prefix:>9} [{bar:40}] {pos}/{len} {msg}")?
            .progress_chars("=> "),
    );
    bar.set_prefix(what);
    Ok(bar)
}

/// The callback to give `.progress(...)`: the bar's length is the batch's inputs, its
/// position those settled (succeeded or failed), its message those that failed.
fn report_to(bar: &ProgressBar) -> impl FnMut(Progress) + Send + 'static {
    let bar = bar.clone();
    move |p: Progress| {
        bar.set_length(p.total as u64);
        bar.set_position(p.finished() as u64);
        bar.set_message(format!("{} failed", p.failed));
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = match std::env::var("BULK_PROGRESS_COUNT") {
        Ok(n) => n.parse()?,
        Err(_) => 3_000,
    };
    // A real account if a token is set, else a local emulator.
    let (client, emulator) = if std::env::var("HUBSPOT_ACCESS_TOKEN").is_ok() {
        (Client::from_env()?, None)
    } else {
        let emulator = Emulator::start(Config::default()).await?;
        println!(
            "no HUBSPOT_ACCESS_TOKEN: using the emulator at {}",
            emulator.base_url()
        );
        let client = Client::builder()
            .token(emulator.token())
            .base_url(emulator.base_url())
            .build()?;
        (client, Some(emulator))
    };

    // One row per contact, keyed by email; the last row repeats the first email in capitals,
    // which HubSpot would count as the same contact: the client sends the first and reports
    // the repeat as a failure naming it, without sending it.
    let mut rows: Vec<(String, ContactProperties)> = (0..count)
        .map(|i| {
            let email = format!("bulk-progress-{i}@example.com");
            let properties = ContactProperties {
                firstname: format!("Row {i}").into(),
                lifecyclestage: Field::Set(Lifecyclestage::Lead),
                ..Default::default()
            };
            (email, properties)
        })
        .collect();
    if count > 0 {
        rows.push((
            "BULK-PROGRESS-0@EXAMPLE.COM".into(),
            ContactProperties::default(),
        ));
    }

    let upserting = bar("upserting", rows.len())?;
    let upserted = client
        .contacts()
        .batch_upsert(contacts::unique::EMAIL, rows)
        .progress(report_to(&upserting))
        .await;
    upserting.finish_and_clear();
    let created = upserted.values().filter(|u| u.created).count();
    println!(
        "upserted {} contacts ({created} created, {} updated), {} inputs failed",
        upserted.results.len(),
        upserted.results.len() - created,
        upserted.failed_inputs().len()
    );
    for failure in &upserted.failures {
        match &failure.duplicate {
            Some(d) => println!(
                "  input {:?}: same email as input {} ({}), not sent",
                failure.inputs, d.first, d.key
            ),
            None => println!(
                "  inputs {:?}: {} (properties {:?})",
                failure.inputs,
                failure.error,
                failure.properties()
            ),
        }
    }

    // Leave the account as it was.
    let ids: Vec<ContactId> = upserted.values().map(|u| u.record.id.clone()).collect();
    let archiving = bar("archiving", ids.len())?;
    let archived = client
        .contacts()
        .batch_archive(&ids)
        .progress(report_to(&archiving))
        .await;
    archiving.finish_and_clear();
    println!(
        "archived {} contacts, {} failed",
        archived.results.len(),
        archived.failed_inputs().len()
    );

    if let Some(emulator) = emulator {
        emulator.stop().await?;
    }
    let expected_failures = usize::from(count > 0);
    if upserted.failed_inputs().len() != expected_failures || !archived.is_complete() {
        return Err("some inputs failed unexpectedly".into());
    }
    Ok(())
}
