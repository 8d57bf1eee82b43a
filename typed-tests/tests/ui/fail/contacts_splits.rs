// `client.contacts().splits()`: only deals' credit is split among owners.
use hubspot_crm::Client;

fn demo(client: &Client) {
    let _ = client.contacts().splits();
}

fn main() {}
