// A contact's filter in a deal search, and an ordering on text: neither compiles.
use hubspot_crm::{contacts, deals, Client};

async fn demo(client: &Client) {
    let _ = client.deals().search().filter(contacts::props::EMAIL.eq("a@b.c".to_string()));
    let _ = deals::props::DEALNAME.gt("m".to_string());
    let _ = deals::props::AMOUNT.contains_token("1");
}

fn main() {}
