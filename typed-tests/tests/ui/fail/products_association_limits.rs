// `client.products().association_limits::<Contact>()`: products have no associations, so no
// association type of theirs can carry a limit.
use hubspot_crm::contacts::Contact;
use hubspot_crm::Client;

fn demo(client: &Client) {
    let _ = client.products().association_limits::<Contact>();
}

fn main() {}
