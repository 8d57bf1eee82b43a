// `client.users().associate(..)`: users have no associations.
use hubspot_crm::companies::CompanyId;
use hubspot_crm::users::UserId;
use hubspot_crm::Client;

async fn demo(client: &Client, user: UserId, company: CompanyId) {
    let _ = client.users().associate(&user, &company).await;
}

fn main() {}
