// `client.contracts().create(..)`: contracts are read-only (listed, read, batch read).
use hubspot_crm::contracts::ContractProperties;
use hubspot_crm::Client;

async fn demo(client: &Client) {
    let _ = client.contracts().create(ContractProperties::default()).await;
}

fn main() {}
