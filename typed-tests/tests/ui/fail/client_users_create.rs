// `client.users().create(..)`: users can be read and updated, not created.
use hubspot_crm::users::UserProperties;
use hubspot_crm::Client;

async fn demo(client: &Client) {
    let _ = client.users().create(UserProperties::default()).await;
}

fn main() {}
