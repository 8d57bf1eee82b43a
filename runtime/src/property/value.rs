//! [`PropertyValue`]: how Rust types map to HubSpot's string wire values.

use std::collections::BTreeSet;
use std::str::FromStr;

use rust_decimal::Decimal;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// A Rust type that represents a HubSpot property value on the wire.
///
/// HubSpot sends every property value as a string; an empty string means
/// "no value" and is handled by [`Field`](super::Field), so `from_wire` only
/// ever sees non-empty input.
///
/// ```
/// use hubspot_crm_runtime::property::PropertyValue;
///
/// assert_eq!(true.to_wire(), "true");
/// assert_eq!(bool::from_wire("FALSE"), Ok(false));
/// ```
pub trait PropertyValue: Sized {
    /// Encode as HubSpot's wire string.
    fn to_wire(&self) -> String;
    /// Decode from a non-empty wire string.
    fn from_wire(raw: &str) -> Result<Self, ValueError>;
}

/// A wire string that does not decode to the expected type.
///
/// ```
/// use hubspot_crm_runtime::property::{PropertyValue, ValueError};
///
/// let err = bool::from_wire("yes").unwrap_err();
/// assert_eq!(err.value, "yes");
/// assert!(err.to_string().contains("\"yes\""));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected}, got {value:?}")]
pub struct ValueError {
    /// What the decoder expected, e.g. `a decimal number`.
    pub expected: &'static str,
    /// The raw wire string that failed to decode, as received.
    pub value: String,
}

const EXPECTED_BOOL: &str = "a boolean (\"true\" or \"false\")";
const EXPECTED_DECIMAL: &str = "a decimal number";
const EXPECTED_DATE: &str = "a date (YYYY-MM-DD, RFC 3339 or epoch milliseconds)";
const EXPECTED_DATETIME: &str = "a datetime (RFC 3339 or epoch milliseconds)";

const NANOS_PER_MILLI: i128 = 1_000_000;

fn invalid(expected: &'static str, raw: &str) -> ValueError {
    ValueError {
        expected,
        value: raw.to_owned(),
    }
}

impl PropertyValue for String {
    /// Strings travel as they are.
    fn to_wire(&self) -> String {
        self.clone()
    }

    /// Kept verbatim (no trimming): whitespace may be meaningful in text.
    fn from_wire(raw: &str) -> Result<Self, ValueError> {
        Ok(raw.to_owned())
    }
}

impl PropertyValue for bool {
    /// `"true"` or `"false"`.
    fn to_wire(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }

    /// Accepts `true`/`false` in any ASCII case; HubSpot's own UI and older
    /// imports are not consistent about casing.
    fn from_wire(raw: &str) -> Result<Self, ValueError> {
        let trimmed = raw.trim();
        if trimmed.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if trimmed.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(invalid(EXPECTED_BOOL, raw))
        }
    }
}

impl PropertyValue for Decimal {
    /// Plain decimal notation, e.g. `"-0.25"` or `"123456789012"`.
    fn to_wire(&self) -> String {
        self.to_string()
    }

    /// Accepts plain decimals and scientific notation (`"1.5E7"`), which
    /// HubSpot emits for some calculated number properties.
    fn from_wire(raw: &str) -> Result<Self, ValueError> {
        let trimmed = raw.trim();
        let parsed = if trimmed.contains(['e', 'E']) {
            Decimal::from_scientific(trimmed)
        } else {
            Decimal::from_str(trimmed)
        };
        parsed.map_err(|_| invalid(EXPECTED_DECIMAL, raw))
    }
}

impl PropertyValue for Date {
    /// Epoch milliseconds of UTC midnight, which is what HubSpot requires
    /// when *writing* `date` properties (e.g. 2024-03-01 -> `"1709251200000"`).
    fn to_wire(&self) -> String {
        // Cannot overflow: time's year range (±9999, or ±999,999 with
        // `large-dates`) stays far inside i64 milliseconds.
        let seconds = self.midnight().assume_utc().unix_timestamp();
        (i128::from(seconds) * 1000).to_string()
    }

    /// HubSpot *returns* dates as `"YYYY-MM-DD"`, but some endpoints give
    /// epoch milliseconds or a full RFC 3339 datetime; for the latter two the
    /// UTC calendar date is taken.
    fn from_wire(raw: &str) -> Result<Self, ValueError> {
        let trimmed = raw.trim();
        parse_iso_date(trimmed)
            .or_else(|| parse_epoch_millis(trimmed).map(OffsetDateTime::date))
            .or_else(|| {
                OffsetDateTime::parse(trimmed, &Rfc3339)
                    .ok()
                    .and_then(|dt| dt.checked_to_offset(UtcOffset::UTC))
                    .map(OffsetDateTime::date)
            })
            .ok_or_else(|| invalid(EXPECTED_DATE, raw))
    }
}

impl PropertyValue for OffsetDateTime {
    /// Epoch milliseconds: accepted by every HubSpot endpoint, including
    /// search filters, unlike ISO strings. Sub-millisecond precision is
    /// dropped by flooring, which equals cutting off the extra fractional
    /// digits of the calendar time, also before 1970.
    fn to_wire(&self) -> String {
        self.unix_timestamp_nanos()
            .div_euclid(NANOS_PER_MILLI)
            .to_string()
    }

