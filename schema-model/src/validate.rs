//! Checks that span items or files: everything serde cannot see on its own.

use std::collections::{BTreeMap, BTreeSet};

use std::path::Path;

use crate::error::SchemaError;
use crate::load::SourceRef;
use crate::locate::Locator;
use crate::model::{
    BodyKind, EndpointDef, EndpointsDef, EnumOption, HttpMethod, ObjectDef, Paging, PathParam,
    PropertyDef, PropertyKind, RateLimitsDef, Schema,
};
use crate::naming;

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

/// `file:line`, or just `file` when the line is unknown: how a message names another place.
pub(crate) fn place(file: &Path, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{}:{l}", file.display()),
        None => file.display().to_string(),
    }
}

/// The file an item of `object` is written in: the object's own, or the account extension
/// that added it.
fn written_in<'a>(object: &'a ObjectDef, source: &'a Option<SourceRef>) -> &'a SourceRef {
    source.as_ref().unwrap_or(&object.source)
}

/// The position of `items[i]` among the items written in the same file (its index there),
/// leaving out the system properties, which no object file lists.
fn index_in_file<T>(
    items: &[T],
    i: usize,
    source: impl Fn(&T) -> (&Option<SourceRef>, bool),
) -> usize {
    let (mine, _) = source(&items[i]);
    let path = mine.as_ref().map(|s| &s.path);
    items[..i]
        .iter()
        .filter(|item| {
            let (theirs, system) = source(item);
            !system && theirs.as_ref().map(|s| &s.path) == path
        })
        .count()
}

/// ` (line N)` for a message pointing at an earlier line of the same file.
fn at_line(line: Option<usize>) -> String {
    line.map(|l| format!(" (line {l})")).unwrap_or_default()
}

