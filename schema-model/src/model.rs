//! The schema tables as Rust types. `schema/README.md` documents every key.
//!
//! Unknown keys are rejected (`deny_unknown_fields`), so a typo in a table is an error with
//! its line rather than a silently ignored fact.

use serde::Deserialize;

pub use hubspot_crm_vocab::{
    AssociationCategory, Capabilities, Capability, HttpMethod, ObjectTypeId, PageLimits, Paging,
    PathParam, PropertyKind, RateClass, SearchLimits,
};

pub use crate::pipelines::{PipelineDef, PipelineOptions, PipelineProperties, StageDef};

/// The whole table: every object, what objects share, and the endpoint families.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Objects, sorted by [`ObjectDef::name`]. Each object's `properties` start with the
    /// shared system properties, and properties naming an option set carry its options.
    pub objects: Vec<ObjectDef>,
    /// `schema/shared.yaml`: system properties and option sets.
    pub shared: SharedDef,
    /// `schema/endpoints.yaml`.
    pub endpoints: EndpointsDef,
    /// What the account's tables (`schema/account/`) added: its custom objects are among
    /// `objects` (with `account` set), its extensions merged into the standard objects.
    pub account: Option<crate::account::AccountDef>,
}

impl Schema {
    /// The object with this API name (`contacts`), if any.
    pub fn object(&self, name: &str) -> Option<&ObjectDef> {
        self.objects.iter().find(|o| o.name == name)
    }

    /// The option set named `name`, if any.
    pub fn option_set(&self, name: &str) -> Option<&OptionSetDef> {
        self.shared.option_sets.iter().find(|s| s.name == name)
    }
}

/// `schema/shared.yaml`: facts every object, or several, share. An absent file shares nothing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedDef {
    /// Properties HubSpot keeps on every record of every object, standard or custom; they are
    /// read-only. Objects do not list them: the loader puts them first in every object.
    #[serde(default)]
    pub system_properties: Vec<PropertyDef>,
    /// Option sets several properties share; each is generated once.
    #[serde(default)]
    pub option_sets: Vec<OptionSetDef>,
    /// What HubSpot gives every custom object.
    #[serde(default)]
    pub custom_objects: CustomObjectsDef,
    /// Where this was read from (filled in by the loader).
    #[serde(skip)]
    pub source: crate::load::SourceRef,
}

/// What HubSpot gives every custom object.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomObjectsDef {
    /// The operations a custom object allows.
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    /// HubSpot names a custom object's default property group after the object's name with
    /// this suffix (`vehicles_information`).
    #[serde(default)]
    pub property_group_suffix: String,
    /// The properties naming a record's pipeline and stage, for custom objects with
    /// pipelines (HubSpot defines them: an account's tables do not list them).
    #[serde(default)]
    pub pipeline_properties: Option<PipelineProperties>,
}

/// Options several enumeration properties share (a contact's and a company's lifecycle
/// stage), written once and generated as one enum.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSetDef {
    /// Unique snake_case name; properties name it in `option_set`.
    pub name: String,
    /// What the options mean, in English; becomes the enum's rustdoc.
    pub description: String,
    /// The options, as a property's `options`.
    pub options: Vec<EnumOption>,
    /// Overrides the generated enum name (default: `name` in UpperCamelCase).
    #[serde(default)]
    pub enum_name: Option<String>,
}

