// The pulled schema lets vehicles be associated with contacts only.
use hubspot_crm_downstream_example::hubspot::companies::CompanyId;
use hubspot_crm_downstream_example::hubspot::vehicles::VehicleId;
use hubspot_crm_downstream_example::hubspot::Client;

async fn link(client: Client) {
    let vehicle = VehicleId::new("1");
    let company = CompanyId::new("2");
    let _ = client.vehicles().associate(&vehicle, &company).await;
}

fn main() {
    let _ = link;
}