    /// Accepts RFC 3339 (how HubSpot returns datetimes, e.g.
    /// `"2019-10-30T03:30:17.883Z"`, keeping the given offset) or integer
    /// epoch milliseconds (decoded as UTC).
    fn from_wire(raw: &str) -> Result<Self, ValueError> {
        let trimmed = raw.trim();
        OffsetDateTime::parse(trimmed, &Rfc3339)
            .ok()
            .or_else(|| parse_epoch_millis(trimmed))
            .ok_or_else(|| invalid(EXPECTED_DATETIME, raw))
    }
}

impl<T: PropertyValue + Ord> PropertyValue for BTreeSet<T> {
    /// Multi-select values joined by `;` in set order. Enumeration values
    /// never contain `;`, so no escaping is needed (HubSpot has none).
    fn to_wire(&self) -> String {
        self.iter()
            .map(PropertyValue::to_wire)
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Splits on `;` and skips empty segments, which HubSpot leaves behind
    /// (e.g. `";a;;b"`) after options are removed. An error names the
    /// offending segment, not the whole string.
    fn from_wire(raw: &str) -> Result<Self, ValueError> {
        raw.split(';')
            .filter(|segment| !segment.is_empty())
            .map(T::from_wire)
            .collect()
    }
}

/// Integer epoch milliseconds to a UTC datetime; `None` if not an integer
/// or outside the range `time` can represent.
fn parse_epoch_millis(s: &str) -> Option<OffsetDateTime> {
    let millis: i64 = s.parse().ok()?;
    // i64 * 1e6 always fits in i128, so this multiplication cannot overflow.
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * NANOS_PER_MILLI).ok()
}

