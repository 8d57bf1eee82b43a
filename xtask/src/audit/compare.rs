//! The comparison itself: the tables against HubSpot's descriptions, version by version.
//!
//! Four kinds of difference, each one line naming the table file (with its line where there
//! is one) and HubSpot's operation:
//!
//! - a family whose method and path HubSpot's descriptions of its version lack;
//! - an operation HubSpot describes, in a part of the API the tables cover (the first two
//!   segments of a family's path beside the version: `crm/objects`, `crm/associations`,
//!   `crm/properties`, `crm-object-schemas/schemas`, `crm/imports`, `crm/pipelines`,
//!   `crm/owners`), that no family has;
//! - an object whose capabilities differ from the operations HubSpot describes for it by
//!   name (`/crm/v3/objects/carts/batch/create`), either way;
//! - an object HubSpot describes by name that no table has.
//!
//! An object's operations are those of the documents that name it in their paths, in any
//! version, together: HubSpot's descriptions written only with `{objectType}` (all of its
//! 2026-09 object files, which repeat the generic objects API for every object) say
//! nothing about one object. Capabilities are one set per object, so an operation any
//! version describes is one the object allows.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use hubspot_crm_schema::{Capability, EndpointDef, HttpMethod, ObjectDef, PathParam, Schema};

use super::excepted::Excepted;
use super::paths::{matches, Shape};
use super::spec::{is_numbered, Reading};

/// The table version that means HubSpot's numbered paths (`/crm/v3`, `/crm/v4`).
pub(crate) const LEGACY: &str = "legacy";

/// A kind of difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// A family's method and path are not among HubSpot's operations of its version.
    FamilyNotPublished,
    /// HubSpot describes an operation in a covered part of the API that no family has.
    OperationNotInTables,
    /// HubSpot describes an operation on an object that its capabilities do not allow.
    CapabilityDenied,
    /// An object's capabilities allow a family no description of the object has.
    CapabilityNotPublished,
    /// HubSpot describes an object by name that no table has.
    ObjectNotInTables,
}

impl Kind {
    /// What a count of this kind is, for the summary.
    pub(crate) fn what(self) -> &'static str {
        match self {
            Kind::FamilyNotPublished => "families HubSpot's descriptions lack",
            Kind::OperationNotInTables => "HubSpot operations no family has",
            Kind::CapabilityDenied => "HubSpot operations on an object its capabilities deny",
            Kind::CapabilityNotPublished => "capabilities no description of the object shows",
            Kind::ObjectNotInTables => "objects HubSpot describes that no table has",
        }
    }
}

/// One difference.
#[derive(Debug, Clone)]
pub(crate) struct Difference {
    pub kind: Kind,
    pub line: String,
}

/// What one table version's documents showed.
#[derive(Debug, Default)]
pub(crate) struct VersionSection {
    pub name: String,
    /// How HubSpot spells it in the documents read (`v3`, `v4`; `2026-03`).
    pub spellings: BTreeSet<String>,
    pub documents: usize,
    pub differences: Vec<Difference>,
}

/// The whole comparison.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub versions: Vec<VersionSection>,
    /// Differences about objects, across versions.
    pub objects: Vec<Difference>,
    /// The tables' documented exceptions and what they covered.
    pub exceptions: Vec<String>,
    /// What was read, skipped or not compared.
    pub notes: Vec<String>,
}

impl Report {
    /// Every difference.
    pub(crate) fn differences(&self) -> impl Iterator<Item = &Difference> {
        self.versions
            .iter()
            .flat_map(|v| &v.differences)
            .chain(&self.objects)
    }

    /// How many differences there are of each kind.
    pub(crate) fn summary(&self) -> BTreeMap<Kind, usize> {
        let mut out = BTreeMap::new();
        for d in self.differences() {
            *out.entry(d.kind).or_default() += 1;
        }
        out
    }

