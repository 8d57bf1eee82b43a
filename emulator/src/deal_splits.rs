//! Deal splits: a deal's credit shared among owners, each with a percentage (HubSpot's
//! deal splits API). They belong to the object type whose table allows the `split`
//! capability (deals), and are kept by deal ID.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One owner's share of a deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DealSplit {
    /// The split's own ID.
    pub id: u64,
    /// The owner credited (an owner ID, as `hubspot_owner_id` holds it).
    pub owner_id: String,
    /// The share, as a decimal fraction of 1 with at most eight decimal places (`0.5`).
    pub percentage: String,
    /// Creation time, epoch ms.
    pub created_at: i64,
    /// Last change, epoch ms.
    pub updated_at: i64,
}

/// Every deal's splits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DealSplits {
    /// Splits by deal ID, in the order they were given.
    pub by_deal: BTreeMap<u64, Vec<DealSplit>>,
    /// The next split ID.
    pub next_id: u64,
}

impl DealSplits {
    /// A fresh split ID.
    pub fn allocate(&mut self) -> u64 {
        // IDs start at 1, also for snapshots written before splits existed (next_id 0).
        self.next_id = self.next_id.max(1);
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// A whole deal in share units: HubSpot takes shares with at most eight decimal places, so a
/// share is counted in hundred-millionths and sums are exact.
pub const WHOLE: i64 = 100_000_000;

/// A share written as a JSON number (`0.5`, `1`, `1e-8`) in hundred-millionths; `None` when
/// it is not a decimal number with at most eight decimal places.
pub fn parse_share(text: &str) -> Option<i64> {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    // The digits, and how many of them are decimals once the exponent is applied.
    let digits = format!("{whole}{fraction}");
    let decimals = i32::try_from(fraction.len()).ok()? - exponent;
    let digits = digits.trim_start_matches('0');
    let (digits, decimals) = if decimals < 0 {
        let zeros = usize::try_from(-decimals).ok()?;
        (format!("{digits}{}", "0".repeat(zeros)), 0)
    } else {
        (digits.to_string(), decimals)
    };
    // Trailing zeros after the point do not count as places.
    let mut digits = digits;
    let mut decimals = decimals;
    while decimals > 8 && digits.ends_with('0') {
        digits.pop();
        decimals -= 1;
    }
    if decimals > 8 || digits.len() > 18 {
        return None;
    }
    let value: i64 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    let scaled = value.checked_mul(10_i64.pow(u32::try_from(8 - decimals).ok()?))?;
    Some(if negative { -scaled } else { scaled })
}

/// A share in hundred-millionths as HubSpot writes it: `0.5`, `1`, `0.33333333`.
pub fn share_text(units: i64) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let units = units.unsigned_abs();
    let whole = units / WHOLE.unsigned_abs();
    let fraction = units % WHOLE.unsigned_abs();
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = format!("{fraction:08}");
    format!("{sign}{whole}.{}", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_exact_to_eight_places() {
        for (text, units) in [
            ("1", WHOLE),
            ("0.5", 50_000_000),
            ("0.33333333", 33_333_333),
            ("1e-8", 1),
            ("2.5E-1", 25_000_000),
            ("0.100000000", 10_000_000),
            ("-0.25", -25_000_000),
            ("0", 0),
        ] {
            assert_eq!(parse_share(text), Some(units), "{text}");
        }
        for bad in ["0.123456789", "1e-9", "abc", "", ".", "1.2.3", "0x1"] {
            assert_eq!(parse_share(bad), None, "{bad}");
        }
        assert_eq!(share_text(WHOLE), "1");
        assert_eq!(share_text(50_000_000), "0.5");
        assert_eq!(share_text(33_333_333), "0.33333333");
        assert_eq!(share_text(1), "0.00000001");
    }
}
