// The allowed counterparts of deal splits and association limits: deals split, pairs HubSpot
// defines carry limits and v3 types, the account's limits and reports are the client's.
use hubspot_crm::companies::Company;
use hubspot_crm::deals::DealId;
use hubspot_crm::runtime::client::SchemaParts;
use hubspot_crm::Client;

#[allow(dead_code)]
async fn demo(client: &Client, deal: DealId) {
    let _ = client.deals().splits().read(&[deal]).await;
    let _ = client.contacts().association_limits::<Company>().list().await;
    let _ = client.contacts().association_type_definitions::<Company>().await;
    let _ = client.associations().limits().await;
    let _ = client.associations().request_high_usage_report(1).await;
    let _ = client.schemas().read_many(&["contacts"], SchemaParts::ALL).await;
}

fn main() {}
