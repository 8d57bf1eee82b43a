//! The tables' `audit_exceptions` (in `endpoints.yaml`): operations, families' paths and objects
//! the tables knowingly leave out of HubSpot's published descriptions. A difference one of them
//! names is listed under it instead of failing the audit; one that named nothing in the
//! documents read is listed as not needed, so a stale exception shows.

use hubspot_crm_schema::{AuditException, HttpMethod};

use super::compare::LEGACY;
use super::paths::Shape;

/// The exceptions, and the differences each covered.
pub(crate) struct Excepted<'s> {
    list: &'s [AuditException],
    covered: Vec<Vec<String>>,
    text: &'s str,
    file: String,
}

impl<'s> Excepted<'s> {
    pub(crate) fn new(list: &'s [AuditException], text: &'s str, file: String) -> Self {
        Excepted {
            list,
            covered: vec![Vec::new(); list.len()],
            text,
            file,
        }
    }

    /// Whether an exception says `family`'s path is not published in `version`; if so, it
    /// takes the difference `line`.
    pub(crate) fn family(&mut self, family: &str, version: &str, line: &str) -> bool {
        self.take(line, |e| {
            e.family.as_deref() == Some(family) && e.versions.iter().any(|v| v == version)
        })
    }

    /// Whether an exception names HubSpot's `method` operation of shape `shape`, read for
    /// table version `version`; if so, it takes the difference `line`.
    pub(crate) fn operation(
        &mut self,
        method: HttpMethod,
        shape: &Shape<'_>,
        version: &str,
        line: &str,
    ) -> bool {
        let key = shape.key();
        self.take(line, |e| {
            e.operations.iter().any(|op| {
                AuditException::method_and_path(op).is_some_and(|(m, path)| {
                    m == method && Shape::of(path, version, LEGACY).key() == key
                })
            })
        })
    }

    /// Whether an exception names the object `name`; if so, it takes the difference `line`.
    pub(crate) fn object(&mut self, name: &str, line: &str) -> bool {
        self.take(line, |e| e.object.as_deref() == Some(name))
    }

    fn take(&mut self, line: &str, wanted: impl Fn(&AuditException) -> bool) -> bool {
        match self.list.iter().position(wanted) {
            Some(i) => {
                self.covered[i].push(line.to_string());
                true
            }
            None => false,
        }
    }

    /// Where exception `i` is: its file and the line naming what it excepts.
    fn place(&self, i: usize) -> String {
        let e = &self.list[i];
        let named = e
            .operations
            .first()
            .map(String::as_str)
            .or(e.family.as_deref())
            .or(e.object.as_deref())
            .unwrap_or("");
        let start = self
            .text
            .lines()
            .position(|l| l.starts_with("audit_exceptions:"))
            .unwrap_or(0);
        let line = self
            .text
            .lines()
            .enumerate()
            .skip(start)
            .find(|(_, l)| !named.is_empty() && l.contains(named))
            .map(|(n, _)| n + 1);
        match line {
            Some(l) => format!("{}:{l}", self.file),
            None => self.file.clone(),
        }
    }

    /// One entry per exception: where it is, its reason, and the differences it covered (or
    /// that nothing in the documents read needed it).
    pub(crate) fn render(&self) -> Vec<String> {
        self.list
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let reason = e.reason.split_whitespace().collect::<Vec<_>>().join(" ");
                let mut out = format!("{}: audit exception: {reason}", self.place(i));
                if self.covered[i].is_empty() {
                    out.push_str("\n    no difference in the documents read needed it");
                }
                for line in &self.covered[i] {
                    out.push_str("\n    covers: ");
                    out.push_str(line);
                }
                out
            })
            .collect()
    }
}
