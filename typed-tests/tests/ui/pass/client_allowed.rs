// The allowed counterparts of the client lines that must not compile.
use hubspot_crm::companies::CompanyId;
use hubspot_crm::contacts::{ContactId, ContactProperties};
use hubspot_crm::leads::LeadProperties;
use hubspot_crm::users::{UserId, UserProperties};
use hubspot_crm::Client;

#[allow(dead_code)]
async fn demo(client: &Client, contact: ContactId, company: CompanyId, user: UserId) {
    let _ = client.contacts().get(&contact).await;
    let _ = client.contacts().associate(&contact, &company).await;
    let _ = client.companies().associate(&company, &contact).await;
    let _ = client.contacts().create(ContactProperties::default()).await;
    let _ = client.users().get(&user).await;
    let _ = client.users().update(&user, UserProperties::default()).await;
    let leads = client.leads();
    let _ = leads.create_with(LeadProperties::default(), vec![leads.association_to(&contact)]).await;
}

fn main() {
    let client = Client::new("pat-na1-example");
    assert_eq!(client.core().base_url(), "https://api.hubapi.com");
    assert_eq!(client.core().api_version().as_str(), "2026-09");
}
