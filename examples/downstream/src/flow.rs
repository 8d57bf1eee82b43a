//! One run through the account's own types: a custom object, a custom property, an
//! association between them, records in the account's own pipelines, read back typed. The same file runs in the workspace against the
//! `hubspot-crm` crate regenerated after `cargo xtask pull` (`examples/account.rs`), so it
//! names the client only through `crate::hubspot`.

use futures_util::TryStreamExt;

use crate::hubspot::contacts::{ContactProperties, LoyaltyTier};
use crate::hubspot::deals::{DealProperties, Dealstage, Pipeline};
use crate::hubspot::vehicles::{
    self, Fuel, HsPipeline, HsPipelineStage, Vehicle, VehicleProperties,
};
use crate::hubspot::{Client, Decimal, Error, Field};

/// What one run made and read back.
#[derive(Debug)]
pub struct Outcome {
    /// The vehicle created.
    pub vehicle: String,
    /// The contact created.
    pub contact: String,
    /// The contact's vehicles, read through the association.
    pub linked: usize,
    /// The contact's loyalty tier, read back typed.
    pub tier: Option<LoyaltyTier>,
    /// The renewal deal's stage, read back typed: a stage of the account's own pipeline.
    pub stage: Option<Dealstage>,
    /// The vehicle's stage in its custom object's pipeline, read back typed.
    pub vehicle_stage: Option<HsPipelineStage>,
}

/// Creates a vehicle and a contact with the account's own properties, links them (the type
/// ID comes from the pulled tables) and reads everything back typed.
pub async fn run(client: &Client) -> Result<Outcome, Error> {
    let vehicle = client
        .vehicles()
        .create(VehicleProperties {
            vin: "WVWZZZ1JZXW000001".into(),
            model_year: Field::Set(Decimal::from(2024)),
            fuel: Field::Set(Fuel::Electric),
            // The custom object's own pipeline, pulled with it.
            hs_pipeline: Field::Set(HsPipeline::FleetLifecycle),
            hs_pipeline_stage: Field::Set(HsPipelineStage::InService),
            ..Default::default()
        })
        .await?;
    let contact = client
        .contacts()
        .create(ContactProperties {
            email: "ada@example.com".into(),
            loyalty_tier: Field::Set(LoyaltyTier::Gold),
            ..Default::default()
        })
        .await?;
    client
        .vehicles()
        .associate(&vehicle.id, &contact.id)
        .await?;
    let linked: Vec<_> = client
        .contacts()
        .associations::<Vehicle>(&contact.id)
        .try_collect()
        .await?;
    let again = client.contacts().get(&contact.id).await?;
    // The account's own pipeline and stage, named from their labels; the wire values are
    // the account's IDs.
    let deal = client
        .deals()
        .create(DealProperties {
            dealname: "Renewal".into(),
            pipeline: Field::Set(Pipeline::Renewals),
            dealstage: Field::Set(Dealstage::RenewalDue),
            ..Default::default()
        })
        .await?;
    let deal = client.deals().get(&deal.id).await?;
    // Looked up by the custom object's own unique property, typed from the pulled tables.
    let vehicle_stage = client
        .vehicles()
        .get_by(vehicles::unique::VIN, "WVWZZZ1JZXW000001")
        .await?
        .properties
        .hs_pipeline_stage
        .into_option();
    Ok(Outcome {
        vehicle: vehicle.id.to_string(),
        contact: contact.id.to_string(),
        linked: linked.len(),
        tier: again.properties.loyalty_tier.into_option(),
        stage: deal.properties.dealstage.into_option(),
        vehicle_stage,
    })
}
