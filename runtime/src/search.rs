//! Typed search filters and sorts. Generated code gives every well-known property a constant
//! (`deals::props::AMOUNT: Prop<Deal, Decimal>`); the operators available on it depend on its
//! value type, so a filter that cannot fit the property does not compile:
//!
//! - every property: `eq`, `neq`, `is_in`, `not_in`, `has_property`, `not_has_property`;
//! - numbers, dates and date-times: also `lt`, `lte`, `gt`, `gte`, `between`;
//! - text: also `contains_token`, `not_contains_token` (with `*` wildcards).
//!
//! A filter and a sort are typed by their object: a contact's filter cannot go into a deal
//! search.

use std::marker::PhantomData;

use rust_decimal::Decimal;
use serde_json::{json, Value};
use time::{Date, OffsetDateTime};

use crate::property::PropertyValue;

/// A property of object `O` whose values are `T`, for building filters and sorts.
pub struct Prop<O, T> {
    name: &'static str,
    types: PhantomData<fn() -> (O, T)>,
}

impl<O, T> Clone for Prop<O, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O, T> Copy for Prop<O, T> {}

impl<O, T> std::fmt::Debug for Prop<O, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Prop({})", self.name)
    }
}

/// HubSpot's search operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Operator {
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

impl Operator {
    /// The operator as HubSpot spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "EQ",
            Operator::Neq => "NEQ",
            Operator::Lt => "LT",
            Operator::Lte => "LTE",
            Operator::Gt => "GT",
            Operator::Gte => "GTE",
            Operator::Between => "BETWEEN",
            Operator::In => "IN",
            Operator::NotIn => "NOT_IN",
            Operator::HasProperty => "HAS_PROPERTY",
            Operator::NotHasProperty => "NOT_HAS_PROPERTY",
            Operator::ContainsToken => "CONTAINS_TOKEN",
            Operator::NotContainsToken => "NOT_CONTAINS_TOKEN",
        }
    }
}

/// One filter on a record of `O`.
pub struct Filter<O> {
    json: Value,
    object: PhantomData<fn() -> O>,
}

impl<O> Clone for Filter<O> {
    fn clone(&self) -> Self {
        Filter {
            json: self.json.clone(),
            object: PhantomData,
        }
    }
}

impl<O> std::fmt::Debug for Filter<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Filter({})", self.json)
    }
}

impl<O> Filter<O> {
    /// `{propertyName, operator, value?, values?, highValue?}`.
    pub fn to_json(&self) -> &Value {
        &self.json
    }

    /// A filter on a property the generated code does not know (custom properties): the
    /// value is sent as given.
    pub fn custom(property: &str, operator: Operator, value: Option<&str>) -> Self {
        let mut json = json!({"propertyName": property, "operator": operator.as_str()});
        if let Some(v) = value {
            json["value"] = json!(v);
        }
        Filter {
            json,
            object: PhantomData,
        }
    }
}

/// A sort on a property of `O`.
pub struct Sort<O> {
    json: Value,
    object: PhantomData<fn() -> O>,
}

impl<O> Clone for Sort<O> {
    fn clone(&self) -> Self {
        Sort {
            json: self.json.clone(),
            object: PhantomData,
        }
    }
}

impl<O> std::fmt::Debug for Sort<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sort({})", self.json)
    }
}

impl<O> Sort<O> {
    /// `{propertyName, direction}`: an object, never a string (several SDKs got this wrong).
    pub fn to_json(&self) -> &Value {
        &self.json
    }
}

/// Value types with an order: numbers, dates and date-times.
pub trait Ordered: PropertyValue {}
impl Ordered for Decimal {}
impl Ordered for Date {}
impl Ordered for OffsetDateTime {}

impl<O, T> Prop<O, T> {
    /// A property named `name` (generated code calls this).
    pub const fn new(name: &'static str) -> Self {
        Prop {
            name,
            types: PhantomData,
        }
    }

    /// HubSpot's name of the property.
    pub fn name(&self) -> &'static str {
        self.name
    }

    fn filter(&self, operator: Operator, extra: Value) -> Filter<O> {
        let mut json = json!({"propertyName": self.name, "operator": operator.as_str()});
        if let (Some(obj), Value::Object(extra)) = (json.as_object_mut(), extra) {
            obj.extend(extra);
        }
        Filter {
            json,
            object: PhantomData,
        }
    }

    /// Has any value.
    pub fn has_property(&self) -> Filter<O> {
        self.filter(Operator::HasProperty, json!({}))
    }

    /// Has no value.
    pub fn not_has_property(&self) -> Filter<O> {
        self.filter(Operator::NotHasProperty, json!({}))
    }

    /// Smallest first.
    pub fn ascending(&self) -> Sort<O> {
        Sort {
            json: json!({"propertyName": self.name, "direction": "ASCENDING"}),
            object: PhantomData,
        }
    }

    /// Largest first.
    pub fn descending(&self) -> Sort<O> {
        Sort {
            json: json!({"propertyName": self.name, "direction": "DESCENDING"}),
            object: PhantomData,
        }
    }
}

