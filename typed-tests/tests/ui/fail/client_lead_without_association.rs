// A lead must be created with an association: `create` does not exist for leads.
use hubspot_crm::leads::LeadProperties;
use hubspot_crm::Client;

async fn demo(client: &Client) {
    let _ = client.leads().create(LeadProperties::default()).await;
}

fn main() {}
