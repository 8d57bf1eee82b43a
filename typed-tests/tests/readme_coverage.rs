//! The README's "Coverage by version" table against the endpoint tables: every family falls in
//! one row (the row naming the longest prefix of its name), each row's count is right, each
//! version's cell gives a path every family of the row starts with there, and the families a
//! cell names are exactly those whose success status there differs from legacy's.

use std::collections::BTreeSet;

use hubspot_crm::endpoints::{ApiVersion, Family};

const README: &str = include_str!("../../README.md");

/// One row: the families it groups (a name, or a prefix written `name_*`), its count, and per
/// version cell the path prefix and the family names it mentions.
struct Row {
    pattern: String,
    prefix: bool,
    count: usize,
    cells: Vec<(String, BTreeSet<String>, String)>,
}

impl Row {
    /// How well it matches `family`: the length of its pattern, if it matches.
    fn strength(&self, family: Family) -> Option<usize> {
        let name = family.name();
        let hit = if self.prefix {
            name.starts_with(&self.pattern)
        } else {
            name == self.pattern
        };
        hit.then_some(self.pattern.len() + usize::from(!self.prefix))
    }
}

fn ticked(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

fn cells(line: &str) -> Vec<&str> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect()
}

/// The table's version names (header) and rows.
fn table() -> (Vec<String>, Vec<Row>) {
    let start = README
        .find("### Coverage by version")
        .expect("the README has a coverage table");
    let mut lines = README[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'));
    let header = lines.next().expect("a header row");
    let versions: Vec<String> = cells(header)[1..].iter().map(|s| s.to_string()).collect();
    let rows = lines
        .skip(1) // the |---| line
        .map(|line| {
            let c = cells(line);
            let first = ticked(c[0]);
            assert_eq!(first.len(), 1, "one family pattern per row: {line}");
            let (pattern, prefix) = match first[0].strip_suffix('*') {
                Some(p) => (p.to_string(), true),
                None => (first[0].to_string(), false),
            };
            let count = c[0]
                .rsplit_once('(')
                .and_then(|(_, n)| n.trim_end_matches(')').parse().ok())
                .unwrap_or_else(|| panic!("a count in parentheses: {line}"));
            assert_eq!(c.len(), versions.len() + 1, "a cell per version: {line}");
            let cells = c[1..]
                .iter()
                .map(|cell| {
                    let ticks = ticked(cell);
                    let path = ticks
                        .iter()
                        .find(|t| t.starts_with('/'))
                        .unwrap_or_else(|| panic!("a path in every cell: {line}"))
                        .to_string();
                    let named = ticks
                        .iter()
                        .filter(|t| !t.starts_with('/'))
                        .map(|t| t.to_string())
                        .collect();
                    (path, named, cell.to_string())
                })
                .collect();
            Row {
                pattern,
                prefix,
                count,
                cells,
            }
        })
        .collect();
    (versions, rows)
}

#[test]
fn the_readme_coverage_table_matches_the_tables() {
    let (versions, rows) = table();
    let names: Vec<&str> = ApiVersion::ALL.iter().map(|v| v.as_str()).collect();
    assert_eq!(versions, names, "a column per version, oldest first");

    let mut members: Vec<Vec<Family>> = vec![Vec::new(); rows.len()];
    for family in Family::ALL {
        let best = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.strength(family).map(|s| (s, i)))
            .max()
            .unwrap_or_else(|| panic!("no README row holds family `{}`", family.name()));
        members[best.1].push(family);
    }
    for (row, families) in rows.iter().zip(&members) {
        let label = &row.pattern;
        assert_eq!(
            families.len(),
            row.count,
            "row `{label}`: {:?}",
            families.iter().map(|f| f.name()).collect::<Vec<_>>()
        );
        for (version, (path, named, cell)) in ApiVersion::ALL.into_iter().zip(&row.cells) {
            let mut differing = BTreeSet::new();
            for family in families {
                assert!(
                    family.path(version).starts_with(path.as_str()),
                    "row `{label}`, {version}: `{}` is {}, not under {path}",
                    family.name(),
                    family.path(version)
                );
                let status = family.status(version);
                if status != family.status(ApiVersion::Legacy) {
                    assert!(
                        cell.contains(&status.to_string()),
                        "row `{label}`, {version}: `{}` answers {status}: {cell}",
                        family.name()
                    );
                    differing.insert(family.name().to_string());
                }
            }
            assert_eq!(
                named, &differing,
                "row `{label}`, {version}: the families named are those whose status differs from legacy's"
            );
        }
    }
    let total: usize = rows.iter().map(|r| r.count).sum();
    assert_eq!(total, Family::ALL.len());
}
