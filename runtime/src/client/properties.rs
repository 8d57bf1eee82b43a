//! Property definitions and groups of an object (HubSpot's properties API): list, read,
//! create (custom properties, including unique ones), update, archive.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::wire::Page;
use super::{Error, Objects, Response};
use crate::endpoints::Family;
use crate::metadata::PropertyKind;
use crate::object::CrmObject;
use crate::vocab::PathParam::{GroupName, PropertyName};

/// An enumeration option of a property definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyOption {
    /// Display label.
    pub label: String,
    /// Internal value.
    pub value: String,
    /// Display order.
    #[serde(default)]
    pub display_order: i64,
    /// Hidden from forms.
    #[serde(default)]
    pub hidden: bool,
}

impl PropertyOption {
    /// An option labelled `label` with value `value`.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        PropertyOption {
            label: label.into(),
            value: value.into(),
            display_order: 0,
            hidden: false,
        }
    }
}

/// A property definition as HubSpot returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyDefinition {
    /// Internal name.
    pub name: String,
    /// Display label.
    #[serde(default)]
    pub label: String,
    /// Type (`string`, `number`, `bool`, `date`, `datetime`, `enumeration`, `phone_number`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Field type (`text`, `select`, `checkbox`, ...).
    #[serde(default)]
    pub field_type: String,
    /// Group.
    #[serde(default)]
    pub group_name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Enumeration options.
    #[serde(default)]
    pub options: Vec<PropertyOption>,
    /// Values are unique across records.
    #[serde(default)]
    pub has_unique_value: bool,
    /// Defined by HubSpot.
    #[serde(default)]
    pub hubspot_defined: Option<bool>,
    /// Archived.
    #[serde(default)]
    pub archived: bool,
}

/// A custom property to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProperty {
    /// Internal name: lowercase letters, digits and `_`, starting with a letter.
    pub name: String,
    /// Display label.
    pub label: String,
    /// Type.
    pub kind: PropertyKind,
    /// Field type; `None` picks HubSpot's usual one for the type.
    pub field_type: Option<String>,
    /// Group; `None` is the object's default group (`contactinformation`, or for a custom
    /// object `{name}_information`, as HubSpot names them; `create_property` fills it in from
    /// the tables, and a new custom object's properties go to its default group).
    pub group_name: Option<String>,
    /// Description.
    pub description: String,
    /// Options of an enumeration.
    pub options: Vec<PropertyOption>,
    /// Make values unique across records (usable as `idProperty`).
    pub has_unique_value: bool,
}

impl NewProperty {
    /// A property of `kind` named `name`, labelled with its name, in the object's default
    /// property group (see [`NewProperty::in_group`]).
    ///
    /// ```
    /// use hubspot_crm_runtime::client::NewProperty;
    /// use hubspot_crm_runtime::PropertyKind;
    /// let shoe_size = NewProperty::new("shoe_size", PropertyKind::Number);
    /// assert_eq!(shoe_size.group_name, None, "the object's default group");
    /// let tier = NewProperty::new("tier", PropertyKind::String).in_group("membership");
    /// assert_eq!(tier.group_name.as_deref(), Some("membership"));
    /// ```
    pub fn new(name: impl Into<String>, kind: PropertyKind) -> Self {
        let name = name.into();
        NewProperty {
            label: name.clone(),
            name,
            kind,
            field_type: None,
            group_name: None,
            description: String::new(),
            options: Vec::new(),
            has_unique_value: false,
        }
    }

    /// The property in the group `group` instead of the object's default one.
    pub fn in_group(mut self, group: impl Into<String>) -> Self {
        self.group_name = Some(group.into());
        self
    }

    pub(super) fn body(&self) -> Value {
        let field_type = self
            .field_type
            .clone()
            .unwrap_or_else(|| self.kind.default_field_type(false).to_string());
        let mut body = json!({
            "name": self.name,
            "label": self.label,
            "type": self.kind.as_str(),
            "fieldType": field_type,
            "description": self.description,
            "hasUniqueValue": self.has_unique_value,
        });
        if !self.options.is_empty() || self.kind == PropertyKind::Enumeration {
            body["options"] = json!(self.options);
        }
        if let Some(group) = &self.group_name {
            body["groupName"] = json!(group);
        }
        body
    }
}