/// One CRM object type: a file `schema/objects/<name>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectDef {
    /// HubSpot's type ID; absent for objects HubSpot addresses only by name.
    #[serde(default)]
    pub type_id: Option<ObjectTypeId>,
    /// The API path name (`/crm/v3/objects/{name}`); also the file stem.
    pub name: String,
    /// Singular, snake_case: names the Rust types (`Contact`, `ContactId`).
    pub singular: String,
    /// Plural, snake_case: names the Rust module and client accessor (`contacts`).
    pub plural: String,
    /// What the object stores, in English; becomes the module's rustdoc.
    pub description: String,
    /// The property group HubSpot puts the object's properties in unless told otherwise
    /// (`contactinformation`); new custom properties go there by default. Account objects
    /// without one get `{name}` + `shared.yaml`'s `custom_objects.property_group_suffix`.
    #[serde(default)]
    pub default_property_group: Option<String>,
    /// Properties with unique values beside `hs_object_id` (usable as `idProperty`).
    #[serde(default)]
    pub unique_properties: Vec<String>,
    /// Operations HubSpot allows on the object. Account (custom) objects do not list them:
    /// the loader gives them `shared.yaml`'s `custom_objects.capabilities`.
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    /// Where `capabilities` knowingly departs from HubSpot's published API descriptions (its
    /// OpenAPI files), each with the documentation the table follows instead. `cargo xtask
    /// audit` reports no difference for these capabilities and names them instead.
    #[serde(default)]
    pub capability_exceptions: Vec<CapabilityException>,
    /// Display labels, as HubSpot shows them (custom objects: the schema's `labels`).
    #[serde(default)]
    pub labels: Option<ObjectLabels>,
    /// A custom object's fully qualified name (`p1234_vehicles`).
    #[serde(default)]
    pub fully_qualified_name: Option<String>,
    /// A custom object's property shown as a record's name.
    #[serde(default)]
    pub primary_display_property: Option<String>,
    /// Associations a record needs when it is created: each group needs one of its objects.
    #[serde(default)]
    pub required_associations: Vec<RequiredAssociation>,
    /// Properties HubSpot returns when a request names none.
    #[serde(default)]
    pub default_properties: Vec<String>,
    /// Well-known properties: after loading, the shared system properties first, then the
    /// object's own.
    pub properties: Vec<PropertyDef>,
    /// Objects this one may be associated with.
    #[serde(default)]
    pub associations: Vec<AssociationDef>,
    /// For objects with pipelines: the two enumeration properties naming a record's
    /// pipeline and stage. The loader fills their options in from `pipelines`.
    #[serde(default)]
    pub pipeline_properties: Option<PipelineProperties>,
    /// The pipelines every account has (HubSpot's defaults), where HubSpot documents them.
    #[serde(default)]
    pub pipelines: Vec<PipelineDef>,
    /// Stage metadata keys HubSpot requires of every stage of this object's pipelines
    /// (deals: `probability`; tickets: `ticketState`).
    #[serde(default)]
    pub required_stage_metadata: Vec<String>,
    /// Where this object was read from (filled in by the loader).
    #[serde(skip)]
    pub source: crate::load::SourceRef,
    /// Whether the object is the account's own (a custom object pulled into the account
    /// tables) rather than one of HubSpot's standard objects (filled in by the loader).
    #[serde(skip)]
    pub account: bool,
    /// The account extension whose `pipelines` replaced the table's (filled in by the
    /// loader, for errors that name the right file).
    #[serde(skip)]
    pub pipelines_source: Option<crate::load::SourceRef>,
}

/// An object's display labels.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectLabels {
    /// Singular (`Vehicle`).
    pub singular: String,
    /// Plural (`Vehicles`).
    pub plural: String,
}

impl ObjectDef {
    /// Whether the object allows `cap`.
    pub fn has(&self, cap: Capability) -> bool {
        self.capabilities.contains(&cap)
    }

    /// The segment that addresses the object in a URL: its type ID, or its name without one.
    pub fn path_segment(&self) -> &str {
        self.type_id.as_ref().map_or(&self.name, |t| t.as_str())
    }
}

/// A documented departure of an object's capabilities from HubSpot's published API
/// descriptions: HubSpot's reference lists an operation its guides say the object does not
/// allow (or the reverse), and the table follows the guides.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapabilityException {
    /// The capabilities the table decides against the published descriptions.
    pub capabilities: Vec<Capability>,
    /// The page of HubSpot's documentation the table follows, by title.
    pub source: String,
    /// What the published descriptions say, what the source says, and why the table follows
    /// the source.
    pub reason: String,
}

/// A group of objects of which a new record must be associated with at least one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredAssociation {
    /// Object names; one association to any of them satisfies the group.
    pub one_of: Vec<String>,
}

