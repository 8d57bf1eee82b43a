//! Checks that span items or files: everything serde cannot see on its own.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::SchemaError;
use crate::locate::Locator;
use crate::model::{EndpointDef, EndpointsDef, ObjectDef, PropertyDef, PropertyType, Schema};
use crate::naming;

/// Placeholders an endpoint path may use.
pub const PATH_PLACEHOLDERS: &[&str] = &[
    "objectType",
    "objectId",
    "toObjectType",
    "toObjectId",
    "associationTypeId",
    "propertyName",
    "groupName",
    "importId",
];

/// Every problem in a parsed schema, in file order.
pub fn validate(schema: &Schema) -> Vec<SchemaError> {
    let mut errors = Vec::new();
    check_object_set(&schema.objects, &mut errors);
    for object in &schema.objects {
        check_object(object, schema, &mut errors);
    }
    check_endpoints(&schema.endpoints, &mut errors);
    errors
}

/// Collects errors for one object file.
struct Reporter<'a, 'e> {
    object: &'a ObjectDef,
    locator: Locator<'a>,
    errors: &'e mut Vec<SchemaError>,
}

impl Reporter<'_, '_> {
    fn push(&mut self, line: Option<usize>, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(SchemaError {
            file: self.object.source.path.clone(),
            line,
            field: field.into(),
            message: message.into(),
        });
    }

    /// The line of the top-level key `key`.
    fn top(&self, key: &str) -> Option<usize> {
        self.locator.key(1, key, None)
    }

    /// The line of the property `name` inside `properties:`.
    fn property_line(&self, name: &str) -> Option<usize> {
        let from = self.top("properties").unwrap_or(1);
        self.locator.key(from, "name", Some(name))
    }
}

/// Facts about the set of objects: unique type IDs and names.
fn check_object_set(objects: &[ObjectDef], errors: &mut Vec<SchemaError>) {
    let mut seen: BTreeMap<(&str, String), &ObjectDef> = BTreeMap::new();
    for object in objects {
        let names = naming::ObjectNames::new(&object.name, &object.singular, &object.plural);
        let mut keys: Vec<(&str, String, &str)> = vec![
            ("name", object.name.clone(), "name"),
            ("singular", object.singular.clone(), "singular"),
            ("plural", object.plural.clone(), "plural"),
        ];
        if let Some(t) = &object.type_id {
            keys.push(("type_id", t.as_str().to_string(), "type_id"));
        }
        if let Some(n) = &names {
            if naming::RESERVED_MODULES.contains(&n.module.as_str()) {
                errors.push(SchemaError {
                    file: object.source.path.clone(),
                    line: Locator::new(&object.source.text).key(1, "plural", None),
                    field: "plural".into(),
                    message: format!(
                        "`{}` would name module `{}`, which the generated crate uses for itself",
                        object.plural, n.module
                    ),
                });
            }
            keys.push(("module", n.module.clone(), "plural"));
            keys.push(("type", n.marker.clone(), "singular"));
        }
        for (kind, value, field) in keys {
            let key = (kind, value.clone());
            if let Some(first) = seen.get(&key) {
                if first.name == object.name {
                    continue; // e.g. singular == plural on one object is fine
                }
                let what = match kind {
                    "module" => "Rust module name",
                    "type" => "Rust type name",
                    other => other,
                };
                errors.push(SchemaError {
                    file: object.source.path.clone(),
                    line: Locator::new(&object.source.text).key(1, field, None),
                    field: field.into(),
                    message: format!(
                        "duplicate {what} `{value}`: also used by `{}` ({})",
                        first.name,
                        first.source.path.display()
                    ),
                });
            } else {
                seen.insert(key, object);
            }
        }
    }
}

fn is_plain_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

