//! Comparing a family's path template with an operation HubSpot describes.
//!
//! Both are split into segments, and the version segment is taken out and compared by value:
//! HubSpot's descriptions place it variously (`/crm/v3/objects/...`, `/crm/objects/v3/...`,
//! `/crm/associations/v4/...` beside `/crm/v4/associations/...`), and a version is told by
//! its value, never by where it stands. Placeholders match placeholders whatever their names
//! (`{objectId}` and `{cartId}`); the table's `{objectType}` and `{toObjectType}` also match
//! an object named in the path (`carts`, `0-410`), which the match then reports.

use hubspot_crm_schema::PathParam;

use super::spec::is_numbered;

/// A path split into its segments, with its version segment set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shape<'a> {
    /// The version segment (`v3`, `2026-03`), if the path has one.
    pub version: Option<&'a str>,
    /// The other segments, in order.
    pub segments: Vec<&'a str>,
}

impl<'a> Shape<'a> {
    /// `path` as written for the table version `version`: for `legacy`, the first numbered
    /// segment (`v3`, `v4`) is the version; for a date version, the first segment equal to it.
    pub(crate) fn of(path: &'a str, version: &str, legacy: &str) -> Shape<'a> {
        let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let at = segments.iter().position(|s| {
            if version == legacy {
                is_numbered(s)
            } else {
                *s == version
            }
        });
        let version = at.map(|i| segments.remove(i));
        Shape { version, segments }
    }

    /// The part of HubSpot's API the path belongs to: its first two segments beside the
    /// version (`crm/objects`, `crm/associations`, `crm-object-schemas/schemas`).
    pub(crate) fn area(&self) -> String {
        self.segments
            .iter()
            .take(2)
            .copied()
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The path with every placeholder blanked (`crm/objects/{}/{}`): operations that differ
    /// only in placeholder names are one operation.
    pub(crate) fn key(&self) -> String {
        let mut out = self.version.unwrap_or("").to_string();
        for s in &self.segments {
            out.push('/');
            out.push_str(if is_placeholder(s) { "{}" } else { s });
        }
        out
    }
}

fn is_placeholder(segment: &str) -> bool {
    segment.len() > 2 && segment.starts_with('{') && segment.ends_with('}')
}

/// What a template matched an operation with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match<'a> {
    /// The object named where the template has `{objectType}`, if the operation names one.
    pub object: Option<&'a str>,
}

/// Whether the operation `op` is the family template `template`'s operation.
pub(crate) fn matches<'a>(template: &Shape<'_>, op: &Shape<'a>) -> Option<Match<'a>> {
    if template.version != op.version || template.segments.len() != op.segments.len() {
        return None;
    }
    let object_type = format!("{{{}}}", PathParam::ObjectType.as_str());
    let to_object_type = format!("{{{}}}", PathParam::ToObjectType.as_str());
    let mut found = Match { object: None };
    for (t, o) in template.segments.iter().zip(&op.segments) {
        match (is_placeholder(t), is_placeholder(o)) {
            (true, true) => {}
            (true, false) if *t == object_type => found.object = Some(o),
            (true, false) if *t == to_object_type => {}
            (false, false) if t == o => {}
            _ => return None,
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape<'a>(path: &'a str, version: &str) -> Shape<'a> {
        Shape::of(path, version, "legacy")
    }

    #[test]
    fn the_version_segment_is_compared_by_value_wherever_it_stands() {
        let table = shape("/crm/v3/objects/{objectType}/search", "legacy");
        let moved = shape("/crm/objects/v3/projects/search", "legacy");
        assert_eq!(
            matches(&table, &moved),
            Some(Match {
                object: Some("projects")
            })
        );
        let v4 = shape("/crm/v4/objects/{objectType}/search", "legacy");
        assert_eq!(matches(&table, &v4), None, "v3 is not v4");
        let dated = shape("/crm/objects/2026-03/{objectType}/search", "2026-03");
        assert_eq!(dated.version, Some("2026-03"));
        assert_eq!(dated.area(), "crm/objects");
        assert_eq!(matches(&table, &dated), None);
    }

    #[test]
    fn placeholders_match_whatever_their_names() {
        let table = shape("/crm/v3/objects/{objectType}/{objectId}", "legacy");
        let named = shape("/crm/v3/objects/carts/{cartId}", "legacy");
        assert_eq!(matches(&table, &named).unwrap().object, Some("carts"));
        let generic = shape("/crm/v3/objects/{objectType}/{objectId}", "legacy");
        assert_eq!(matches(&table, &generic).unwrap().object, None);
        // Only object types match a named segment: `{objectId}` does not match `splits`.
        let splits = shape("/crm/v3/objects/deals/splits", "legacy");
        assert_eq!(matches(&table, &splits), None);
        // A placeholder in HubSpot's path does not match a literal segment of the table's.
        let merge = shape("/crm/v3/objects/{objectType}/merge", "legacy");
        let other = shape("/crm/v3/objects/{objectType}/{action}", "legacy");
        assert_eq!(matches(&merge, &other), None);
    }

    #[test]
    fn areas_and_keys() {
        let schemas = shape(
            "/crm-object-schemas/2026-03/schemas/{objectType}",
            "2026-03",
        );
        assert_eq!(schemas.area(), "crm-object-schemas/schemas");
        assert_eq!(schemas.key(), "2026-03/crm-object-schemas/schemas/{}");
        let wrong = shape("/crm/object-schemas/2026-03/schemas", "2026-03");
        assert_eq!(wrong.area(), "crm/object-schemas");
    }
}
