// `client.products().associate(..)`: products have no associations.
use hubspot_crm::contacts::ContactId;
use hubspot_crm::products::ProductId;
use hubspot_crm::Client;

async fn demo(client: &Client, product: ProductId, contact: ContactId) {
    let _ = client.products().associate(&product, &contact).await;
}

fn main() {}