fn check_object(object: &ObjectDef, schema: &Schema, errors: &mut Vec<SchemaError>) {
    let mut r = Reporter {
        object,
        locator: Locator::new(&object.source.text),
        errors,
    };
    for (field, value) in [
        ("name", &object.name),
        ("singular", &object.singular),
        ("plural", &object.plural),
    ] {
        if !is_plain_name(value) {
            let line = r.top(field);
            r.push(
                line,
                field,
                format!("`{value}` must be non-empty and use only ASCII letters, digits and `_`"),
            );
        }
    }
    if object.description.trim().is_empty() {
        let line = r.top("description");
        r.push(line, "description", "must say what the object stores");
    }
    let mut caps = BTreeSet::new();
    for cap in &object.capabilities {
        if !caps.insert(*cap) {
            let line = r.top("capabilities");
            r.push(
                line,
                "capabilities",
                format!("capability `{}` is listed twice", cap.as_str()),
            );
        }
    }
    check_properties(&mut r);
    let known: BTreeSet<&str> = object.properties.iter().map(|p| p.name.as_str()).collect();
    for key in ["unique_properties", "default_properties"] {
        let list = if key == "unique_properties" {
            &object.unique_properties
        } else {
            &object.default_properties
        };
        for (i, name) in list.iter().enumerate() {
            if !known.contains(name.as_str()) {
                let line = r.top(key);
                r.push(
                    line,
                    format!("{key}[{i}]"),
                    format!("`{name}` is not among this object's properties"),
                );
            }
        }
    }
    check_associations(&mut r, schema);
}

fn check_properties(r: &mut Reporter<'_, '_>) {
    let object = r.object;
    let Some(names) = naming::ObjectNames::new(&object.name, &object.singular, &object.plural)
    else {
        let line = r.top("singular");
        r.push(
            line,
            "singular",
            "has no letters or digits to name a Rust type",
        );
        return;
    };
    // Every generated item name in the module, with what claimed it first.
    let mut items: BTreeMap<String, String> = names
        .items()
        .iter()
        .map(|n| (n.to_string(), "a generated type of this object".to_string()))
        .collect();
    // Generated code names these prelude types; an enum with the same name would shadow them.
    for std_name in naming::RESERVED_TYPE_NAMES {
        items.insert(std_name.to_string(), format!("Rust's `{std_name}`"));
    }
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    fields.insert(
        naming::CUSTOM_FIELD.into(),
        "the field for unlisted (custom) properties".into(),
    );
    let mut seen_names = BTreeSet::new();
    for (i, prop) in object.properties.iter().enumerate() {
        let at = format!("properties[{i}]");
        let line = r.property_line(&prop.name);
        if !seen_names.insert(prop.name.as_str()) {
            r.push(
                line,
                format!("{at}.name"),
                format!("property `{}` is listed twice", prop.name),
            );
            continue;
        }
        match naming::property_field(prop) {
            None => r.push(
                line,
                format!("{at}.name"),
                format!(
                    "`{}` has no letters or digits to name a field; give it a `rust_name`",
                    prop.name
                ),
            ),
            Some(field) => {
                if let Some(other) =
                    fields.insert(field.clone(), format!("property `{}`", prop.name))
                {
                    r.push(
                        line,
                        format!("{at}.name"),
                        format!(
                            "property `{}` becomes field `{field}`, which {other} already uses; give it a `rust_name`",
                            prop.name
                        ),
                    );
                }
            }
        }
        check_property_kind(r, prop, &at, line, &mut items);
    }
}