/// A well-known property of an object.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyDef {
    /// HubSpot's internal name (`firstname`).
    pub name: String,
    /// HubSpot's type.
    #[serde(rename = "type")]
    pub kind: PropertyKind,
    /// Human label.
    #[serde(default)]
    pub label: Option<String>,
    /// What the property holds.
    #[serde(default)]
    pub description: Option<String>,
    /// HubSpot sets it; requests cannot.
    #[serde(default)]
    pub read_only: bool,
    /// May be set when a record is created (imports and migrations do), never changed after.
    #[serde(default)]
    pub create_only: bool,
    /// Values that differ only in letter case are the same value: for unique properties,
    /// matched so (contacts' `email`: `Ada@X.example` is `ada@x.example`) when HubSpot checks
    /// uniqueness and looks records up by it (`idProperty`, upserts, imports).
    #[serde(default)]
    pub case_insensitive: bool,
    /// A system property from `shared.yaml`, which HubSpot keeps on every record of every
    /// object (filled in by the loader; implies `read_only`).
    #[serde(skip)]
    pub system: bool,
    /// Needed when a record is created.
    #[serde(default)]
    pub required: bool,
    /// A multi-select enumeration (values joined by `;`).
    #[serde(default)]
    pub multiple: bool,
    /// Options of an enumeration; an enumeration without options takes any string. For a
    /// property naming an `option_set`, the loader fills these in from the set.
    #[serde(default)]
    pub options: Vec<EnumOption>,
    /// The shared option set (in `shared.yaml`) whose options this enumeration takes.
    #[serde(default)]
    pub option_set: Option<String>,
    /// Overrides the generated field name.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// Overrides the generated enum name.
    #[serde(default)]
    pub enum_name: Option<String>,
    /// The file that listed the property, when it is not the object's own: an account
    /// extension (filled in by the loader, for errors that name the right file).
    #[serde(skip)]
    pub source: Option<crate::load::SourceRef>,
}

/// An enumeration option: a plain value, or a value with a label that names its variant.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum EnumOption {
    /// A value whose variant is named after itself.
    Plain(String),
    /// A value (often an opaque ID) with a human label.
    Labelled {
        /// The wire value.
        value: String,
        /// The label; names the variant.
        label: String,
    },
}

impl EnumOption {
    /// The wire value.
    pub fn value(&self) -> &str {
        match self {
            EnumOption::Plain(v) | EnumOption::Labelled { value: v, .. } => v,
        }
    }

    /// The label, if one is given.
    pub fn label(&self) -> Option<&str> {
        match self {
            EnumOption::Plain(_) => None,
            EnumOption::Labelled { label, .. } => Some(label),
        }
    }

    /// What names the variant: the label, else the value.
    pub fn variant_source(&self) -> &str {
        self.label().unwrap_or(self.value())
    }
}

/// An allowed association from this object to another.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssociationDef {
    /// The target object's name.
    pub to: String,
    /// HubSpot's unlabelled (default) `HUBSPOT_DEFINED` type ID, when HubSpot lists one.
    #[serde(default)]
    pub type_id: Option<u32>,
    /// The type ID of the primary association, where one exists.
    #[serde(default)]
    pub primary_type_id: Option<u32>,
    /// Other labelled type IDs for this direction: HubSpot's, and the account's own.
    #[serde(default)]
    pub labels: Vec<AssociationLabel>,
    /// The file that listed the association, when it is not the object's own: an account
    /// extension (filled in by the loader).
    #[serde(skip)]
    pub source: Option<crate::load::SourceRef>,
}

/// A labelled association type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssociationLabel {
    /// Its type ID.
    pub type_id: u32,
    /// Its label.
    pub label: String,
    /// Who defined it: HubSpot (the default) or the account (`USER_DEFINED`).
    #[serde(default = "hubspot_defined")]
    pub category: AssociationCategory,
}

fn hubspot_defined() -> AssociationCategory {
    AssociationCategory::HubspotDefined
}

/// `schema/endpoints.yaml`: API versions and endpoint families.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointsDef {
    /// API versions, oldest first.
    pub versions: Vec<VersionDef>,
    /// The version a client uses unless told otherwise.
    pub default_version: String,
    /// The longest URL HubSpot accepts, in characters (scheme, host, path and query,
    /// encoded); longer ones are answered `414 URI Too Long`.
    pub max_url_chars: u32,
    /// The endpoint families.
    pub endpoints: Vec<EndpointDef>,
    /// HubSpot's rate limits: the budgets, the policies a 429 names, the headers that report
    /// them.
    pub rate_limits: RateLimitsDef,
    /// What the tables knowingly leave out of HubSpot's published API descriptions, and why:
    /// `cargo xtask audit` lists these instead of failing on them.
    #[serde(default)]
    pub audit_exceptions: Vec<AuditException>,
    /// Where this was read from (filled in by the loader).
    #[serde(skip)]
    pub source: crate::load::SourceRef,
}

