// The counterparts of the account compile-fail cases: the account's types where they fit.
use hubspot_crm_downstream_example::hubspot::contacts::{ContactId, ContactProperties, LoyaltyTier};
use hubspot_crm_downstream_example::hubspot::vehicles::{Fuel, VehicleId, VehicleProperties};
use hubspot_crm_downstream_example::hubspot::{Client, Field};

async fn ok(client: Client) {
    let vehicle = VehicleId::new("1");
    let contact = ContactId::new("2");
    let _ = client.vehicles().get(&vehicle).await;
    let _ = client.vehicles().associate(&vehicle, &contact).await;
    let _ = client.contacts().associate(&contact, &vehicle).await;
    let _ = VehicleProperties {
        fuel: Field::Set(Fuel::Electric),
        ..Default::default()
    };
    let _ = ContactProperties {
        loyalty_tier: Field::Set(LoyaltyTier::Gold),
        ..Default::default()
    };
}

fn main() {
    let _ = ok;
}