    /// The report as printed.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        for v in &self.versions {
            if v.documents == 0 {
                continue;
            }
            let spelled: Vec<&str> = v.spellings.iter().map(String::as_str).collect();
            let _ = writeln!(
                out,
                "\n{} ({} in HubSpot's paths; {} documents):",
                v.name,
                spelled.join(", "),
                v.documents
            );
            write_lines(&mut out, &v.differences);
        }
        let _ = writeln!(out, "\nobjects (all versions together):");
        write_lines(&mut out, &self.objects);
        if !self.exceptions.is_empty() {
            let _ = writeln!(
                out,
                "\ndocumented exceptions (capability_exceptions, audit_exceptions):"
            );
            for e in &self.exceptions {
                let _ = writeln!(out, "  {e}");
            }
        }
        out
    }
}

fn write_lines(out: &mut String, differences: &[Difference]) {
    if differences.is_empty() {
        let _ = writeln!(out, "  no differences");
    }
    for d in differences {
        let _ = writeln!(out, "  {}", d.line);
    }
}

/// A family with its paths split, per version.
struct Family<'s> {
    def: &'s EndpointDef,
    shapes: BTreeMap<&'s str, Shape<'s>>,
    /// The parts of the API its paths lie in, over all versions.
    areas: BTreeSet<String>,
    /// Whether it works on records of one object type and needs capabilities of it.
    record: bool,
}

/// One operation HubSpot describes, where.
#[derive(Clone, Copy)]
struct Seen<'r> {
    version: &'r str,
    file: &'r str,
    method: HttpMethod,
    path: &'r str,
}

