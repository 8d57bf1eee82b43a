//! Property values as HubSpot validates and stores them: every value a string, checked
//! against its property's type, normalised to the form HubSpot returns.

use hubspot_crm_schema::PropertyKind;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, Time, UtcOffset};

use crate::error::ErrorDetail;
use crate::state::PropertyDef;

const DAY_MS: i64 = 86_400_000;

/// Validates `raw` for `prop`; returns the stored form, or `None` when `raw` clears the value.
pub fn normalise(prop: &PropertyDef, raw: &str) -> Result<Option<String>, ErrorDetail> {
    if raw.is_empty() {
        return Ok(None);
    }
    let invalid = |code: &str, what: String| ErrorDetail {
        message: what,
        code: Some(code.to_string()),
        context: Some(json!({ "propertyName": [prop.name] })),
    };
    let value = match prop.kind {
        PropertyKind::String | PropertyKind::PhoneNumber => raw.to_string(),
        PropertyKind::Number => {
            let t = raw.trim();
            if t.parse::<f64>().map(|f| f.is_finite()).unwrap_or(false) {
                t.to_string()
            } else {
                return Err(invalid(
                    "INVALID_FLOAT",
                    format!("{raw} was not a valid number."),
                ));
            }
        }
        PropertyKind::Bool => match raw.trim().to_ascii_lowercase().as_str() {
            v @ ("true" | "false") => v.to_string(),
            _ => {
                return Err(invalid(
                    "INVALID_BOOLEAN",
                    format!("{raw} was not a valid boolean. Use true or false."),
                ))
            }
        },
        PropertyKind::Date => match date_ms(raw) {
            Some(ms) if ms.rem_euclid(DAY_MS) == 0 => format_date(ms),
            Some(_) => {
                return Err(invalid(
                    "INVALID_DATE",
                    format!("{raw} is at a time other than midnight UTC. Dates must be midnight UTC epoch milliseconds."),
                ))
            }
            None => {
                return Err(invalid(
                    "INVALID_DATE",
                    format!("{raw} was not a valid date. Use epoch milliseconds at midnight UTC."),
                ))
            }
        },
        PropertyKind::Datetime => match datetime_ms(raw) {
            Some(ms) => format_datetime(ms),
            None => {
                return Err(invalid(
                    "INVALID_DATETIME",
                    format!("{raw} was not a valid date-time. Use epoch milliseconds or ISO 8601."),
                ))
            }
        },
        PropertyKind::Enumeration => {
            if !prop.options.is_empty() {
                for part in raw.split(';').filter(|p| !p.is_empty()) {
                    if !prop.options.iter().any(|o| o.value == part) {
                        return Err(invalid(
                            "INVALID_OPTION",
                            format!(
                                "{part} was not one of the allowed options: [{}]",
                                prop.options.iter().map(|o| o.value.as_str()).collect::<Vec<_>>().join(", ")
                            ),
                        ));
                    }
                }
            }
            raw.to_string()
        }
    };
    Ok(Some(value))
}

/// Epoch milliseconds of a `date` value: epoch ms, `YYYY-MM-DD` or RFC 3339.
pub fn date_ms(raw: &str) -> Option<i64> {
    let t = raw.trim();
    if let Ok(ms) = t.parse::<i64>() {
        return Some(ms);
    }
    if let Some(date) = parse_ymd(t) {
        return Some(date.midnight().assume_utc().unix_timestamp() * 1000);
    }
    datetime_ms(t)
}

fn parse_ymd(s: &str) -> Option<Date> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// Epoch milliseconds of a `datetime` value: epoch ms or RFC 3339.
pub fn datetime_ms(raw: &str) -> Option<i64> {
    let t = raw.trim();
    if let Ok(ms) = t.parse::<i64>() {
        return Some(ms);
    }
    let dt = OffsetDateTime::parse(t, &Rfc3339).ok()?;
    i64::try_from(dt.unix_timestamp_nanos() / 1_000_000).ok()
}

/// `YYYY-MM-DD` for UTC-midnight epoch milliseconds.
pub fn format_date(ms: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) {
        Ok(dt) => {
            let d = dt.date();
            format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
        }
        Err(_) => ms.to_string(),
    }
}

/// ISO-8601 with milliseconds in UTC, as HubSpot returns date-times.
pub fn format_datetime(ms: i64) -> String {
    let nanos = i128::from(ms) * 1_000_000;
    match OffsetDateTime::from_unix_timestamp_nanos(nanos) {
        Ok(dt) => {
            let dt = dt.to_offset(UtcOffset::UTC);
            let (d, t): (Date, Time) = (dt.date(), dt.time());
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                d.year(),
                u8::from(d.month()),
                d.day(),
                t.hour(),
                t.minute(),
                t.second(),
                t.millisecond()
            )
        }
        Err(_) => ms.to_string(),
    }
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{OptionDef, PropertyDef};

    fn prop(kind: PropertyKind, options: &[&str]) -> PropertyDef {
        let mut p = PropertyDef::new("p", kind);
        p.options = options.iter().map(|o| OptionDef::new(o)).collect();
        p
    }

    #[test]
    fn dates_must_be_utc_midnight() {
        let p = prop(PropertyKind::Date, &[]);
        assert_eq!(
            normalise(&p, "1709251200000").unwrap().as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(
            normalise(&p, "2024-03-01").unwrap().as_deref(),
            Some("2024-03-01")
        );
        let err = normalise(&p, "1709251200001").unwrap_err();
        assert_eq!(err.code.as_deref(), Some("INVALID_DATE"));
        assert!(normalise(&p, "soon").is_err());
    }

    #[test]
    fn datetimes_take_epoch_ms_or_iso_and_return_iso() {
        let p = prop(PropertyKind::Datetime, &[]);
        assert_eq!(
            normalise(&p, "1709288130250").unwrap().as_deref(),
            Some("2024-03-01T10:15:30.250Z")
        );
        assert_eq!(
            normalise(&p, "2024-03-01T12:15:30.25+02:00")
                .unwrap()
                .as_deref(),
            Some("2024-03-01T10:15:30.250Z")
        );
        assert_eq!(
            normalise(&p, "yesterday").unwrap_err().code.as_deref(),
            Some("INVALID_DATETIME")
        );
    }

    #[test]
    fn numbers_bools_and_options() {
        assert!(normalise(&prop(PropertyKind::Number, &[]), "12.5").is_ok());
        assert_eq!(
            normalise(&prop(PropertyKind::Number, &[]), "12 dollars")
                .unwrap_err()
                .code
                .as_deref(),
            Some("INVALID_FLOAT")
        );
        assert_eq!(
            normalise(&prop(PropertyKind::Bool, &[]), "TRUE")
                .unwrap()
                .as_deref(),
            Some("true")
        );
        assert!(normalise(&prop(PropertyKind::Bool, &[]), "yes").is_err());
        let e = prop(PropertyKind::Enumeration, &["a", "b"]);
        assert!(normalise(&e, "a;b").is_ok());
        assert_eq!(
            normalise(&e, "c").unwrap_err().code.as_deref(),
            Some("INVALID_OPTION")
        );
        assert_eq!(normalise(&e, "").unwrap(), None, "empty clears");
    }
}
