//! What changed between the account's tables on disk and the account as pulled now, named
//! the way a reviewer thinks of it: an object, a property, an option, an association, a label.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use hubspot_crm_schema::{AssociationDef, EnumOption, PipelineDef, PropertyDef};

/// A file's tables, as `diff` compares them.
#[derive(Debug)]
pub(crate) struct Tables {
    pub(crate) unique_properties: Vec<String>,
    pub(crate) properties: Vec<PropertyDef>,
    pub(crate) associations: Vec<AssociationDef>,
    /// Everything else of a custom object, as text (type ID, names, labels, description).
    pub(crate) rest: Vec<(&'static str, String)>,
    /// The account's pipelines, when it lists them.
    pub(crate) pipelines: Option<Vec<PipelineDef>>,
}

/// One line per change, each starting with the file (relative to the account directory).
pub(crate) fn diff(
    before: &BTreeMap<PathBuf, Tables>,
    after: &BTreeMap<PathBuf, Tables>,
) -> Vec<String> {
    let mut out = Vec::new();
    let paths: BTreeSet<&PathBuf> = before.keys().chain(after.keys()).collect();
    for path in paths {
        let at = |what: String| format!("{}: {what}", path.display());
        match (before.get(path), after.get(path)) {
            (None, Some(_)) => out.push(at(format!("new in the account ({})", kind(path)))),
            (Some(_), None) => out.push(at(format!("gone from the account ({})", kind(path)))),
            (Some(b), Some(a)) => out.extend(tables(b, a).into_iter().map(at)),
            (None, None) => {}
        }
    }
    out
}

fn kind(path: &Path) -> &'static str {
    if path.starts_with("objects") {
        "a custom object"
    } else {
        "additions to a standard object"
    }
}

fn tables(b: &Tables, a: &Tables) -> Vec<String> {
    let mut out = Vec::new();
    for ((key, old), (_, new)) in b.rest.iter().zip(&a.rest) {
        if old != new {
            out.push(format!("{key} changed from {old} to {new}"));
        }
    }
    let (old, new) = (set(&b.unique_properties), set(&a.unique_properties));
    for p in new.difference(&old) {
        out.push(format!("property `{p}` became unique"));
    }
    for p in old.difference(&new) {
        out.push(format!("property `{p}` is no longer unique"));
    }
    let by_name = |list: &[PropertyDef]| -> BTreeMap<String, PropertyDef> {
        list.iter().map(|p| (p.name.clone(), p.clone())).collect()
    };
    let (old, new) = (by_name(&b.properties), by_name(&a.properties));
    for name in new.keys().filter(|n| !old.contains_key(*n)) {
        out.push(format!("property `{name}` added"));
    }
    for name in old.keys().filter(|n| !new.contains_key(*n)) {
        out.push(format!("property `{name}` removed"));
    }
    for (name, o) in &old {
        if let Some(n) = new.get(name) {
            out.extend(
                property(o, n)
                    .into_iter()
                    .map(|c| format!("property `{name}`: {c}")),
            );
        }
    }
    match (&b.pipelines, &a.pipelines) {
        (None, Some(_)) => out.push("the account now has pipelines of its own".to_string()),
        (Some(_), None) => {
            out.push("the account's pipelines are the standard ones again".to_string())
        }
        (Some(o), Some(n)) => out.extend(pipelines(o, n)),
        (None, None) => {}
    }
    let by_target = |list: &[AssociationDef]| -> BTreeMap<String, AssociationDef> {
        list.iter().map(|a| (a.to.clone(), a.clone())).collect()
    };
    let (old, new) = (by_target(&b.associations), by_target(&a.associations));
    for to in new.keys().filter(|t| !old.contains_key(*t)) {
        out.push(format!("association to `{to}` added"));
    }
    for to in old.keys().filter(|t| !new.contains_key(*t)) {
        out.push(format!("association to `{to}` removed"));
    }
    for (to, o) in &old {
        let Some(n) = new.get(to) else { continue };
        if o.type_id != n.type_id {
            out.push(format!(
                "association to `{to}`: type ID {:?} is now {:?}",
                o.type_id, n.type_id
            ));
        }
        let labels = |a: &AssociationDef| -> BTreeSet<(u32, String)> {
            a.labels
                .iter()
                .map(|l| (l.type_id, l.label.clone()))
                .collect()
        };
        let (ol, nl) = (labels(o), labels(n));
        for (id, l) in nl.difference(&ol) {
            out.push(format!("association to `{to}`: label `{l}` ({id}) added"));
        }
        for (id, l) in ol.difference(&nl) {
            out.push(format!("association to `{to}`: label `{l}` ({id}) removed"));
        }
    }
    out
}