impl Seen<'_> {
    fn op(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Compares `schema` (loaded from `root/schema`) with the documents of `reading`.
pub(crate) fn compare(schema: &Schema, reading: &Reading, root: &Path) -> Report {
    let mut report = Report::default();
    let endpoints_file = shown(root, &schema.endpoints.source.path);
    let endpoints_text = &schema.endpoints.source.text;
    let mut excepted = Excepted::new(
        &schema.endpoints.audit_exceptions,
        endpoints_text,
        endpoints_file.clone(),
    );
    let table_versions: Vec<&str> = schema
        .endpoints
        .versions
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    let object_type = format!("{{{}}}", PathParam::ObjectType.as_str());
    let families: Vec<Family<'_>> = schema
        .endpoints
        .endpoints
        .iter()
        .map(|def| {
            let shapes: BTreeMap<&str, Shape<'_>> = def
                .paths
                .iter()
                .map(|(v, p)| (v.as_str(), Shape::of(p, v, LEGACY)))
                .collect();
            let areas = shapes.values().map(Shape::area).collect();
            let record = !def.capabilities.is_empty()
                && def.paths.values().any(|p| p.contains(&object_type));
            Family {
                def,
                shapes,
                areas,
                record,
            }
        })
        .collect();
    let covered: BTreeSet<String> = families.iter().flat_map(|f| f.areas.clone()).collect();

    // Which table version each document describes.
    let mut by_version: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, doc) in reading.documents.iter().enumerate() {
        match table_version(&doc.version, &table_versions) {
            Some(v) => by_version.entry(v).or_default().push(i),
            None => *skipped.entry(doc.version.as_str()).or_default() += 1,
        }
    }
    report.notes.push(format!(
        "read {} OpenAPI documents ({} other JSON files are no OpenAPI document)",
        reading.documents.len(),
        reading.not_openapi
    ));
    if !skipped.is_empty() {
        let list: Vec<String> = skipped.iter().map(|(v, n)| format!("{n} of {v}")).collect();
        report.notes.push(format!(
            "not compared, of versions {} does not list: {}",
            endpoints_file,
            list.join(", ")
        ));
    }
    for (file, why) in &reading.unreadable {
        report.notes.push(format!("could not read {file}: {why}"));
    }
    for file in &reading.without_version {
        report
            .notes
            .push(format!("{file}: cannot tell which version it describes"));
    }

    // Per object: the record families HubSpot describes for it, naming it.
    let mut named: BTreeMap<&str, BTreeMap<&str, Vec<Seen<'_>>>> = BTreeMap::new();
    let mut named_versions: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut unknown: BTreeMap<String, Vec<Seen<'_>>> = BTreeMap::new();

    for &version in &table_versions {
        let mut section = VersionSection {
            name: version.to_string(),
            ..Default::default()
        };
        let docs = by_version.get(version).map(Vec::as_slice).unwrap_or(&[]);
        section.documents = docs.len();
        if docs.is_empty() {
            report.notes.push(format!(
                "no document describes version {version}: its paths were not compared"
            ));
            report.versions.push(section);
            continue;
        }
        let mut ops = Vec::new();
        for &i in docs {
            let doc = &reading.documents[i];
            section.spellings.insert(doc.version.clone());
            for op in &doc.operations {
                ops.push((
                    Seen {
                        version,
                        file: &doc.file,
                        method: op.method,
                        path: &op.path,
                    },
                    Shape::of(&op.path, version, LEGACY),
                ));
            }
        }
        let areas: BTreeSet<String> = ops.iter().map(|(_, s)| s.area()).collect();

        for family in &families {
            let Some(template) = family.shapes.get(version) else {
                continue;
            };
            if family.areas.is_disjoint(&areas) {
                continue; // the documents read do not describe this part of the API
            }
            let published = ops.iter().any(|(seen, shape)| {
                seen.method == family.def.method && matches(template, shape).is_some()
            });
            if !published {
                let path = &family.def.paths[version];
                let line = format!(
                    "{}: family `{}`: HubSpot's {version} descriptions have no {} {path}",
                    place(
                        &endpoints_file,
                        path_line(endpoints_text, &family.def.name, path)
                    ),
                    family.def.name,
                    family.def.method,
                );
                if !excepted.family(&family.def.name, version, &line) {
                    section.differences.push(Difference {
                        kind: Kind::FamilyNotPublished,
                        line,
                    });
                }
            }
        }

        let mut missing: BTreeMap<(String, HttpMethod), (usize, &Seen<'_>, &Shape<'_>)> =
            BTreeMap::new();
        for (seen, shape) in &ops {
            if !covered.contains(&shape.area()) {
                continue;
            }
            let mut any = false;
            for family in &families {
                let Some(template) = family.shapes.get(version) else {
                    continue;
                };
                if family.def.method != seen.method {
                    continue;
                }
                let Some(m) = matches(template, shape) else {
                    continue;
                };
                any = true;
                let (true, Some(literal)) = (family.record, m.object) else {
                    continue;
                };
                let evidence = *seen;
                match resolve(schema, literal) {
                    Some(object) => {
                        named_versions
                            .entry(object.name.as_str())
                            .or_default()
                            .insert(version);
                        named
                            .entry(object.name.as_str())
                            .or_default()
                            .entry(family.def.name.as_str())
                            .or_default()
                            .push(evidence);
                    }
                    None => unknown
                        .entry(literal.to_string())
                        .or_default()
                        .push(evidence),
                }
            }
            if !any {
                missing
                    .entry((shape.key(), seen.method))
                    .and_modify(|(n, _, _)| *n += 1)
                    .or_insert((1, seen, shape));
            }
        }
        for (n, seen, shape) in missing.values() {
            let more = match n {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            let line = format!(
                "{endpoints_file}: no family has HubSpot's {version} operation {} ({}{more})",
                seen.op(),
                seen.file
            );
            if !excepted.operation(seen.method, shape, version, &line) {
                section.differences.push(Difference {
                    kind: Kind::OperationNotInTables,
                    line,
                });
            }
        }
        report.versions.push(section);
    }

    compare_objects(
        schema,
        root,
        &families,
        &named,
        &named_versions,
        &mut report,
    );
    for (literal, seen) in &unknown {
        let versions: BTreeSet<&str> = seen.iter().map(|s| s.version).collect();
        let first = &seen[0];
        let file = if literal.contains('-') {
            "schema/objects/".to_string()
        } else {
            format!("schema/objects/{literal}.yaml")
        };
        let line = format!(
            "{file}: object `{literal}`: HubSpot describes it ({}: {} operation{}, e.g. {} in {}), no table has it",
            versions.into_iter().collect::<Vec<_>>().join(", "),
            seen.len(),
            if seen.len() == 1 { "" } else { "s" },
            first.op(),
            first.file
        );
        if !excepted.object(literal, &line) {
            report.objects.push(Difference {
                kind: Kind::ObjectNotInTables,
                line,
            });
        }
    }
    report.exceptions.extend(excepted.render());
    let undescribed: Vec<&str> = schema
        .objects
        .iter()
        .filter(|o| !o.account && !named.contains_key(o.name.as_str()))
        .map(|o| o.name.as_str())
        .collect();
    if !undescribed.is_empty() && !reading.documents.is_empty() {
        report.notes.push(format!(
            "no document names these objects in its paths, so their capabilities were not compared: {}",
            undescribed.join(", ")
        ));
    }
    report
}

fn compare_objects(
    schema: &Schema,
    root: &Path,
    families: &[Family<'_>],
    named: &BTreeMap<&str, BTreeMap<&str, Vec<Seen<'_>>>>,
    named_versions: &BTreeMap<&str, BTreeSet<&str>>,
    report: &mut Report,
) {
    for object in &schema.objects {
        let Some(described) = named.get(object.name.as_str()) else {
            continue;
        };
        let file = shown(root, &object.source.path);
        let at = place(&file, top_line(&object.source.text, "capabilities"));
        let allowed: BTreeSet<Capability> = object.capabilities.iter().copied().collect();
        let excepted: BTreeSet<Capability> = object
            .capability_exceptions
            .iter()
            .flat_map(|e| e.capabilities.iter().copied())
            .collect();
        let versions: Vec<&str> = named_versions[object.name.as_str()]
            .iter()
            .copied()
            .collect();
        let mut covered: BTreeMap<Capability, Vec<String>> = BTreeMap::new();
        for family in families.iter().filter(|f| f.record) {
            let needs: BTreeSet<Capability> = family.def.capabilities.iter().copied().collect();
            match described.get(family.def.name.as_str()) {
                Some(seen) => {
                    let lacking: BTreeSet<Capability> =
                        needs.difference(&allowed).copied().collect();
                    if lacking.is_empty() {
                        continue;
                    }
                    let first = &seen[0];
                    if lacking.is_subset(&excepted) {
                        for cap in &lacking {
                            covered
                                .entry(*cap)
                                .or_default()
                                .push(family.def.name.clone());
                        }
                        continue;
                    }
                    report.objects.push(Difference {
                        kind: Kind::CapabilityDenied,
                        line: format!(
                            "{at}: object `{}`: HubSpot's {} description {} has {} (family `{}`{}); capabilities lack {}",
                            object.name,
                            first.version,
                            first.file,
                            first.op(),
                            family.def.name,
                            match seen.len() {
                                1 => String::new(),
                                n => format!(", in {n} documents"),
                            },
                            names(&lacking),
                        ),
                    });
                }
                None if needs.is_subset(&allowed) => {
                    if !needs.is_disjoint(&excepted) {
                        for cap in needs.intersection(&excepted) {
                            covered
                                .entry(*cap)
                                .or_default()
                                .push(family.def.name.clone());
                        }
                        continue;
                    }
                    let example = versions
                        .first()
                        .and_then(|v| family.def.paths.get(*v))
                        .map_or(String::new(), |p| format!(" {} {p}", family.def.method));
                    report.objects.push(Difference {
                        kind: Kind::CapabilityNotPublished,
                        line: format!(
                            "{at}: object `{}`: capabilities allow family `{}` ({}), but HubSpot's descriptions naming it ({}) have no{example}",
                            object.name,
                            family.def.name,
                            names(&needs),
                            versions.join(", "),
                        ),
                    });
                }
                None => {}
            }
        }
        exceptions(object, &file, &covered, report);
    }
    for object in &schema.objects {
        if !object.capability_exceptions.is_empty() && !named.contains_key(object.name.as_str()) {
            let file = shown(root, &object.source.path);
            report.exceptions.push(format!(
                "{file}: object `{}`: no document read names it; its exceptions were not needed",
                object.name
            ));
        }
    }
}

fn exceptions(
    object: &ObjectDef,
    file: &str,
    covered: &BTreeMap<Capability, Vec<String>>,
    report: &mut Report,
) {
    for exception in &object.capability_exceptions {
        let caps: BTreeSet<Capability> = exception.capabilities.iter().copied().collect();
        let mut families: BTreeSet<&str> = BTreeSet::new();
        for cap in &caps {
            if let Some(f) = covered.get(cap) {
                families.extend(f.iter().map(String::as_str));
            }
        }
        let said = if families.is_empty() {
            "no difference needed it in these descriptions".to_string()
        } else {
            format!(
                "covers {}",
                families
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        report.exceptions.push(format!(
            "{file}: object `{}`: {} decided against HubSpot's descriptions, following \"{}\": {said}",
            object.name,
            names(&caps),
            exception.source.trim(),
        ));
    }
}

/// The table version a document of HubSpot's version `spelled` describes, if the tables
/// have it: a date version by its name, the numbered versions (`v3`, `v4`) as `legacy`.
pub(crate) fn table_version<'t>(spelled: &str, versions: &[&'t str]) -> Option<&'t str> {
    versions
        .iter()
        .find(|v| **v != LEGACY && **v == spelled)
        .or_else(|| {
            is_numbered(spelled)
                .then(|| versions.iter().find(|v| **v == LEGACY))
                .flatten()
        })
        .copied()
}

/// The table's object a path names: by name, singular or type ID.
fn resolve<'s>(schema: &'s Schema, segment: &str) -> Option<&'s ObjectDef> {
    schema.objects.iter().find(|o| {
        o.name.eq_ignore_ascii_case(segment)
            || o.singular.eq_ignore_ascii_case(segment)
            || o.type_id.as_ref().is_some_and(|t| t.as_str() == segment)
    })
}

