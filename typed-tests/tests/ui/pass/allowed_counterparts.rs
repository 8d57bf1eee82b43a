// The allowed counterparts of tests/ui/fail: these compile and their constants are right.
use hubspot_crm::companies::{Company, CompanyId};
use hubspot_crm::contacts::{Contact, ContactId};
use hubspot_crm::leads::Lead;
use hubspot_crm::users::User;
use hubspot_crm::{AssociationTypeId, Associates, Creatable, CrmObject, Readable, Updatable};

fn fetch_contact(id: &ContactId) -> &str {
    id.as_str()
}

fn associate<From: Associates<To>, To: CrmObject>() -> Option<AssociationTypeId> {
    From::DEFAULT_TYPE_ID
}

fn create<O: Creatable>() -> &'static str {
    O::INFO.name
}

fn read_and_update<O: Readable + Updatable>() -> &'static str {
    O::INFO.name
}

fn main() {
    assert_eq!(fetch_contact(&ContactId::new("101")), "101");
    let _company: CompanyId = CompanyId::new("101");

    assert_eq!(associate::<Contact, Company>(), Some(AssociationTypeId(279)));
    assert_eq!(associate::<Company, Contact>(), Some(AssociationTypeId(280)));
    assert_eq!(<Contact as Associates<Company>>::PRIMARY_TYPE_ID, Some(AssociationTypeId(1)));
    // HubSpot lists no unlabelled type ID for contact -> lead; the pair is still allowed.
    assert_eq!(associate::<Contact, Lead>(), None);
    assert_eq!(associate::<Lead, Contact>(), Some(AssociationTypeId(608)));

    assert_eq!(create::<Contact>(), "contacts");
    assert_eq!(read_and_update::<User>(), "users");
}
