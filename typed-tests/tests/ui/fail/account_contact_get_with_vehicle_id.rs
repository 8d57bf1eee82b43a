// An account's custom object has its own ID type: a vehicle's ID is not a contact's.
use hubspot_crm_downstream_example::hubspot::vehicles::VehicleId;
use hubspot_crm_downstream_example::hubspot::Client;

async fn read(client: Client) {
    let vehicle = VehicleId::new("1");
    let _ = client.contacts().get(&vehicle).await;
}

fn main() {
    let _ = read;
}