impl<O, T: PropertyValue> Prop<O, T> {
    /// Equal to `value` (for a multi-select: has `value` among its values).
    pub fn eq(&self, value: impl Into<T>) -> Filter<O> {
        self.filter(Operator::Eq, json!({"value": value.into().to_wire()}))
    }

    /// Not equal to `value`.
    pub fn neq(&self, value: impl Into<T>) -> Filter<O> {
        self.filter(Operator::Neq, json!({"value": value.into().to_wire()}))
    }

    /// One of `values`.
    pub fn is_in(&self, values: impl IntoIterator<Item = T>) -> Filter<O> {
        let values: Vec<String> = values.into_iter().map(|v| v.to_wire()).collect();
        self.filter(Operator::In, json!({"values": values}))
    }

    /// None of `values`.
    pub fn not_in(&self, values: impl IntoIterator<Item = T>) -> Filter<O> {
        let values: Vec<String> = values.into_iter().map(|v| v.to_wire()).collect();
        self.filter(Operator::NotIn, json!({"values": values}))
    }
}

impl<O, T: Ordered> Prop<O, T> {
    /// Less than `value`.
    pub fn lt(&self, value: impl Into<T>) -> Filter<O> {
        self.filter(Operator::Lt, json!({"value": value.into().to_wire()}))
    }

    /// At most `value`.
    pub fn lte(&self, value: impl Into<T>) -> Filter<O> {
        self.filter(Operator::Lte, json!({"value": value.into().to_wire()}))
    }

    /// More than `value`.
    pub fn gt(&self, value: impl Into<T>) -> Filter<O> {
        self.filter(Operator::Gt, json!({"value": value.into().to_wire()}))
    }

    /// At least `value`.
    pub fn gte(&self, value: impl Into<T>) -> Filter<O> {
        self.filter(Operator::Gte, json!({"value": value.into().to_wire()}))
    }

    /// From `low` to `high`, both included.
    pub fn between(&self, low: impl Into<T>, high: impl Into<T>) -> Filter<O> {
        self.filter(
            Operator::Between,
            json!({"value": low.into().to_wire(), "highValue": high.into().to_wire()}),
        )
    }
}

impl<O> Prop<O, String> {
    /// Contains the word `token` (`*` is a wildcard: `*@example.com`).
    pub fn contains_token(&self, token: &str) -> Filter<O> {
        self.filter(Operator::ContainsToken, json!({"value": token}))
    }

    /// Does not contain the word `token`.
    pub fn not_contains_token(&self, token: &str) -> Filter<O> {
        self.filter(Operator::NotContainsToken, json!({"value": token}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    enum Deal {}
    const AMOUNT: Prop<Deal, Decimal> = Prop::new("amount");
    const NAME: Prop<Deal, String> = Prop::new("dealname");
    const CLOSE: Prop<Deal, Date> = Prop::new("closedate");

    #[test]
    fn filters_carry_hubspot_wire_values() {
        assert_eq!(
            AMOUNT
                .between(Decimal::from(10), Decimal::new(205, 1))
                .to_json(),
            &json!({"propertyName": "amount", "operator": "BETWEEN", "value": "10", "highValue": "20.5"})
        );
        assert_eq!(
            NAME.is_in(["a".to_string(), "b".to_string()]).to_json(),
            &json!({"propertyName": "dealname", "operator": "IN", "values": ["a", "b"]})
        );
        let day = Date::from_calendar_date(2024, time::Month::March, 1).unwrap();
        assert_eq!(
            CLOSE.gte(day).to_json()["value"],
            "1709251200000",
            "dates as UTC-midnight epoch ms"
        );
        assert_eq!(
            NAME.contains_token("*@x.com").to_json()["operator"],
            "CONTAINS_TOKEN"
        );
        assert_eq!(
            AMOUNT.descending().to_json(),
            &json!({"propertyName": "amount", "direction": "DESCENDING"})
        );
    }
}
