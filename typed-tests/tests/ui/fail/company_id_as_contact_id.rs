// A company ID where a contact ID is expected.
use hubspot_crm::companies::CompanyId;
use hubspot_crm::contacts::ContactId;

fn fetch_contact(_id: &ContactId) {}

fn main() {
    let company = CompanyId::new("101");
    fetch_contact(&company);
}