/// What objects take from `shared.yaml`, checked as written: the system properties and option
/// sets themselves, and the objects' references to them.
pub fn validate_shared(schema: &Schema) -> Vec<SchemaError> {
    let mut errors = Vec::new();
    let shared = &schema.shared;
    let mut r = Reporter::new(&shared.source, &mut errors);
    r.properties_key = "system_properties";
    let mut system: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    for (i, prop) in shared.system_properties.iter().enumerate() {
        let at = format!("system_properties[{i}]");
        let line = r.property_line(&prop.name);
        if let Some(first) = system.insert(prop.name.as_str(), line) {
            r.push(
                line,
                format!("{at}.name"),
                format!(
                    "system property `{}` is listed twice{}",
                    prop.name,
                    at_line(first)
                ),
            );
        }
        if prop.option_set.is_some() || prop.create_only {
            r.push(
                line,
                at.clone(),
                "a system property is read-only and takes its options inline",
            );
        }
        check_property_kind(&mut r, prop, &at, line);
    }
    let from = r.top("option_sets").unwrap_or(1);
    let mut sets: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    let mut enums: BTreeMap<String, (&str, Option<usize>)> = BTreeMap::new();
    for (i, set) in shared.option_sets.iter().enumerate() {
        let at = format!("option_sets[{i}]");
        let line = r.locator.key(from, "name", Some(&set.name));
        if let Some(first) = sets.insert(set.name.as_str(), line) {
            r.push(
                line,
                format!("{at}.name"),
                format!(
                    "option set `{}` is listed twice{}",
                    set.name,
                    at_line(first)
                ),
            );
            continue;
        }
        if !is_plain_name(&set.name) {
            r.push(
                line,
                format!("{at}.name"),
                format!(
                    "`{}` must be non-empty and use only ASCII letters, digits and `_`",
                    set.name
                ),
            );
        }
        if set.description.trim().is_empty() {
            r.push(
                line,
                format!("{at}.description"),
                "must say what the options mean",
            );
        }
        if set.options.is_empty() {
            r.push(line, format!("{at}.options"), "an option set needs options");
        }
        check_options(&mut r, &set.options, &at, line);
        match naming::option_set_enum(set) {
            None => r.push(
                line,
                format!("{at}.name"),
                format!(
                    "`{}` has no letters or digits to name an enum; give it an `enum_name`",
                    set.name
                ),
            ),
            Some(name) if naming::RESERVED_TYPE_NAMES.contains(&name.as_str()) => r.push(
                line,
                format!("{at}.name"),
                format!("enum `{name}` would shadow Rust's `{name}`; give it an `enum_name`"),
            ),
            Some(name) => {
                if let Some((other, other_line)) = enums.insert(name.clone(), (&set.name, line)) {
                    r.push(
                        line,
                        format!("{at}.name"),
                        format!(
                            "option set `{}` gets enum `{name}`, which option set `{other}`{} already takes",
                            set.name,
                            at_line(other_line)
                        ),
                    );
                }
            }
        }
        let used = schema.objects.iter().any(|o| {
            o.properties
                .iter()
                .any(|p| p.option_set.as_deref() == Some(set.name.as_str()))
        });
        if !used {
            r.push(
                line,
                format!("{at}.name"),
                format!("option set `{}` is not used by any property", set.name),
            );
        }
    }
    for object in &schema.objects {
        for (i, prop) in object.properties.iter().enumerate() {
            let mut r = Reporter::new(written_in(object, &prop.source), &mut errors);
            let at = format!(
                "properties[{}]",
                index_in_file(&object.properties, i, |p| (&p.source, p.system))
            );
            let line = r.property_line(&prop.name);
            if let Some(system_line) = system.get(prop.name.as_str()) {
                r.push(
                    line,
                    format!("{at}.name"),
                    format!(
                        "`{}` is a system property ({}): every object has it, so remove it here",
                        prop.name,
                        place(&shared.source.path, *system_line)
                    ),
                );
            }
            let Some(set) = &prop.option_set else {
                continue;
            };
            if !sets.contains_key(set.as_str()) {
                let known: Vec<&str> = sets.keys().copied().collect();
                r.push(
                    line,
                    format!("{at}.option_set"),
                    format!(
                        "no option set `{set}` in shared.yaml (known: {})",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                );
            }
            if !prop.options.is_empty() || prop.enum_name.is_some() {
                r.push(
                    line,
                    format!("{at}.option_set"),
                    "a property taking an option set lists no options and no enum_name of its own",
                );
            }
        }
    }
    errors
}

/// Fills in what objects take from `shared.yaml`: the system properties, first in every
/// object, and each option set's options (and enum name) in the properties naming it.
pub fn resolve_shared(schema: &mut Schema) {
    let system: Vec<PropertyDef> = schema
        .shared
        .system_properties
        .iter()
        .map(|p| PropertyDef {
            system: true,
            read_only: true,
            ..p.clone()
        })
        .collect();
    let sets = schema.shared.option_sets.clone();
    for object in &mut schema.objects {
        let own = std::mem::take(&mut object.properties);
        object.properties = system.iter().cloned().chain(own).collect();
        for prop in &mut object.properties {
            let Some(name) = &prop.option_set else {
                continue;
            };
            if let Some(set) = sets.iter().find(|s| &s.name == name) {
                prop.options = set.options.clone();
                prop.enum_name = Some(set.enum_name.clone().unwrap_or_else(|| set.name.clone()));
            }
        }
    }
}

/// Collects errors for one table file.
struct Reporter<'a, 'e> {
    file: &'a Path,
    locator: Locator<'a>,
    /// The top-level key whose list holds the properties (`properties`, `system_properties`).
    properties_key: &'static str,
    errors: &'e mut Vec<SchemaError>,
}

impl<'a, 'e> Reporter<'a, 'e> {
    fn new(source: &'a crate::load::SourceRef, errors: &'e mut Vec<SchemaError>) -> Self {
        Reporter {
            file: &source.path,
            locator: Locator::new(&source.text),
            properties_key: "properties",
            errors,
        }
    }

    fn push(&mut self, line: Option<usize>, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(SchemaError {
            file: self.file.to_path_buf(),
            line,
            field: field.into(),
            message: message.into(),
        });
    }

    /// The line of the top-level key `key`.
    fn top(&self, key: &str) -> Option<usize> {
        self.locator.key(1, key, None)
    }

    /// The line of the property `name` inside the properties list.
    fn property_line(&self, name: &str) -> Option<usize> {
        self.nth_property_line(name, 0)
    }

    /// The line of the `nth` (0-based) property named `name`.
    fn nth_property_line(&self, name: &str, nth: usize) -> Option<usize> {
        let from = self.top(self.properties_key).unwrap_or(1);
        self.locator.nth_key(from, "name", Some(name), nth)
    }
}

/// Facts about the set of objects: unique type IDs and names. A duplicate names both
/// places, each with its line, whichever file was edited.
fn check_object_set(objects: &[ObjectDef], errors: &mut Vec<SchemaError>) {
    let mut seen: BTreeMap<(&str, String), (&ObjectDef, Option<usize>)> = BTreeMap::new();
    for object in objects {
        let locator = Locator::new(&object.source.text);
        let names = naming::ObjectNames::new(&object.singular, &object.plural);
        let mut keys: Vec<(&str, String, &str)> = vec![
            ("name", object.name.clone(), "name"),
            ("singular", object.singular.clone(), "singular"),
            ("plural", object.plural.clone(), "plural"),
        ];
        if let Some(t) = &object.type_id {
            keys.push(("type_id", t.as_str().to_string(), "type_id"));
        }
        if let Some(n) = &names {
            if naming::is_reserved_module(&n.module) {
                errors.push(SchemaError {
                    file: object.source.path.clone(),
                    line: locator.key(1, "plural", None),
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
            let line = locator.key(1, field, None);
            let key = (kind, value.clone());
            if let Some((first, first_line)) = seen.get(&key) {
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
                    line,
                    field: field.into(),
                    message: format!(
                        "duplicate {what} `{value}`: also used by `{}` ({})",
                        first.name,
                        place(&first.source.path, *first_line)
                    ),
                });
            } else {
                seen.insert(key, (object, line));
            }
        }
    }
}

fn is_plain_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

fn check_object(object: &ObjectDef, schema: &Schema, errors: &mut Vec<SchemaError>) {
    let mut r = Reporter::new(&object.source, errors);
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
    if !object
        .default_property_group
        .as_deref()
        .is_some_and(is_plain_name)
    {
        let line = r.top("default_property_group").or_else(|| r.top("name"));
        r.push(
            line,
            "default_property_group",
            "must name the property group HubSpot puts the object's properties in (`contactinformation`)",
        );
    }
    if !object.account && object.capabilities.is_empty() {
        let line = r.top("capabilities").or_else(|| r.top("name"));
        r.push(
            line,
            "capabilities",
            "must list what HubSpot allows on the object",
        );
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
    check_capability_exceptions(&mut r, object);
    check_properties(&mut r, object);
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
    check_associations(&mut r, object, schema);
}

fn check_capability_exceptions(r: &mut Reporter<'_, '_>, object: &ObjectDef) {
    let from = r.top("capability_exceptions");
    if object.account && !object.capability_exceptions.is_empty() {
        r.push(
            from,
            "capability_exceptions",
            "an account's custom object takes `shared.yaml`'s custom object capabilities; it has no exceptions",
        );
        return;
    }
    for (i, exception) in object.capability_exceptions.iter().enumerate() {
        let at = format!("capability_exceptions[{i}]");
        let line = from.and_then(|l| r.locator.nth_key(l, "capabilities", None, i));
        if exception.capabilities.is_empty() {
            r.push(
                line.or(from),
                format!("{at}.capabilities"),
                "must name the capabilities the table decides against HubSpot's published descriptions",
            );
        }
        let mut seen = BTreeSet::new();
        for cap in &exception.capabilities {
            if !seen.insert(*cap) {
                r.push(
                    line.or(from),
                    format!("{at}.capabilities"),
                    format!("capability `{}` is listed twice", cap.as_str()),
                );
            }
        }
        for (key, value) in [("source", &exception.source), ("reason", &exception.reason)] {
            if value.trim().is_empty() {
                let message = if key == "source" {
                    "must name the page of HubSpot's documentation the table follows, by title"
                } else {
                    "must say what HubSpot's descriptions and its documentation each say"
                };
                let line = from.and_then(|l| r.locator.nth_key(l, key, None, i));
                r.push(line.or(from), format!("{at}.{key}"), message);
            }
        }
    }
}

fn check_properties(r: &mut Reporter<'_, '_>, object: &ObjectDef) {
    let Some(names) = naming::ObjectNames::new(&object.singular, &object.plural) else {
        let line = r.top("singular");
        r.push(
            line,
            "singular",
            "has no letters or digits to name a Rust type",
        );
        return;
    };
    // Every generated item name in the module, with what claimed it first.
    let mut items: BTreeMap<String, Claim> = names
        .items()
        .iter()
        .map(|n| (n.to_string(), Claim::new("a generated type of this object")))
        .collect();
    // Generated code names these prelude types; an enum with the same name would shadow them.
    for std_name in naming::RESERVED_TYPE_NAMES {
        items.insert(
            std_name.to_string(),
            Claim::new(format!("Rust's `{std_name}`")),
        );
    }
    let mut fields: BTreeMap<String, Claim> = BTreeMap::new();
    fields.insert(
        naming::CUSTOM_FIELD.into(),
        Claim::new("the field for unlisted (custom) properties"),
    );
    let mut seen_names: BTreeMap<&str, (usize, Option<usize>)> = BTreeMap::new();
    // System properties come first and were checked in `shared.yaml`; the others are numbered
    // as the file that lists them (the object's own, or an account extension) does.
    for (i, prop) in object.properties.iter().enumerate() {
        let r = &mut Reporter::new(written_in(object, &prop.source), &mut *r.errors);
        let (nth, first) = seen_names.entry(prop.name.as_str()).or_insert((0, None));
        let (at, line) = if prop.system {
            (format!("system property `{}`", prop.name), None)
        } else {
            let line = r.nth_property_line(&prop.name, *nth);
            *nth += 1;
            let index = index_in_file(&object.properties, i, |p| (&p.source, p.system));
            (format!("properties[{index}]"), line)
        };
        let claimant = if prop.system {
            format!("system property `{}` (from shared.yaml)", prop.name)
        } else {
            format!("property `{}`", prop.name)
        };
        if *nth > 1 {
            r.push(
                line,
                format!("{at}.name"),
                format!(
                    "property `{}` is listed twice{}",
                    prop.name,
                    at_line(*first)
                ),
            );
            continue;
        }
        *first = line;
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
                if let Some(other) = fields.insert(field.clone(), Claim::at(&claimant, line)) {
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
        if !prop.system {
            check_property_kind(r, prop, &at, line);
        }
        if prop.case_insensitive {
            if prop.kind != PropertyKind::String {
                r.push(
                    line,
                    format!("{at}.case_insensitive"),
                    format!(
                        "only `string` properties compare without case; `{}` is `{}`",
                        prop.name,
                        prop.kind.as_str()
                    ),
                );
            }
            if !object.unique_properties.contains(&prop.name) {
                r.push(
                    line,
                    format!("{at}.case_insensitive"),
                    format!(
                        "`{}` is not among `unique_properties`; case only matters where values are matched as unique",
                        prop.name
                    ),
                );
            }
        }
        check_enum_name(r, prop, &at, line, &claimant, &mut items);
    }
}

/// Who took a generated name first, and where.
struct Claim {
    by: String,
    line: Option<usize>,
    option_set: Option<String>,
}

impl Claim {
    fn new(by: impl Into<String>) -> Self {
        Claim {
            by: by.into(),
            line: None,
            option_set: None,
        }
    }

    fn at(by: &str, line: Option<usize>) -> Self {
        Claim {
            by: by.to_string(),
            line,
            option_set: None,
        }
    }
}

impl std::fmt::Display for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.by, at_line(self.line))
    }
}

/// The enum a property with options gets must not take a name already taken in its module;
/// properties sharing one option set share its enum.
fn check_enum_name(
    r: &mut Reporter<'_, '_>,
    prop: &PropertyDef,
    at: &str,
    line: Option<usize>,
    claimant: &str,
    items: &mut BTreeMap<String, Claim>,
) {
    if !naming::has_enum(prop) {
        return;
    }
    let Some(enum_name) = naming::property_enum(prop) else {
        r.push(
            line,
            format!("{at}.name"),
            format!(
                "`{}` has no letters or digits to name an enum; give it an `enum_name`",
                prop.name
            ),
        );
        return;
    };
    let claim = Claim {
        option_set: prop.option_set.clone(),
        ..Claim::at(claimant, line)
    };
    match items.get(&enum_name) {
        Some(other) if other.option_set.is_some() && other.option_set == prop.option_set => {}
        Some(other) => r.push(
            line,
            format!("{at}.name"),
            format!(
                "property `{}` gets enum `{enum_name}`, a name {other} already takes; give it an `enum_name`",
                prop.name
            ),
        ),
        None => {
            items.insert(enum_name, claim);
        }
    }
}

fn check_property_kind(
    r: &mut Reporter<'_, '_>,
    prop: &PropertyDef,
    at: &str,
    line: Option<usize>,
) {
    if prop.read_only && prop.create_only {
        r.push(
            line,
            format!("{at}.create_only"),
            format!(
                "`{}` is read-only, so it cannot also be set on create; keep one",
                prop.name
            ),
        );
    }
    if prop.kind != PropertyKind::Enumeration {
        if !prop.options.is_empty() || prop.option_set.is_some() {
            r.push(
                line,
                format!(
                    "{at}.{}",
                    if prop.option_set.is_some() {
                        "option_set"
                    } else {
                        "options"
                    }
                ),
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
        if prop.enum_name.is_some() && prop.option_set.is_none() {
            r.push(
                line,
                format!("{at}.enum_name"),
                "only enumerations with options get an enum",
            );
        }
        return;
    }
    // A shared set's options were checked once, in shared.yaml.
    if prop.option_set.is_none() {
        check_options(r, &prop.options, at, line);
    }
}

/// Options must be non-empty, free of `;`, unique, and name distinct variants.
fn check_options(r: &mut Reporter<'_, '_>, options: &[EnumOption], at: &str, line: Option<usize>) {
    let mut variants: BTreeMap<String, &str> = BTreeMap::new();
    let mut values: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    for (j, option) in options.iter().enumerate() {
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
        if let Some(first) = values.insert(option.value(), oline) {
            r.push(
                oline,
                field,
                format!(
                    "option `{}` is listed twice{}",
                    option.value(),
                    at_line(first)
                ),
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

/// Where the inverse of an association from `object` to `target` belongs: the target's file,
/// or, for an account object's association to a standard one, the account's extension of it.
fn inverse_home(object: &ObjectDef, target: &ObjectDef) -> String {
    if object.account && !target.account {
        let account_dir = object
            .source
            .path
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new("account"));
        format!(
            "the account's extension of `{}` ({})",
            target.name,
            account_dir
                .join("extensions")
                .join(format!("{}.yaml", target.name))
                .display()
        )
    } else {
        target.source.path.display().to_string()
    }
}

fn check_associations(r: &mut Reporter<'_, '_>, object: &ObjectDef, schema: &Schema) {
    let mut targets: BTreeMap<&str, (usize, Option<usize>)> = BTreeMap::new();
    for (i, assoc) in object.associations.iter().enumerate() {
        let r = &mut Reporter::new(written_in(object, &assoc.source), &mut *r.errors);
        let from = r.top("associations").unwrap_or(1);
        let index = index_in_file(&object.associations, i, |a| (&a.source, false));
        let at = format!("associations[{index}]");
        let (nth, first) = targets.entry(assoc.to.as_str()).or_insert((0, None));
        let line = r.locator.nth_key(from, "to", Some(&assoc.to), *nth);
        *nth += 1;
        if *nth > 1 {
            r.push(
                line,
                format!("{at}.to"),
                format!(
                    "association to `{}` is listed twice{}",
                    assoc.to,
                    at_line(*first)
                ),
            );
            continue;
        }
        *first = line;
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
                    inverse_home(object, target)
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
    let mut version_lines: BTreeMap<&str, (usize, Option<usize>)> = BTreeMap::new();
    for (i, v) in def.versions.iter().enumerate() {
        let (nth, first) = version_lines.entry(v.name.as_str()).or_insert((0, None));
        let line = locator.nth_key(1, "name", Some(&v.name), *nth);
        *nth += 1;
        if !versions.insert(v.name.as_str()) {
            push(
                line,
                format!("versions[{i}].name"),
                format!("version `{}` is listed twice{}", v.name, at_line(*first)),
            );
        } else {
            *first = line;
        }
        if naming::camel_ident(&v.name).is_none() {
            push(
                line,
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
    let mut names: BTreeMap<&str, (usize, Option<usize>)> = BTreeMap::new();
    for (i, e) in def.endpoints.iter().enumerate() {
        let (nth, first) = names.entry(e.name.as_str()).or_insert((0, None));
        let line = locator.nth_key(from, "name", Some(&e.name), *nth);
        *nth += 1;
        let at = format!("endpoints[{i}]");
        if *nth > 1 {
            push(
                line,
                format!("{at}.name"),
                format!("endpoint `{}` is listed twice{}", e.name, at_line(*first)),
            );
        } else {
            *first = line;
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
        check_statuses(e, &versions, &at, line, &locator, &mut push);
        for (field, message) in endpoint_facts(e) {
            push(line, format!("{at}.{field}"), message);
        }
    }
    check_audit_exceptions(def, &versions, &locator, &mut push);
    check_rate_limits(&def.rate_limits, &locator, &mut push);
}

/// `rate_limits`: budgets of at least one request, tiers with distinct snake_case names and
/// the default among them, distinct policy names, header names HTTP accepts.
fn check_rate_limits(
    def: &RateLimitsDef,
    locator: &Locator<'_>,
    push: &mut impl FnMut(Option<usize>, String, String),
) {
    let from = locator.key(1, "rate_limits", None);
    let start = from.unwrap_or(1);
    let line = |key: &str, value: Option<&str>| locator.key(start, key, value).or(from);
    if def.window_ms == 0 {
        push(
            line("window_ms", None),
            "rate_limits.window_ms".into(),
            "must be at least 1 millisecond".into(),
        );
    }
    if def.search_per_second == 0 {
        push(
            line("search_per_second", None),
            "rate_limits.search_per_second".into(),
            "must be at least 1".into(),
        );
    }
    if def.tiers.is_empty() {
        push(
            line("tiers", None),
            "rate_limits.tiers".into(),
            "lists no tier".into(),
        );
    }
    let mut seen: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    for (i, tier) in def.tiers.iter().enumerate() {
        let at = format!("rate_limits.tiers[{i}]");
        let tline = line("name", Some(&tier.name));
        if let Some(first) = seen.get(tier.name.as_str()) {
            push(
                tline,
                format!("{at}.name"),
                format!("tier `{}` is listed twice{}", tier.name, at_line(*first)),
            );
        } else {
            seen.insert(&tier.name, tline);
        }
        if !is_plain_name(&tier.name)
            || naming::snake_ident(&tier.name).as_deref() != Some(tier.name.as_str())
        {
            push(
                tline,
                format!("{at}.name"),
                format!("tier name `{}` must be snake_case", tier.name),
            );
        }
        if tier.per_window == 0 {
            push(
                tline,
                format!("{at}.per_window"),
                "must be at least 1".into(),
            );
        }
        if tier.daily == Some(0) {
            push(tline, format!("{at}.daily"), "must be at least 1".into());
        }
    }
    if !seen.contains_key(def.default_tier.as_str()) {
        push(
            line("default_tier", None),
            "rate_limits.default_tier".into(),
            format!("`{}` is not among the tiers", def.default_tier),
        );
    }
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, name) in def.policies.entries() {
        let field = format!("rate_limits.policies.{key}");
        let pline = line(key, Some(name));
        if name.trim().is_empty() {
            push(pline, field, "is empty".into());
        } else if let Some(other) = names.insert(name, key) {
            push(
                pline,
                field,
                format!("`{name}` is also the name of `{other}`"),
            );
        }
    }
    let mut headers: BTreeMap<String, &str> = BTreeMap::new();
    for (key, name) in def.headers.entries() {
        let field = format!("rate_limits.headers.{key}");
        let hline = line(key, Some(name));
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c));
        if !token {
            push(
                hline,
                field,
                format!("`{name}` is not an HTTP header name (letters, digits, `-`)"),
            );
        } else if let Some(other) = headers.insert(name.to_ascii_lowercase(), key) {
            push(
                hline,
                field,
                format!("`{name}` is also the name of `{other}` (header names ignore case)"),
            );
        }
    }
}

/// `audit_exceptions`: each names exactly one thing (a well-formed operation, a family with
/// the versions whose descriptions lack it, or an object) and says why.
fn check_audit_exceptions(
    def: &EndpointsDef,
    versions: &BTreeSet<&str>,
    locator: &Locator<'_>,
    push: &mut impl FnMut(Option<usize>, String, String),
) {
    let Some(from) = locator.key(1, "audit_exceptions", None) else {
        return;
    };
    // Each entry's first line: the list items under `audit_exceptions:` (the lines of a
    // `- ` at the first item's indentation), in order.
    let block: Vec<(usize, &str)> = def
        .source
        .text
        .lines()
        .enumerate()
        .skip(from)
        .take_while(|(_, l)| l.trim().is_empty() || l.starts_with([' ', '-', '#']))
        .collect();
    let item_at = |l: &str| {
        let trimmed = l.trim_start();
        (trimmed.starts_with("- ") || trimmed == "-").then(|| l.len() - trimmed.len())
    };
    let indent = block.iter().find_map(|(_, l)| item_at(l));
    let items: Vec<usize> = block
        .iter()
        .filter(|(_, l)| indent.is_some() && item_at(l) == indent)
        .map(|(n, _)| n + 1)
        .collect();
    for (i, exception) in def.audit_exceptions.iter().enumerate() {
        let at = format!("audit_exceptions[{i}]");
        let line = items.get(i).copied().or(Some(from));
        let named = [
            !exception.operations.is_empty(),
            exception.family.is_some(),
            exception.object.is_some(),
        ];
        if named.iter().filter(|n| **n).count() != 1 {
            push(
                line,
                at.clone(),
                "must name exactly one of `operations`, `family` or `object`".into(),
            );
        }
        if exception.reason.trim().is_empty() {
            push(
                line,
                format!("{at}.reason"),
                "must say what HubSpot publishes, what the tables do instead, and why".into(),
            );
        }
        for (j, op) in exception.operations.iter().enumerate() {
            if crate::AuditException::method_and_path(op).is_none() {
                push(
                    line,
                    format!("{at}.operations[{j}]"),
                    format!("`{op}` is not `METHOD /path` (a method such as `GET` or `POST`, a space, a path starting with `/`)"),
                );
            }
        }
        match &exception.family {
            Some(family) => {
                if !def.endpoints.iter().any(|e| &e.name == family) {
                    push(
                        line,
                        format!("{at}.family"),
                        format!("no endpoint family is named `{family}`"),
                    );
                }
                if exception.versions.is_empty() {
                    push(
                        line,
                        format!("{at}.versions"),
                        "must list the versions whose descriptions lack the family's path".into(),
                    );
                }
                for v in &exception.versions {
                    if !versions.contains(v.as_str()) {
                        push(
                            line,
                            format!("{at}.versions"),
                            format!("`{v}` is not among the versions"),
                        );
                    }
                }
            }
            None if !exception.versions.is_empty() => push(
                line,
                format!("{at}.versions"),
                "only a `family` exception lists versions (an operation's path carries its own)"
                    .into(),
            ),
            None => {}
        }
    }
}

/// Request bodies that carry a list of `inputs`, so the family needs a `batch_limit`.
const BATCH_INPUTS: &[BodyKind] = &[
    BodyKind::BatchReadInput,
    BodyKind::BatchCreateInput,
    BodyKind::BatchUpdateInput,
    BodyKind::BatchArchiveInput,
    BodyKind::AssociationBatchInput,
    BodyKind::PropertyBatchInput,
    BodyKind::AssociationLimitBatchInput,
    BodyKind::AssociationSpecBatchInput,
    BodyKind::SchemaBatchReadInput,
    BodyKind::DealSplitBatchReadInput,
    BodyKind::DealSplitBatchUpsertInput,
];

/// What a family's facts must say given its method, body and paging: (key, problem).
fn endpoint_facts(e: &EndpointDef) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if !(200..300).contains(&e.status) {
        out.push(("status", format!("{} is not a success status", e.status)));
    }
    if e.method == HttpMethod::Get && !e.idempotent {
        out.push((
            "idempotent",
            "a GET changes nothing, so it is idempotent".to_string(),
        ));
    }
    let batch = BATCH_INPUTS.contains(&e.request);
    match e.batch_limit {
        Some(0) => out.push(("batch_limit", "must be at least 1".into())),
        None if batch => out.push((
            "batch_limit",
            format!(
                "a family taking `{}` needs a batch_limit",
                e.request.as_str()
            ),
        )),
        Some(_) if !batch => out.push((
            "batch_limit",
            format!(
                "only families taking a list of inputs have one; this takes `{}`",
                e.request.as_str()
            ),
        )),
        _ => {}
    }
    match (e.paging, e.page_size) {
        (Paging::None, Some(_)) => {
            out.push(("page_size", "only paged families have page sizes".into()))
        }
        (Paging::Cursor | Paging::BodyCursor | Paging::InputCursor, None) => out.push((
            "page_size",
            "a paged family needs `page_size: {max, default}`".into(),
        )),
        (_, Some(p)) if p.max == 0 || p.default == 0 || p.default > p.max => out.push((
            "page_size",
            format!("default {} must be between 1 and max {}", p.default, p.max),
        )),
        _ => {}
    }
    let search = e.request == BodyKind::SearchRequest;
    match e.search_limits {
        None if search => out.push((
            "search_limits",
            "a family taking `search_request` needs its search_limits".into(),
        )),
        Some(_) if !search => out.push((
            "search_limits",
            "only a family taking `search_request` has search limits".into(),
        )),
        Some(l) if l.filters_per_group > l.filters || l.filter_groups == 0 || l.results == 0 => {
            out.push((
                "search_limits",
                "filters_per_group cannot exceed filters, and filter_groups and results must be at least 1"
                    .into(),
            ))
        }
        _ => {}
    }
    out
}

/// `status_by_version`: versions the table lists, success statuses, each differing from
/// `status`; and `response` agreeing with the statuses: a version answering 204 sends no
/// body, every other sends `response`, so `response: none` means 204 in every version.
fn check_statuses(
    e: &EndpointDef,
    versions: &BTreeSet<&str>,
    at: &str,
    line: Option<usize>,
    locator: &Locator<'_>,
    push: &mut impl FnMut(Option<usize>, String, String),
) {
    let sline = line
        .and_then(|l| locator.key(l, "status_by_version", None))
        .or(line);
    for (version, status) in &e.status_by_version {
        let field = format!("{at}.status_by_version.{version}");
        if !versions.contains(version.as_str()) {
            push(sline, field.clone(), format!("unknown version `{version}`"));
        }
        if !(200..300).contains(status) {
            push(
                sline,
                field.clone(),
                format!("{status} is not a success status"),
            );
        }
        if *status == e.status {
            push(
                sline,
                field,
                format!("repeats `status` ({status}); list only the versions HubSpot answers differently"),
            );
        }
    }
    let answers: Vec<(&str, u16)> = versions.iter().map(|v| (*v, e.status_in(v))).collect();
    let with_body = answers.iter().find(|(_, s)| *s != 204);
    match (e.response, with_body) {
        (BodyKind::None, Some((version, status))) => push(
            line,
            format!("{at}.response"),
            format!(
                "version `{version}` answers {status}, with a body, so `response` cannot be `none` (only a 204 has no body)"
            ),
        ),
        (response, None) if response != BodyKind::None => push(
            line,
            format!("{at}.response"),
            format!(
                "every version answers 204, which has no body, so `response` must be `none`, not `{}`",
                response.as_str()
            ),
        ),
        _ => {}
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
            if PathParam::parse(p).is_none() {
                let known: Vec<&str> = PathParam::ALL.iter().map(|p| p.as_str()).collect();
                push(
                    pline,
                    field.clone(),
                    format!("unknown placeholder `{{{p}}}`; known: {}", known.join(", ")),
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