/// `rate_limits` of `endpoints.yaml`: what HubSpot limits an account's requests to, how a 429
/// names the limit it hit, and the headers every answer reports the budget in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitsDef {
    /// The rolling window of the account's burst budget, in milliseconds (HubSpot: ten
    /// seconds).
    pub window_ms: u64,
    /// Search requests allowed per second, beside the window's budget (families with
    /// `rate_class: search`).
    pub search_per_second: u32,
    /// The tier a client and the emulator assume unless told otherwise; one of `tiers`.
    pub default_tier: String,
    /// HubSpot's budgets by account tier, smallest first.
    pub tiers: Vec<RateTierDef>,
    /// HubSpot's names of the limits a 429 says it hit (its body's `policyName`).
    pub policies: RatePoliciesDef,
    /// The names of the response headers reporting the budget.
    pub headers: RateHeadersDef,
}

/// One of HubSpot's rate-limit tiers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateTierDef {
    /// snake_case name (`professional`); generated as a variant of `RateTier`.
    pub name: String,
    /// Which accounts (or apps) have it.
    pub description: String,
    /// Requests allowed per window (`window_ms`).
    pub per_window: u32,
    /// Requests allowed per day, where HubSpot states a number of its own for the tier.
    #[serde(default)]
    pub daily: Option<u64>,
}

/// HubSpot's `policyName` of each limit a 429 can name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatePoliciesDef {
    /// The rolling window's budget (`TEN_SECONDLY_ROLLING`): wait for the window.
    pub ten_secondly: String,
    /// A per-second budget (`SECONDLY`; search's): wait a second.
    pub secondly: String,
    /// The daily budget (`DAILY`): nothing helps until the day ends.
    pub daily: String,
}

impl RatePoliciesDef {
    /// Each policy's key in the table and HubSpot's name for it, in table order.
    pub fn entries(&self) -> [(&'static str, &str); 3] {
        [
            ("ten_secondly", &self.ten_secondly),
            ("secondly", &self.secondly),
            ("daily", &self.daily),
        ]
    }
}

/// The names of HubSpot's rate-limit response headers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateHeadersDef {
    /// The window's budget (requests per window).
    pub max: String,
    /// Requests left in the current window.
    pub remaining: String,
    /// The window's length, in milliseconds.
    pub interval_milliseconds: String,
    /// A per-second budget.
    pub secondly: String,
    /// Requests left in the current second.
    pub secondly_remaining: String,
    /// The daily budget.
    pub daily: String,
    /// Requests left today.
    pub daily_remaining: String,
}

impl RateHeadersDef {
    /// Each header's key in the table and its name, in table order.
    pub fn entries(&self) -> [(&'static str, &str); 7] {
        [
            ("max", &self.max),
            ("remaining", &self.remaining),
            ("interval_milliseconds", &self.interval_milliseconds),
            ("secondly", &self.secondly),
            ("secondly_remaining", &self.secondly_remaining),
            ("daily", &self.daily),
            ("daily_remaining", &self.daily_remaining),
        ]
    }
}

/// A documented departure of the tables from HubSpot's published API descriptions, other than
/// an object's capabilities (those are `capability_exceptions`): exactly one of `operations`,
/// `family` or `object`, with the reason.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditException {
    /// Operations HubSpot describes that no family has, as HubSpot prints them, with their
    /// version segment: `POST /crm/v3/associations/{fromObjectType}/{toObjectType}/batch/read`
    /// (placeholder names do not matter).
    #[serde(default)]
    pub operations: Vec<String>,
    /// A family whose path HubSpot's descriptions of `versions` lack.
    #[serde(default)]
    pub family: Option<String>,
    /// With `family`: the versions whose descriptions lack its path.
    #[serde(default)]
    pub versions: Vec<String>,
    /// An object HubSpot describes by name that no table has.
    #[serde(default)]
    pub object: Option<String>,
    /// What HubSpot publishes, what the tables do instead, and why.
    pub reason: String,
}

impl AuditException {
    /// An entry of `operations` split into its method and path, when it is well formed.
    pub fn method_and_path(operation: &str) -> Option<(HttpMethod, &str)> {
        let (method, path) = operation.trim().split_once(' ')?;
        let method = HttpMethod::parse(method.trim())?;
        let path = path.trim();
        path.starts_with('/').then_some((method, path))
    }
}

/// One API version.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionDef {
    /// `legacy` for the `/crm/v3`, `/crm/v4` paths, or a date version such as `2026-03`.
    pub name: String,
    /// What distinguishes it.
    pub description: String,
}