/// Strict `YYYY-MM-DD`; `None` for anything else, including invalid dates
/// like `2023-02-30`.
fn parse_iso_date(s: &str) -> Option<Date> {
    let mut parts = s.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let all_digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some()
        || !all_digits(year, 4)
        || !all_digits(month, 2)
        || !all_digits(day, 2)
    {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: Month, day: u8) -> Date {
        Date::from_calendar_date(year, month, day).expect("valid test date")
    }

    fn round_trip<T: PropertyValue + PartialEq + std::fmt::Debug>(value: T) {
        let wire = value.to_wire();
        assert_eq!(T::from_wire(&wire), Ok(value), "wire form {wire:?}");
    }

    fn expect_error<T: PropertyValue + std::fmt::Debug>(raw: &str, expected: &str) {
        let err = T::from_wire(raw).expect_err("garbage must not decode");
        assert_eq!(err.value, raw);
        assert_eq!(err.expected, expected);
        let message = err.to_string();
        assert!(message.contains(expected), "{message}");
        assert!(message.contains(&format!("{raw:?}")), "{message}");
    }

    #[test]
    fn string_is_identity() {
        assert_eq!(" a;b ".to_owned().to_wire(), " a;b ");
        assert_eq!(String::from_wire(" x "), Ok(" x ".to_owned()));
        round_trip(String::from("Acme Ltd."));
    }

    #[test]
    fn bool_wire_forms() {
        assert_eq!(true.to_wire(), "true");
        assert_eq!(false.to_wire(), "false");
        assert_eq!(bool::from_wire("TRUE"), Ok(true));
        assert_eq!(bool::from_wire("False"), Ok(false));
        round_trip(true);
        round_trip(false);
        expect_error::<bool>("yes", EXPECTED_BOOL);
        expect_error::<bool>("1", EXPECTED_BOOL);
    }

    #[test]
    fn decimal_wire_forms() {
        let d = |s: &str| Decimal::from_str(s).expect("valid test decimal");
        assert_eq!(Decimal::from_wire("1.5E3"), Ok(d("1500")));
        assert_eq!(Decimal::from_wire("1.5e7"), Ok(d("15000000")));
        assert_eq!(Decimal::from_wire("2.5E-2"), Ok(d("0.025")));
        assert_eq!(Decimal::from_wire("-0.25"), Ok(d("-0.25")));
        assert_eq!(Decimal::from_wire(" 42 "), Ok(d("42")));
        assert_eq!(d("-0.25").to_wire(), "-0.25");
        assert_eq!(
            Decimal::from_wire("123456789012").map(|v| v.to_wire()),
            Ok("123456789012".to_owned())
        );
        round_trip(d("-0.25"));
        round_trip(d("123456789012"));
        round_trip(d("3.14159"));
        expect_error::<Decimal>("abc", EXPECTED_DECIMAL);
        expect_error::<Decimal>("1.5E", EXPECTED_DECIMAL);
        expect_error::<Decimal>("1E999", EXPECTED_DECIMAL);
    }

    #[test]
    fn date_encodes_as_utc_midnight_millis() {
        assert_eq!(date(2024, Month::March, 1).to_wire(), "1709251200000");
        assert_eq!(date(1970, Month::January, 1).to_wire(), "0");
        assert_eq!(date(1969, Month::December, 31).to_wire(), "-86400000");
    }

    #[test]
    fn date_decodes_all_forms() {
        let march_first = date(2024, Month::March, 1);
        assert_eq!(Date::from_wire("2024-03-01"), Ok(march_first));
        assert_eq!(Date::from_wire("1709251200000"), Ok(march_first));
        // Noon and the last millisecond of the day still belong to that date.
        assert_eq!(Date::from_wire("1709294400000"), Ok(march_first));
        assert_eq!(Date::from_wire("1709337599999"), Ok(march_first));
        assert_eq!(Date::from_wire("2024-03-01T23:30:00Z"), Ok(march_first));
        // 2024-03-01T23:30-02:00 is already March 2nd in UTC.
        assert_eq!(
            Date::from_wire("2024-03-01T23:30:00-02:00"),
            Ok(date(2024, Month::March, 2))
        );
    }

    #[test]
    fn date_before_1970() {
        let moon = date(1969, Month::July, 20);
        round_trip(moon);
        assert_eq!(Date::from_wire("1969-07-20"), Ok(moon));
        // One millisecond before the epoch is still 1969-12-31 (floor, not truncation).
        assert_eq!(Date::from_wire("-1"), Ok(date(1969, Month::December, 31)));
        round_trip(date(1900, Month::February, 28));
    }

    #[test]
    fn date_rejects_garbage_and_out_of_range() {
        expect_error::<Date>("yesterday", EXPECTED_DATE);
        expect_error::<Date>("2023-02-30", EXPECTED_DATE);
        expect_error::<Date>("2024-3-1", EXPECTED_DATE);
        expect_error::<Date>("9223372036854775807", EXPECTED_DATE);
        expect_error::<Date>("-9223372036854775808", EXPECTED_DATE);
    }

    #[test]
    fn datetime_encodes_epoch_millis_truncating_sub_millis() {
        let dt = OffsetDateTime::parse("2019-10-30T03:30:17.883456Z", &Rfc3339).expect("valid");
        assert_eq!(dt.to_wire(), "1572406217883");
        let before_epoch =
            OffsetDateTime::parse("1969-12-31T23:59:59.9995Z", &Rfc3339).expect("valid");
        assert_eq!(before_epoch.to_wire(), "-1");
    }

    #[test]
    fn datetime_decodes_rfc3339_and_millis() {
        let with_fraction = OffsetDateTime::from_wire("2019-10-30T03:30:17.883Z").expect("decodes");
        assert_eq!(
            with_fraction.unix_timestamp_nanos(),
            1_572_406_217_883_000_000
        );

        let without_fraction = OffsetDateTime::from_wire("2019-10-30T03:30:17Z").expect("decodes");
        assert_eq!(without_fraction.unix_timestamp(), 1_572_406_217);

        let offset = OffsetDateTime::from_wire("2019-10-30T05:30:17.883+02:00").expect("decodes");
        assert_eq!(offset, with_fraction, "same instant as the UTC form");
        assert_eq!(offset.offset().whole_hours(), 2);
        assert_eq!(offset.to_wire(), "1572406217883");

        assert_eq!(
            OffsetDateTime::from_wire("1572406217883"),
            Ok(with_fraction)
        );
        assert_eq!(
            OffsetDateTime::from_wire("-1").map(|dt| dt.unix_timestamp_nanos()),
            Ok(-1_000_000)
        );
    }

    #[test]
    fn datetime_round_trips() {
        round_trip(OffsetDateTime::from_wire("2019-10-30T03:30:17.883Z").expect("decodes"));
        round_trip(OffsetDateTime::from_wire("1955-11-05T06:15:00.001Z").expect("decodes"));
    }

    #[test]
    fn datetime_rejects_garbage_and_out_of_range() {
        expect_error::<OffsetDateTime>("now", EXPECTED_DATETIME);
        expect_error::<OffsetDateTime>("2019-10-30", EXPECTED_DATETIME);
        expect_error::<OffsetDateTime>("1.5", EXPECTED_DATETIME);
        expect_error::<OffsetDateTime>("9223372036854775807", EXPECTED_DATETIME);
        expect_error::<OffsetDateTime>("99999999999999999999", EXPECTED_DATETIME);
    }

    #[test]
    fn multi_select_joins_and_splits() {
        let set: BTreeSet<String> = ["b", "a"].map(String::from).into();
        assert_eq!(set.to_wire(), "a;b");
        assert_eq!(BTreeSet::<String>::from_wire("a;;b"), Ok(set.clone()));
        assert_eq!(BTreeSet::<String>::from_wire(";b;a;"), Ok(set.clone()));
        assert_eq!(BTreeSet::<String>::from_wire(";"), Ok(BTreeSet::new()));
        round_trip(set);
    }

    #[test]
    fn multi_select_reports_bad_segment() {
        let err = BTreeSet::<bool>::from_wire("true;maybe").expect_err("bad segment");
        assert_eq!(err, invalid(EXPECTED_BOOL, "maybe"));
        assert_eq!(
            BTreeSet::<bool>::from_wire("TRUE;false;true"),
            Ok(BTreeSet::from([false, true]))
        );
    }
}