/// Pipelines and stages added, removed or relabelled, by ID.
fn pipelines(old: &[PipelineDef], new: &[PipelineDef]) -> Vec<String> {
    let mut out = Vec::new();
    let by_id = |list: &[PipelineDef]| -> BTreeMap<String, PipelineDef> {
        list.iter().map(|p| (p.id.clone(), p.clone())).collect()
    };
    let (o, n) = (by_id(old), by_id(new));
    for (id, p) in &n {
        if !o.contains_key(id) {
            out.push(format!("pipeline `{}` ({id}) added", p.label));
        }
    }
    for (id, p) in &o {
        let Some(q) = n.get(id) else {
            out.push(format!("pipeline `{}` ({id}) removed", p.label));
            continue;
        };
        if p.label != q.label {
            out.push(format!(
                "pipeline {id}: label `{}` is now `{}`",
                p.label, q.label
            ));
        }
        let stages = |p: &PipelineDef| -> BTreeMap<String, (String, BTreeMap<String, String>)> {
            p.stages
                .iter()
                .map(|s| (s.id.clone(), (s.label.clone(), s.metadata.clone())))
                .collect()
        };
        let (os, ns) = (stages(p), stages(q));
        for (sid, (label, _)) in &ns {
            if !os.contains_key(sid) {
                out.push(format!(
                    "pipeline `{}`: stage `{label}` ({sid}) added",
                    q.label
                ));
            }
        }
        for (sid, (label, meta)) in &os {
            match ns.get(sid) {
                None => out.push(format!(
                    "pipeline `{}`: stage `{label}` ({sid}) removed",
                    q.label
                )),
                Some((new_label, new_meta)) => {
                    if label != new_label {
                        out.push(format!(
                            "pipeline `{}`: stage {sid}: label `{label}` is now `{new_label}`",
                            q.label
                        ));
                    }
                    if meta != new_meta {
                        out.push(format!(
                            "pipeline `{}`: stage `{new_label}`: metadata changed",
                            q.label
                        ));
                    }
                }
            }
        }
        if p.display_order != q.display_order
            || p.stages
                .iter()
                .map(|s| (&s.id, s.display_order))
                .collect::<Vec<_>>()
                != q.stages
                    .iter()
                    .map(|s| (&s.id, s.display_order))
                    .collect::<Vec<_>>()
        {
            out.push(format!("pipeline `{}`: order changed", q.label));
        }
    }
    out
}

fn property(o: &PropertyDef, n: &PropertyDef) -> Vec<String> {
    let mut out = Vec::new();
    if o.kind != n.kind {
        out.push(format!("type {} is now {}", o.kind, n.kind));
    }
    for (what, old, new) in [
        ("read_only", o.read_only, n.read_only),
        ("required", o.required, n.required),
        ("multiple", o.multiple, n.multiple),
    ] {
        if old != new {
            out.push(format!("{what} {old} is now {new}"));
        }
    }
    if o.label != n.label {
        out.push(format!("label {:?} is now {:?}", o.label, n.label));
    }
    if o.description != n.description {
        out.push("description changed".to_string());
    }
    let values = |opts: &[EnumOption]| -> BTreeSet<String> {
        opts.iter().map(|o| o.value().to_string()).collect()
    };
    let (old, new) = (values(&o.options), values(&n.options));
    for v in new.difference(&old) {
        out.push(format!("option `{v}` added"));
    }
    for v in old.difference(&new) {
        out.push(format!("option `{v}` removed"));
    }
    out
}

fn set(list: &[String]) -> BTreeSet<&String> {
    list.iter().collect()
}