fn check_property_kind(
    r: &mut Reporter<'_, '_>,
    prop: &PropertyDef,
    at: &str,
    line: Option<usize>,
    items: &mut BTreeMap<String, String>,
) {
    if prop.kind != PropertyType::Enumeration {
        if !prop.options.is_empty() {
            r.push(
                line,
                format!("{at}.options"),
                format!(
                    "only enumerations take options; `{}` is a {}",
                    prop.name,
                    prop.kind.as_str()
                ),
            );
        }
        if prop.multiple {
            r.push(
                line,
                format!("{at}.multiple"),
                format!(
                    "only enumerations can be multi-select; `{}` is a {}",
                    prop.name,
                    prop.kind.as_str()
                ),
            );
        }
        if prop.enum_name.is_some() {
            r.push(
                line,
                format!("{at}.enum_name"),
                "only enumerations with options get an enum",
            );
        }
        return;
    }
    if !naming::has_enum(prop) {
        return;
    }
    match naming::property_enum(prop) {
        None => r.push(
            line,
            format!("{at}.name"),
            format!(
                "`{}` has no letters or digits to name an enum; give it an `enum_name`",
                prop.name
            ),
        ),
        Some(enum_name) => {
            if let Some(other) =
                items.insert(enum_name.clone(), format!("property `{}`", prop.name))
            {
                r.push(
                    line,
                    format!("{at}.name"),
                    format!(
                        "property `{}` gets enum `{enum_name}`, a name {other} already takes; give it an `enum_name`",
                        prop.name
                    ),
                );
            }
        }
    }
    let mut variants: BTreeMap<String, &str> = BTreeMap::new();
    let mut values = BTreeSet::new();
    for (j, option) in prop.options.iter().enumerate() {
        let field = format!("{at}.options[{j}]");
        let oline = line
            .and_then(|l| r.locator.scalar(l, option.value()))
            .or(line);
        if option.value().is_empty() {
            r.push(
                oline,
                field,
                "an option value cannot be empty (empty clears a property)",
            );
            continue;
        }
        if option.value().contains(';') {
            r.push(
                oline,
                field,
                format!(
                    "option `{}` contains `;`, which separates multi-select values",
                    option.value()
                ),
            );
            continue;
        }
        if !values.insert(option.value()) {
            r.push(
                oline,
                field,
                format!("option `{}` is listed twice", option.value()),
            );
            continue;
        }
        let Some(variant) = naming::camel_ident(option.variant_source()) else {
            r.push(
                oline,
                field,
                format!(
                    "option `{}` has no letters or digits to name a variant; give it a `label`",
                    option.value()
                ),
            );
            continue;
        };
        if variant == naming::FALLBACK_VARIANT {
            r.push(
                oline,
                field,
                format!(
                    "option `{}` becomes variant `{variant}`, reserved for values the schema does not list; give it a `label`",
                    option.value()
                ),
            );
        } else if let Some(first) = variants.insert(variant.clone(), option.value()) {
            r.push(
                oline,
                field,
                format!(
                    "options `{first}` and `{}` collide: both become variant `{variant}`; give one a `label`",
                    option.value()
                ),
            );
        }
    }
}

fn check_associations(r: &mut Reporter<'_, '_>, schema: &Schema) {
    let object = r.object;
    let from = r.top("associations").unwrap_or(1);
    let mut targets: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, assoc) in object.associations.iter().enumerate() {
        let at = format!("associations[{i}]");
        let nth = targets.entry(assoc.to.as_str()).or_insert(0);
        let line = r.locator.nth_key(from, "to", Some(&assoc.to), *nth);
        *nth += 1;
        if *nth > 1 {
            r.push(
                line,
                format!("{at}.to"),
                format!("association to `{}` is listed twice", assoc.to),
            );
            continue;
        }
        let Some(target) = schema.object(&assoc.to) else {
            r.push(
                line,
                format!("{at}.to"),
                format!("association to unknown object `{}`", assoc.to),
            );
            continue;
        };
        if !target.associations.iter().any(|a| a.to == object.name) {
            r.push(
                line,
                format!("{at}.to"),
                format!(
                    "association to `{}` has no inverse: add `- to: {}` under `associations` in {}",
                    assoc.to,
                    object.name,
                    target.source.path.display()
                ),
            );
        }
        let mut ids = BTreeSet::new();
        let all = assoc
            .type_id
            .iter()
            .chain(assoc.primary_type_id.iter())
            .chain(assoc.labels.iter().map(|l| &l.type_id));
        for id in all {
            if !ids.insert(*id) {
                r.push(
                    line,
                    at.clone(),
                    format!("association type ID {id} appears twice for `{}`", assoc.to),
                );
            }
        }
    }
    for (i, group) in object.required_associations.iter().enumerate() {
        let line = r.top("required_associations");
        if group.one_of.is_empty() {
            r.push(
                line,
                format!("required_associations[{i}].one_of"),
                "names no object",
            );
        }
        for name in &group.one_of {
            if !object.associations.iter().any(|a| &a.to == name) {
                r.push(
                    line,
                    format!("required_associations[{i}].one_of"),
                    format!(
                        "`{name}` is required at creation but not among this object's associations"
                    ),
                );
            }
        }
    }
}

