//! The account's tables as YAML text: the standard tables' format, one key per line, lists in
//! a fixed order, so the files are deterministic and diff well in review.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use super::read::{Pulled, PulledAssociation, PulledObject, PulledPipeline, PulledProperty};

/// The first line of every file pull writes; files starting with it are pull's to replace.
pub(crate) const HEADER: &str = "# Pulled from the account by `cargo xtask pull`. Do not edit: pull again when the account changes.";

/// Every file of the account's tables, by path relative to the account directory.
pub(crate) fn files(pulled: &Pulled) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for object in &pulled.objects {
        out.insert(
            PathBuf::from(format!("objects/{}.yaml", object.name)),
            object_file(object),
        );
    }
    for (name, ext) in &pulled.extensions {
        let mut text = format!(
            "{HEADER}\n# What the account adds to the standard object `{name}`.\nobject: {name}\n"
        );
        if !ext.unique_properties.is_empty() {
            let _ = writeln!(text, "unique_properties: {}", flow(&ext.unique_properties));
        }
        properties(&mut text, &ext.properties);
        associations(&mut text, &ext.associations);
        if let Some(list) = &ext.pipelines {
            text.push_str("# The account's pipelines: they replace the standard table's.\n");
            pipelines(&mut text, list);
        }
        out.insert(PathBuf::from(format!("extensions/{name}.yaml")), text);
    }
    out
}

fn object_file(o: &PulledObject) -> String {
    let mut text = format!(
        "{HEADER}\n# The account's custom object `{}` ({}).\n",
        o.name, o.type_id
    );
    let _ = writeln!(text, "type_id: {}", quoted(&o.type_id));
    let _ = writeln!(text, "name: {}", scalar(&o.name));
    let _ = writeln!(text, "singular: {}", scalar(&o.singular));
    let _ = writeln!(text, "plural: {}", scalar(&o.plural));
    let _ = writeln!(
        text,
        "labels: {{singular: {}, plural: {}}}",
        scalar(&o.label_singular),
        scalar(&o.label_plural)
    );
    if let Some(fqn) = &o.fully_qualified_name {
        let _ = writeln!(text, "fully_qualified_name: {}", scalar(fqn));
    }
    if let Some(p) = &o.primary_display_property {
        let _ = writeln!(text, "primary_display_property: {}", scalar(p));
    }
    let _ = writeln!(text, "description: {}", scalar(&o.description));
    if let Some(group) = &o.default_property_group {
        let _ = writeln!(text, "default_property_group: {}", scalar(group));
    }
    if !o.unique_properties.is_empty() {
        let _ = writeln!(text, "unique_properties: {}", flow(&o.unique_properties));
    }
    if o.properties.is_empty() {
        text.push_str("properties: []\n");
    } else {
        properties(&mut text, &o.properties);
    }
    associations(&mut text, &o.associations);
    if !o.pipelines.is_empty() {
        pipelines(&mut text, &o.pipelines);
    }
    text
}

fn properties(text: &mut String, props: &[PulledProperty]) {
    if props.is_empty() {
        return;
    }
    text.push_str("properties:\n");
    for p in props {
        let _ = writeln!(text, "  - name: {}", scalar(&p.name));
        let _ = writeln!(text, "    type: {}", p.kind.as_str());
        if let Some(l) = &p.label {
            let _ = writeln!(text, "    label: {}", scalar(l));
        }
        if let Some(d) = &p.description {
            let _ = writeln!(text, "    description: {}", scalar(d));
        }
        for (flag, set) in [
            ("read_only", p.read_only),
            ("required", p.required),
            ("multiple", p.multiple),
        ] {
            if set {
                let _ = writeln!(text, "    {flag}: true");
            }
        }
        if !p.options.is_empty() {
            let _ = writeln!(text, "    options: {}", flow(&p.options));
        }
    }
}

fn associations(text: &mut String, list: &[PulledAssociation]) {
    if list.is_empty() {
        return;
    }
    text.push_str("associations:\n");
    for a in list {
        let _ = writeln!(text, "  - to: {}", scalar(&a.to));
        if let Some(id) = a.type_id {
            let _ = writeln!(text, "    type_id: {id}");
        }
        if !a.labels.is_empty() {
            text.push_str("    labels:\n");
            for (id, label) in &a.labels {
                let _ = writeln!(
                    text,
                    "      - {{type_id: {id}, label: {}, category: USER_DEFINED}}",
                    scalar(label)
                );
            }
        }
    }
}

/// The account's pipelines, each stage on one line.
fn pipelines(text: &mut String, list: &[PulledPipeline]) {
    text.push_str("pipelines:\n");
    for p in list {
        let _ = writeln!(text, "  - id: {}", quoted(&p.id));
        let _ = writeln!(text, "    label: {}", scalar(&p.label));
        if let Some(order) = p.display_order {
            let _ = writeln!(text, "    display_order: {order}");
        }
        text.push_str("    stages:\n");
        for s in &p.stages {
            let mut line = format!(
                "      - {{id: {}, label: {}",
                quoted(&s.id),
                scalar(&s.label)
            );
            if let Some(order) = s.display_order {
                let _ = write!(line, ", display_order: {order}");
            }
            let metadata: Vec<String> = s
                .metadata
                .iter()
                .map(|(k, v)| format!("{}: {}", scalar(k), quoted(v)))
                .collect();
            let _ = write!(line, ", metadata: {{{}}}}}", metadata.join(", "));
            let _ = writeln!(text, "{line}");
        }
    }
}

/// `[a, b, c]`.
fn flow(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| scalar(i)).collect();
    format!("[{}]", items.join(", "))
}

/// A string as a YAML scalar: plain where that reads back as the same string (also inside a
/// flow list), else double-quoted.
fn scalar(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | ' ' | '.' | '-' | '/' | '(' | ')')
        })
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n" | "~"
        );
    if plain {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A double-quoted YAML scalar (JSON's escapes are YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_the_same_string() {
        for s in [
            "gold",
            "Sales Pipeline",
            "yes",
            "1234",
            "a: b",
            "[x]",
            "x, y",
            "#tag",
            "",
            "Null",
            "p1_vehicles",
            "it's",
            "line\nbreak",
            "trailing ",
        ] {
            let yaml = format!("v: {}\nl: [{}]\n", scalar(s), scalar(s));
            let doc: BTreeMap<String, serde_json::Value> =
                serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{s:?}: {e}\n{yaml}"));
            assert_eq!(doc["v"], serde_json::json!(s), "{yaml}");
            assert_eq!(doc["l"], serde_json::json!([s]), "{yaml}");
        }
    }
}
