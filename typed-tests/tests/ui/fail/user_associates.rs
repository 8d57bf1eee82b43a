// Users have no associations at all.
use hubspot_crm::companies::Company;
use hubspot_crm::users::User;
use hubspot_crm::{Associates, CrmObject};

fn associate<From: Associates<To>, To: CrmObject>() {}

fn main() {
    associate::<User, Company>();
    associate::<Company, User>();
}
