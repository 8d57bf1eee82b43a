// Products have no associations at all.
use hubspot_crm::contacts::Contact;
use hubspot_crm::products::Product;
use hubspot_crm::{Associates, CrmObject};

fn associate<From: Associates<To>, To: CrmObject>() {}

fn main() {
    associate::<Product, Contact>();
    associate::<Contact, Product>();
}