fn check_endpoints(def: &EndpointsDef, errors: &mut Vec<SchemaError>) {
    let locator = Locator::new(&def.source.text);
    let mut push = |line: Option<usize>, field: String, message: String| {
        errors.push(SchemaError {
            file: def.source.path.clone(),
            line,
            field,
            message,
        });
    };
    let mut versions = BTreeSet::new();
    for (i, v) in def.versions.iter().enumerate() {
        if !versions.insert(v.name.as_str()) {
            push(
                locator.key(1, "name", Some(&v.name)),
                format!("versions[{i}].name"),
                format!("version `{}` is listed twice", v.name),
            );
        }
        if naming::camel_ident(&v.name).is_none() {
            push(
                locator.key(1, "name", Some(&v.name)),
                format!("versions[{i}].name"),
                format!("version `{}` has no letters or digits", v.name),
            );
        }
    }
    if !versions.contains(def.default_version.as_str()) {
        push(
            locator.key(1, "default_version", None),
            "default_version".into(),
            format!("`{}` is not among the versions", def.default_version),
        );
    }
    let from = locator.key(1, "endpoints", None).unwrap_or(1);
    let mut names = BTreeSet::new();
    for (i, e) in def.endpoints.iter().enumerate() {
        let line = locator.key(from, "name", Some(&e.name));
        let at = format!("endpoints[{i}]");
        if !names.insert(e.name.as_str()) {
            push(
                line,
                format!("{at}.name"),
                format!("endpoint `{}` is listed twice", e.name),
            );
        }
        if !is_plain_name(&e.name)
            || naming::snake_ident(&e.name).as_deref() != Some(e.name.as_str())
        {
            push(
                line,
                format!("{at}.name"),
                format!("endpoint name `{}` must be snake_case", e.name),
            );
        }
        check_endpoint_paths(e, &versions, &at, line, &locator, &mut push);
        if e.batch_limit == Some(0) {
            push(
                line,
                format!("{at}.batch_limit"),
                "must be at least 1".into(),
            );
        }
        if !(200..300).contains(&e.status) {
            push(
                line,
                format!("{at}.status"),
                format!("{} is not a success status", e.status),
            );
        }
    }
}

fn check_endpoint_paths(
    e: &EndpointDef,
    versions: &BTreeSet<&str>,
    at: &str,
    line: Option<usize>,
    locator: &Locator<'_>,
    push: &mut impl FnMut(Option<usize>, String, String),
) {
    for v in versions {
        if !e.paths.contains_key(*v) {
            push(
                line,
                format!("{at}.paths"),
                format!("endpoint `{}` has no path for version `{v}`", e.name),
            );
        }
    }
    let mut first: Option<(&str, BTreeSet<&str>)> = None;
    for (version, path) in &e.paths {
        let pline = line
            .and_then(|l| locator.key(l, version, Some(path)))
            .or(line);
        let field = format!("{at}.paths.{version}");
        if !versions.contains(version.as_str()) {
            push(pline, field.clone(), format!("unknown version `{version}`"));
        }
        if !path.starts_with('/') {
            push(
                pline,
                field.clone(),
                format!("path `{path}` must start with `/`"),
            );
        }
        let placeholders = match placeholders(path) {
            Ok(p) => p,
            Err(msg) => {
                push(pline, field, msg);
                continue;
            }
        };
        for p in &placeholders {
            if !PATH_PLACEHOLDERS.contains(p) {
                push(
                    pline,
                    field.clone(),
                    format!(
                        "unknown placeholder `{{{p}}}`; known: {}",
                        PATH_PLACEHOLDERS.join(", ")
                    ),
                );
            }
        }
        match &first {
            None => first = Some((version, placeholders)),
            Some((v0, p0)) if *p0 != placeholders => push(
                pline,
                field,
                format!("placeholders differ from version `{v0}`'s path"),
            ),
            Some(_) => {}
        }
    }
}

/// The `{names}` in a path template.
pub fn placeholders(path: &str) -> Result<BTreeSet<&str>, String> {
    let mut out = BTreeSet::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in `{path}`"))?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed placeholder in `{path}`"));
        }
        out.insert(name);
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("stray `}}` in `{path}`"));
    }
    Ok(out)
}
