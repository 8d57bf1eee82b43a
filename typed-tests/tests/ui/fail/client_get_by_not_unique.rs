// Lookups (`get_by`, `update_by`, `batch_upsert`) take only the object's unique properties:
// not a property that is not unique, not a string, not another object's unique property.
use hubspot_crm::contacts::{self, ContactProperties};
use hubspot_crm::{companies, Client};

async fn demo(client: &Client) {
    let _ = client.contacts().get_by(contacts::unique::FIRSTNAME, "Ada").await;
    let _ = client.contacts().get_by("email", "ada@example.com").await;
    let _ = client
        .contacts()
        .update_by(companies::unique::DOMAIN, "a.example", ContactProperties::default())
        .await;
    let _ = client
        .contacts()
        .batch_upsert(contacts::props::FIRSTNAME, Vec::new())
        .await;
}

fn main() {}
