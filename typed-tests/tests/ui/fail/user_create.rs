// Users can be read and updated, not created.
use hubspot_crm::users::User;
use hubspot_crm::Creatable;

fn create<O: Creatable>() {}

fn main() {
    create::<User>();
}
