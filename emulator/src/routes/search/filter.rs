//! Search filters: checked and compiled once per request (values parsed into the form their
//! property compares in), then matched against records without further allocation where the
//! property type allows.

use std::cmp::Ordering;

use hubspot_crm_schema::PropertyKind;
use serde::Deserialize;
use serde_json::{json, Value};

use super::text::{self, cmp_ci, eq_ci};
use crate::error::{ApiError, ApiResult};
use crate::state::{Record, TypeState};
use crate::values::{date_ms, datetime_ms};

/// One filter as the body sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FilterInput {
    property_name: String,
    operator: String,
    #[serde(default)]
    value: Option<Value>,
    #[serde(default)]
    values: Option<Vec<Value>>,
    #[serde(default)]
    high_value: Option<Value>,
}

/// HubSpot's filter operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    Between,
    In,
    NotIn,
    HasProperty,
    NotHasProperty,
    ContainsToken,
    NotContainsToken,
}

const OPERATORS: &[(&str, Op)] = &[
    ("EQ", Op::Eq),
    ("NEQ", Op::Neq),
    ("LT", Op::Lt),
    ("LTE", Op::Lte),
    ("GT", Op::Gt),
    ("GTE", Op::Gte),
    ("BETWEEN", Op::Between),
    ("IN", Op::In),
    ("NOT_IN", Op::NotIn),
    ("HAS_PROPERTY", Op::HasProperty),
    ("NOT_HAS_PROPERTY", Op::NotHasProperty),
    ("CONTAINS_TOKEN", Op::ContainsToken),
    ("NOT_CONTAINS_TOKEN", Op::NotContainsToken),
];

/// How a property's values compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Date,
    Datetime,
    Bool,
    /// Single or multi-select: a value matches when it is one of the `;`-joined values.
    Enumeration,
    Text,
}

impl Kind {
    fn of(kind: PropertyKind) -> Kind {
        match kind {
            PropertyKind::Number => Kind::Number,
            PropertyKind::Date => Kind::Date,
            PropertyKind::Datetime => Kind::Datetime,
            PropertyKind::Bool => Kind::Bool,
            PropertyKind::Enumeration => Kind::Enumeration,
            PropertyKind::String | PropertyKind::PhoneNumber => Kind::Text,
        }
    }

    fn numeric(self) -> bool {
        matches!(self, Kind::Number | Kind::Date | Kind::Datetime)
    }

    /// A stored value as a number, for numeric kinds (`None` if it does not parse).
    fn number_of(self, raw: &str) -> Option<f64> {
        match self {
            Kind::Number => raw.trim().parse().ok(),
            Kind::Date => date_ms(raw).map(|ms| ms as f64),
            Kind::Datetime => datetime_ms(raw).map(|ms| ms as f64),
            _ => None,
        }
    }
}

/// A filter value in its property's comparable form.
#[derive(Debug, Clone)]
enum Operand {
    Number(f64),
    /// Lower-cased text.
    Text(String),
}

/// A checked filter, ready to match records.
#[derive(Debug)]
pub(super) struct Filter {
    property: String,
    kind: Kind,
    op: Op,
    low: Option<Operand>,
    high: Option<Operand>,
    set: Vec<Operand>,
    patterns: Vec<String>,
}

/// A filter value as text: strings as they are, numbers and booleans as their text.
fn scalar(v: &Value, what: &str, property: &str) -> ApiResult<Option<String>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(ApiError::validation(format!(
            "filter on {property}: {what} must be a string, number or boolean, not {other}"
        ))),
    }
}

