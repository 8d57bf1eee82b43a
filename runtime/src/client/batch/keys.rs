//! Duplicate keys inside one batch's inputs, found before anything is sent.
//!
//! HubSpot refuses a whole batch in which two inputs address the same record (`Duplicate IDs
//! found in batch input`), and a read or an archive naming a record twice cannot say which
//! input a result belongs to. So the first input with a key is sent and every later input
//! with the same key fails on its own, naming the earlier one and the key: reporting, not
//! merging, because two different changes to one record are the caller's to reconcile.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{BatchFailure, Plan};
use crate::bulk::DuplicateInput;
use crate::client::Error;

/// The plan for inputs whose keys are `keys` (input index, key as given), compared after
/// `fold` (the identity, or lower-casing for a case-insensitive unique property): every
/// input is sent except those repeating an earlier input's key, which are refused. `what`
/// names the key in the error (`ID`, `email`).
pub(crate) fn refuse_duplicates<'k>(
    keys: impl IntoIterator<Item = (usize, &'k str)>,
    fold: impl Fn(&'k str) -> Cow<'k, str>,
    what: &str,
) -> Plan {
    let mut first: HashMap<Cow<'k, str>, usize> = HashMap::new();
    let mut plan = Plan::default();
    for (index, key) in keys {
        match first.get(&fold(key)) {
            None => {
                first.insert(fold(key), index);
                plan.send.push(index);
            }
            Some(&earlier) => {
                let error = Error::InvalidRequest(format!(
                    "input {index} has the same {what} as input {earlier} (`{key}`); a batch may name a record once, so only input {earlier} was sent"
                ));
                let mut failure = BatchFailure::new(vec![index], error);
                failure.duplicate = Some(DuplicateInput {
                    first: earlier,
                    key: key.to_string(),
                });
                plan.refused.push(failure);
            }
        }
    }
    plan
}

/// A key compared as given.
pub(crate) fn exact(key: &str) -> Cow<'_, str> {
    Cow::Borrowed(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::fold_key;

    #[test]
    fn later_inputs_with_a_key_already_seen_are_refused_naming_the_first_and_the_key() {
        let keys = ["1", "2", "1", "3", "2", "1"];
        let plan = refuse_duplicates(keys.iter().copied().enumerate(), exact, "ID");
        assert_eq!(plan.send, vec![0, 1, 3]);
        let refused: Vec<(Vec<usize>, Option<DuplicateInput>)> = plan
            .refused
            .iter()
            .map(|f| (f.inputs.clone(), f.duplicate.clone()))
            .collect();
        let dup = |first, key: &str| {
            Some(DuplicateInput {
                first,
                key: key.into(),
            })
        };
        assert_eq!(
            refused,
            vec![
                (vec![2], dup(0, "1")),
                (vec![4], dup(1, "2")),
                (vec![5], dup(0, "1")),
            ]
        );
        let message = plan.refused[0].error.to_string();
        assert!(
            message.contains("input 2") && message.contains("`1`"),
            "{message}"
        );
    }

    #[test]
    fn a_case_insensitive_key_is_compared_folded_and_reported_as_given() {
        let keys = ["Ada@X.example", "bob@x.example", "ada@x.example"];
        let plan = refuse_duplicates(
            keys.iter().copied().enumerate(),
            |k| fold_key(true, k),
            "email",
        );
        assert_eq!(plan.send, vec![0, 1]);
        assert_eq!(
            plan.refused[0].duplicate,
            Some(DuplicateInput {
                first: 0,
                key: "ada@x.example".into()
            })
        );
        let exact_plan = refuse_duplicates(keys.iter().copied().enumerate(), exact, "badge");
        assert!(exact_plan.refused.is_empty(), "other keys tell cases apart");
    }
}