/// A property group.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyGroup {
    /// Internal name.
    pub name: String,
    /// Display label.
    #[serde(default)]
    pub label: String,
    /// Display order.
    #[serde(default)]
    pub display_order: i64,
    /// Archived.
    #[serde(default)]
    pub archived: bool,
}

impl<O: CrmObject> Objects<'_, O> {
    /// Calls a properties family of the object, with a property's or group's name where the
    /// path takes one, and a JSON body where the family takes one.
    async fn properties_call(
        &self,
        family: Family,
        name: Option<(crate::vocab::PathParam, &str)>,
        body: Option<&Value>,
    ) -> Result<Response, Error> {
        self.wire().properties_call(family, name, body).await
    }

    /// Every live property definition of the object, HubSpot's and the account's.
    pub async fn property_definitions(&self) -> Result<Vec<PropertyDefinition>, Error> {
        let page: Page<PropertyDefinition> = self
            .properties_call(Family::PropertiesList, None, None)
            .await?
            .json()?;
        Ok(page.results)
    }

    /// One property definition.
    pub async fn property_definition(&self, name: &str) -> Result<PropertyDefinition, Error> {
        self.properties_call(Family::PropertiesGet, Some((PropertyName, name)), None)
            .await?
            .json()
    }

    /// Creates a custom property, in the object's default group unless the property names
    /// one; it can be written through `custom` at once.
    pub async fn create_property(
        &self,
        property: &NewProperty,
    ) -> Result<PropertyDefinition, Error> {
        let mut body = property.body();
        if property.group_name.is_none() {
            body["groupName"] = json!(O::INFO.default_property_group);
        }
        self.properties_call(Family::PropertiesCreate, None, Some(&body))
            .await?
            .json()
    }

    /// Changes a property's label, description or options (fields given in `changes`, as
    /// HubSpot names them: `{"label": "..."}`).
    pub async fn update_property(
        &self,
        name: &str,
        changes: Value,
    ) -> Result<PropertyDefinition, Error> {
        self.properties_call(
            Family::PropertiesUpdate,
            Some((PropertyName, name)),
            Some(&changes),
        )
        .await?
        .json()
    }

    /// Archives a custom property.
    pub async fn archive_property(&self, name: &str) -> Result<(), Error> {
        self.properties_call(Family::PropertiesArchive, Some((PropertyName, name)), None)
            .await?;
        Ok(())
    }

    /// The object's property groups.
    pub async fn property_groups(&self) -> Result<Vec<PropertyGroup>, Error> {
        let page: Page<PropertyGroup> = self
            .properties_call(Family::PropertyGroupsList, None, None)
            .await?
            .json()?;
        Ok(page.results)
    }

    /// Creates a property group.
    pub async fn create_property_group(
        &self,
        name: &str,
        label: &str,
    ) -> Result<PropertyGroup, Error> {
        let body = json!({"name": name, "label": label});
        self.properties_call(Family::PropertyGroupsCreate, None, Some(&body))
            .await?
            .json()
    }

    /// One property group.
    pub async fn property_group(&self, name: &str) -> Result<PropertyGroup, Error> {
        self.properties_call(Family::PropertyGroupsGet, Some((GroupName, name)), None)
            .await?
            .json()
    }

    /// Renames a property group.
    pub async fn update_property_group(
        &self,
        name: &str,
        label: &str,
    ) -> Result<PropertyGroup, Error> {
        let body = json!({"label": label});
        self.properties_call(
            Family::PropertyGroupsUpdate,
            Some((GroupName, name)),
            Some(&body),
        )
        .await?
        .json()
    }

    /// Archives an empty property group.
    pub async fn archive_property_group(&self, name: &str) -> Result<(), Error> {
        self.properties_call(Family::PropertyGroupsArchive, Some((GroupName, name)), None)
            .await?;
        Ok(())
    }
}
