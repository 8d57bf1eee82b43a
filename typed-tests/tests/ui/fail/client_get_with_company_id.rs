// `client.contacts().get(&company_id)`: a company's ID is not a contact's.
use hubspot_crm::companies::CompanyId;
use hubspot_crm::Client;

async fn demo(client: &Client, company_id: CompanyId) {
    let _ = client.contacts().get(&company_id).await;
}

fn main() {}
