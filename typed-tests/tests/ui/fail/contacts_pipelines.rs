// `client.contacts().pipelines()`: contacts do not move through pipelines.
use hubspot_crm::Client;

fn demo(client: &Client) {
    let _ = client.contacts().pipelines();
}

fn main() {}