impl Filter {
    /// Checks one filter against the type's properties: the operator is known, the property
    /// exists, and the values the operator needs are present and fit the property's type.
    pub(super) fn compile(ts: &TypeState, input: &FilterInput) -> ApiResult<Filter> {
        let property = input.property_name.as_str();
        let op = OPERATORS
            .iter()
            .find(|(name, _)| *name == input.operator)
            .map(|(_, op)| *op)
            .ok_or_else(|| {
                ApiError::validation(format!(
                    "filter on {property}: unknown operator {:?}; use one of {}",
                    input.operator,
                    OPERATORS
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
        let def = ts
            .properties
            .get(property)
            .filter(|p| !p.archived)
            .ok_or_else(|| {
                let mut e = ApiError::validation(format!(
                    "Property \"{property}\" does not exist on {}",
                    ts.def.plural
                ));
                e.context = Some(json!({ "propertyName": [property] }));
                e
            })?;
        let kind = Kind::of(def.kind);
        let mut filter = Filter {
            property: property.to_string(),
            kind,
            op,
            low: None,
            high: None,
            set: Vec::new(),
            patterns: Vec::new(),
        };
        let needs = |what: &str| {
            ApiError::validation(format!(
                "filter on {property}: operator {} needs {what}",
                input.operator
            ))
        };
        let value = match &input.value {
            Some(v) => scalar(v, "value", property)?,
            None => None,
        };
        match op {
            Op::HasProperty | Op::NotHasProperty => {}
            Op::ContainsToken | Op::NotContainsToken => {
                let value = value.ok_or_else(|| needs("a value"))?;
                filter.patterns = text::token_patterns(&value);
                if filter.patterns.is_empty() {
                    return Err(needs("a non-empty value"));
                }
            }
            Op::In | Op::NotIn => {
                let values = input
                    .values
                    .as_ref()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| needs("a non-empty list of values"))?;
                for v in values {
                    let v = scalar(v, "values", property)?
                        .ok_or_else(|| needs("values that are not null"))?;
                    filter.set.push(operand(kind, property, &v)?);
                }
            }
            Op::Between => {
                let low = value.ok_or_else(|| needs("a value"))?;
                let high = match &input.high_value {
                    Some(v) => scalar(v, "highValue", property)?,
                    None => None,
                }
                .ok_or_else(|| needs("a highValue"))?;
                filter.low = Some(operand(kind, property, &low)?);
                filter.high = Some(operand(kind, property, &high)?);
            }
            _ => {
                let value = value.ok_or_else(|| needs("a value"))?;
                filter.low = Some(operand(kind, property, &value)?);
            }
        }
        Ok(filter)
    }

    /// Whether `record` passes the filter. Negative operators (NEQ, NOT_IN,
    /// NOT_CONTAINS_TOKEN) also pass records without a value, as a search index's
    /// "must not" does.
    pub(super) fn matches(&self, record: &Record) -> bool {
        let raw = record.properties.get(&self.property).map(String::as_str);
        match self.op {
            Op::HasProperty => raw.is_some(),
            Op::NotHasProperty => raw.is_none(),
            Op::Neq | Op::NotIn | Op::NotContainsToken => !raw.is_some_and(|r| self.positive(r)),
            _ => raw.is_some_and(|r| self.positive(r)),
        }
    }

    fn positive(&self, raw: &str) -> bool {
        let cmp = |o: &Option<Operand>| o.as_ref().and_then(|o| self.compare(raw, o));
        match self.op {
            Op::Eq | Op::Neq => self.low.as_ref().is_some_and(|o| self.equals(raw, o)),
            Op::In | Op::NotIn => self.set.iter().any(|o| self.equals(raw, o)),
            Op::Lt => cmp(&self.low) == Some(Ordering::Less),
            Op::Lte => matches!(cmp(&self.low), Some(Ordering::Less | Ordering::Equal)),
            Op::Gt => cmp(&self.low) == Some(Ordering::Greater),
            Op::Gte => matches!(cmp(&self.low), Some(Ordering::Greater | Ordering::Equal)),
            Op::Between => {
                matches!(cmp(&self.low), Some(Ordering::Greater | Ordering::Equal))
                    && matches!(cmp(&self.high), Some(Ordering::Less | Ordering::Equal))
            }
            Op::ContainsToken | Op::NotContainsToken => text::contains_tokens(raw, &self.patterns),
            Op::HasProperty | Op::NotHasProperty => true,
        }
    }

    fn equals(&self, raw: &str, operand: &Operand) -> bool {
        match operand {
            Operand::Number(n) => self.kind.number_of(raw) == Some(*n),
            Operand::Text(t) if self.kind == Kind::Enumeration => {
                eq_ci(raw, t) || raw.split(';').any(|part| eq_ci(part, t))
            }
            Operand::Text(t) => eq_ci(raw, t),
        }
    }

    /// The stored value compared with the operand (`None` when it does not parse).
    fn compare(&self, raw: &str, operand: &Operand) -> Option<Ordering> {
        match operand {
            Operand::Number(n) => self.kind.number_of(raw)?.partial_cmp(n),
            Operand::Text(t) => Some(cmp_ci(raw, t)),
        }
    }
}

/// A filter value parsed for its property: numbers and dates as numbers (dates as epoch ms,
/// from epoch ms, `YYYY-MM-DD` or ISO-8601), booleans checked, text lower-cased.
fn operand(kind: Kind, property: &str, value: &str) -> ApiResult<Operand> {
    let invalid = |what: &str| {
        ApiError::validation(format!(
            "filter on {property}: {value:?} is not a valid {what}"
        ))
    };
    if kind.numeric() {
        let n = match kind {
            Kind::Number => value
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| invalid("number"))?,
            _ => date_ms(value)
                .ok_or_else(|| invalid("date: use epoch milliseconds or ISO-8601"))?
                as f64,
        };
        return Ok(Operand::Number(n));
    }
    let lower = value.to_lowercase();
    if kind == Kind::Bool && lower != "true" && lower != "false" {
        return Err(invalid("boolean: use true or false"));
    }
    Ok(Operand::Text(lower))
}