fn names(caps: &BTreeSet<Capability>) -> String {
    caps.iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table file as the report names it: relative to the workspace root.
fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn place(file: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{file}:{l}"),
        None => file.to_string(),
    }
}

/// The line of a top-level key.
fn top_line(text: &str, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| i + 1)
}

/// The line of family `name`'s path `path` in `endpoints.yaml`, else of its name.
fn path_line(text: &str, name: &str, path: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| {
        let l = l.trim_start().trim_start_matches("- ").trim();
        l.strip_prefix("name:")
            .is_some_and(|v| v.trim().trim_matches('"') == name)
    })?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.trim_start().starts_with("- name:"))
        .map_or(lines.len(), |i| start + 1 + i);
    let at = lines[start..end]
        .iter()
        .position(|l| l.trim_end().ends_with(path))
        .map_or(start, |i| start + i);
    Some(at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_versions_are_legacy_and_others_are_named() {
        let versions = ["legacy", "2026-03", "2026-09"];
        assert_eq!(table_version("v3", &versions), Some("legacy"));
        assert_eq!(table_version("v4", &versions), Some("legacy"));
        assert_eq!(table_version("2026-03", &versions), Some("2026-03"));
        assert_eq!(table_version("2026-09-beta", &versions), None);
        assert_eq!(table_version("2025-09", &versions), None);
        assert_eq!(table_version("legacy", &versions), None);
        assert_eq!(table_version("v3", &["2026-03"]), None);
    }

    #[test]
    fn a_family_path_line_is_its_version_path() {
        let text = "endpoints:\n  - name: a\n    paths:\n      legacy: /x/v3/a\n  - name: b\n    paths:\n      legacy: /x/v3/b\n      \"2026-03\": /x/2026-03/b\n";
        assert_eq!(path_line(text, "b", "/x/2026-03/b"), Some(8));
        assert_eq!(
            path_line(text, "a", "/x/v3/b"),
            Some(2),
            "not another family's"
        );
        assert_eq!(path_line(text, "c", "/x"), None);
    }
}
