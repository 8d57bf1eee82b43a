//! Create, read, associate, update and archive records with the typed client.
//!
//! ```sh
//! cargo run -p hubspot-crm-examples --example quickstart
//! ```
//!
//! With `HUBSPOT_ACCESS_TOKEN` set (and optionally `HUBSPOT_BASE_URL`) it talks to that
//! account; without, it starts the local emulator in this process and talks to it, so it runs
//! on any machine.

use hubspot_crm::companies::CompanyProperties;
use hubspot_crm::contacts::{ContactProperties, Lifecyclestage};
use hubspot_crm::{Client, Field};
use hubspot_crm_emulator::{Config, Emulator};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
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

    let contact = client
        .contacts()
        .create(ContactProperties {
            email: "ada@example.com".into(),
            firstname: "Ada".into(),
            lifecyclestage: Field::Set(Lifecyclestage::Lead),
            ..Default::default()
        })
        .await?;
    println!("created contact {}", contact.id);

    let company = client
        .companies()
        .create(CompanyProperties {
            name: "Analytical Engines Ltd".into(),
            domain: "engines.example".into(),
            ..Default::default()
        })
        .await?;
    println!("created company {}", company.id);

    // Only pairs HubSpot allows compile; the association type ID comes from the schema.
    client
        .contacts()
        .associate(&contact.id, &company.id)
        .await?;
    println!(
        "associated contact {} with company {}",
        contact.id, company.id
    );

    let changes = ContactProperties {
        lastname: "Lovelace".into(),
        lifecyclestage: Field::Set(Lifecyclestage::Customer),
        ..Default::default()
    };
    let updated = client.contacts().update(&contact.id, changes).await?;
    println!(
        "updated: {} {} is now a {:?}",
        updated
            .properties
            .firstname
            .get()
            .map_or("?", String::as_str),
        updated
            .properties
            .lastname
            .get()
            .map_or("?", String::as_str),
        updated.properties.lifecyclestage.get(),
    );

    // A duplicate email is a typed conflict that names the existing record.
    let duplicate = ContactProperties {
        email: "ada@example.com".into(),
        ..Default::default()
    };
    match client.contacts().create(duplicate).await {
        Err(e) if e.existing_id().is_some() => {
            println!(
                "duplicate refused; existing ID {}",
                e.existing_id().unwrap_or_default()
            )
        }
        other => println!("unexpected: {other:?}"),
    }

    client.contacts().archive(&contact.id).await?;
    client.companies().archive(&company.id).await?;
    println!("archived both");

    if let Some(emulator) = emulator {
        emulator.stop().await?;
    }
    Ok(())
}