/// One endpoint family (an operation on any object type).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointDef {
    /// Unique snake_case name (`objects_create`).
    pub name: String,
    /// What it does.
    pub description: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template per version name, with `{placeholders}`.
    pub paths: std::collections::BTreeMap<String, String>,
    /// Capabilities the object type must allow (all of them).
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    /// Query parameters it takes.
    #[serde(default)]
    pub query: Vec<String>,
    /// The request body.
    pub request: BodyKind,
    /// The success response body.
    pub response: BodyKind,
    /// The success status code (of every version not in `status_by_version`).
    pub status: u16,
    /// The success status of the versions where HubSpot answers differently, by version
    /// name (association `batch/archive`: 204 in legacy v4, 200 with a batch body in the
    /// date versions).
    #[serde(default)]
    pub status_by_version: std::collections::BTreeMap<String, u16>,
    /// How results are paged.
    #[serde(default)]
    pub paging: Paging,
    /// Most inputs one request may carry (batch families).
    #[serde(default)]
    pub batch_limit: Option<u32>,
    /// Whether sending the request twice has the effect of sending it once.
    pub idempotent: bool,
    /// Page sizes (paged families).
    #[serde(default)]
    pub page_size: Option<PageLimits>,
    /// Limits of one search request (the search family).
    #[serde(default)]
    pub search_limits: Option<SearchLimits>,
    /// Which rate limits its requests count against.
    #[serde(default)]
    pub rate_class: RateClass,
}

impl EndpointDef {
    /// The success status in version `version` (a version name): `status_by_version`'s,
    /// else `status`.
    pub fn status_in(&self, version: &str) -> u16 {
        self.status_by_version
            .get(version)
            .copied()
            .unwrap_or(self.status)
    }
}

macro_rules! body_kinds {
    ($($variant:ident = $wire:literal: $doc:literal,)*) => {
        /// The shape of a request or response body.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
        pub enum BodyKind {
            $(#[doc = $doc] #[serde(rename = $wire)] $variant,)*
        }

        impl BodyKind {
            /// Every body kind.
            pub const ALL: &'static [BodyKind] = &[$(BodyKind::$variant,)*];

            /// The name used in the tables.
            pub fn as_str(self) -> &'static str {
                match self { $(BodyKind::$variant => $wire,)* }
            }
        }
    };
}

body_kinds! {
    None = "none": "No body.",
    ObjectInput = "object_input": "`{properties, associations}` for a new record.",
    ObjectUpdate = "object_update": "`{properties}` for an update.",
    Object = "object": "A record.",
    ObjectPage = "object_page": "`{results: [record], paging}`.",
    BatchReadInput = "batch_read_input": "`{inputs: [{id}], properties, propertiesWithHistory, idProperty}`.",
    BatchCreateInput = "batch_create_input": "`{inputs: [{properties, associations}]}`.",
    BatchUpdateInput = "batch_update_input": "`{inputs: [{id, idProperty?, properties}]}`.",
    BatchArchiveInput = "batch_archive_input": "`{inputs: [{id}]}`.",
    BatchResult = "batch_result": "`{status, results, errors?, numErrors?}` (207 when some inputs failed).",
    SearchRequest = "search_request": "`{filterGroups, sorts, query, properties, limit, after}`.",
    SearchPage = "search_page": "`{total, results, paging}`.",
    MergeInput = "merge_input": "`{primaryObjectId, objectIdToMerge}`.",
    GdprDeleteInput = "gdpr_delete_input": "`{objectId, idProperty?}`.",
    AssociationTypes = "association_types": "`[{associationCategory, associationTypeId}]`.",
    AssociationResult = "association_result": "`{fromObjectTypeId, fromObjectId, toObjectTypeId, toObjectId, labels}`.",
    AssociationPage = "association_page": "`{results: [{toObjectId, associationTypes}], paging}`.",
    AssociationBatchInput = "association_batch_input": "`{inputs: [...]}` for the association batch endpoints.",
    AssociationBatchResult = "association_batch_result": "Association batch results, 207 when some failed.",
    LabelInput = "label_input": "`{label, name, inverseLabel?}`.",
    LabelUpdate = "label_update": "`{associationTypeId, label, inverseLabel?}`.",
    LabelList = "label_list": "`{results: [{category, typeId, label}]}`.",
    PropertyInput = "property_input": "A property definition to create.",
    PropertyUpdate = "property_update": "Changes to a property definition.",
    Property = "property": "A property definition.",
    PropertyList = "property_list": "`{results: [property]}`.",
    PropertyBatchInput = "property_batch_input": "`{inputs: [...]}` of property names or definitions.",
    PropertyBatchResult = "property_batch_result": "`{status, results, errors?}` of properties.",
    PropertyGroupInput = "property_group_input": "`{name, label, displayOrder?}`.",
    PropertyGroupUpdate = "property_group_update": "`{label?, displayOrder?}`.",
    PropertyGroup = "property_group": "A property group.",
    PropertyGroupList = "property_group_list": "`{results: [group]}`.",
    SchemaInput = "schema_input": "A custom object definition to create.",
    SchemaUpdate = "schema_update": "Changes to a custom object definition.",
    ObjectSchema = "object_schema": "A custom object definition.",
    SchemaList = "schema_list": "`{results: [schema]}`.",
    SchemaAssociationInput = "schema_association_input": "`{fromObjectTypeId, toObjectTypeId, name?}`.",
    SchemaAssociation = "schema_association": "An association definition of a custom object.",
    ImportRequest = "import_request": "multipart: `importRequest` JSON and the files.",
    Import = "import": "An import's state.",
    ImportPage = "import_page": "`{results: [import], paging}`.",
    ImportErrorPage = "import_error_page": "`{results: [error], paging}` of an import.",
    PipelineInput = "pipeline_input": "`{label, displayOrder, stages: [stage_input]}`: a pipeline to create, or one replacing another.",
    PipelineUpdate = "pipeline_update": "`{label?, displayOrder?, archived?}`.",
    Pipeline = "pipeline": "`{id, label, displayOrder, archived, createdAt, updatedAt, stages}`.",
    PipelineList = "pipeline_list": "`{results: [pipeline]}`.",
    StageInput = "stage_input": "`{label, displayOrder, metadata}`: a stage to create, or one replacing another.",
    StageUpdate = "stage_update": "`{label?, displayOrder?, metadata?, archived?}`.",
    Stage = "stage": "`{id, label, displayOrder, metadata, archived, createdAt, updatedAt}`.",
    StageList = "stage_list": "`{results: [stage]}`.",
    PipelineAuditList = "pipeline_audit_list": "`{results: [{action, identifier, portalId, fromUserId?, message?, rawObject?, timestamp?}]}`: the changes made to a pipeline or stage, newest first.",
    Owner = "owner": "`{id, email, firstName, lastName, userId, teams, archived, createdAt, updatedAt}`.",
    OwnerPage = "owner_page": "`{results: [owner], paging}`.",
    AssociationTypeDefinitions = "association_type_definitions": "`{results: [{id, name}]}`: the v3 association types of a pair.",
    AssociationLimitList = "association_limit_list": "`{results: [{category, typeId, label?, userEnforcedMaxToObjectIds?}]}`: association types and the limits set on them.",
    AssociationLimitBatchInput = "association_limit_batch_input": "`{inputs: [{category, typeId, maxToObjectIds}]}`: limits to set on association types.",
    AssociationSpecBatchInput = "association_spec_batch_input": "`{inputs: [{category, typeId}]}`: association types (whose limits to remove).",
    AssociationLimitBatchResult = "association_limit_batch_result": "`{status, results: [{category, typeId, label?, userEnforcedMaxToObjectIds}], errors?}` (207 when some inputs failed).",
    HighUsageReport = "high_usage_report": "`{userEmail, userId, enqueueTime: {value, dateOnly, timeZoneShift}}`: a report queued for a user.",
    SchemaBatchReadInput = "schema_batch_read_input": "`{inputs: [objectType], includePropertyDefinitions, includeAssociationDefinitions, includeAuditMetadata}`.",
    DealSplitBatchReadInput = "deal_split_batch_read_input": "`{inputs: [{id}]}` of deal IDs.",
    DealSplitBatchUpsertInput = "deal_split_batch_upsert_input": "`{inputs: [{id, splits: [{ownerId, percentage}]}]}`: each deal's splits, replacing its others.",
    DealSplitBatchResult = "deal_split_batch_result": "`{status, results: [{id, splits: [{id, properties: {hubspot_owner_id, hs_deal_split_percentage}, ...}]}], errors?}` (207 when some inputs failed).",
}
