//! Finding the inputs a chunk was refused for, so the others land.
//!
//! HubSpot refuses a whole batch request for what one input holds: a value that does not
//! validate (400 `VALIDATION_ERROR`), a unique value another record has (409), two inputs
//! naming one record (400 `Duplicate IDs found in batch input`). Nothing of the request is
//! written, so sending fewer of its inputs is safe, even for creates. When a chunk is refused
//! so, the client splits it and sends the parts: a part that is accepted has landed, a part
//! refused again is split again, down to single inputs, each of which then fails with
//! HubSpot's own error about it, naming its property.
//!
//! The first split of a chunk follows HubSpot's error when it points at inputs: those whose
//! key, or whose value of a property the error names, appears in the error's text (an
//! invalid option, a duplicate key) are sent apart from the rest. Later splits halve.
//!
//! Cost, in requests beyond the chunk's first: one bad input among `n` costs at most
//! `2⌈log₂ n⌉` (14 for a chunk of 100; two per halving, as both halves are sent), and 2 when
//! the error names its value. Isolating one chunk never sends more than [`budget`]`(n)`
//! = `4⌈log₂ n⌉` requests (28 for 100); parts still refused when it is spent fail whole with
//! their error. That bounds an error about the request rather than an input (a property
//! that does not exist, set by every input) to the budget instead of `2n`. Only 400 and 409
//! are isolated: rate limits, server errors, authentication, scopes, capabilities and sizes
//! fail the chunk whole (after the client's retries).

use std::future::Future;

use super::{whole, BatchFailure, Part};
use crate::client::Error;

/// Whether HubSpot refused the request for what its inputs hold (400, 409): a smaller part
/// of it can succeed.
pub(crate) fn refused_for_content(error: &Error) -> bool {
    matches!(error.status(), Some(400 | 409))
}

/// Most requests isolating a chunk of `n` inputs may send beyond its first: `4⌈log₂ n⌉`.
pub(crate) fn budget(n: usize) -> usize {
    let levels = usize::BITS - n.saturating_sub(1).leading_zeros();
    4 * levels as usize
}

/// Sends `group` with `send`; if HubSpot refuses it for its content, isolates the inputs it
/// was refused for (see the module). `send` answers a group's results and failures, or the
/// error of the whole request; `suspects` picks, from such an error, the inputs of a group
/// it seems to be about (a hint for the first split; any answer is safe).
pub(crate) async fn isolating<T, S, Fut, H>(group: Vec<usize>, send: S, suspects: H) -> Part<T>
where
    S: Fn(Vec<usize>) -> Fut,
    Fut: Future<Output = Result<Part<T>, Error>>,
    H: Fn(&Error, &[usize]) -> Vec<usize>,
{
    let error = match send(group.clone()).await {
        Ok(part) => return part,
        Err(e) => e,
    };
    if group.len() < 2 || !refused_for_content(&error) {
        return whole(group, error);
    }
    let mut left = budget(group.len());
    let mut results = Vec::new();
    let mut failures = Vec::new();
    let mut first = true;
    // Groups HubSpot refused for their content, with its error about them.
    let mut refused = vec![(group, error)];
    while let Some((group, error)) = refused.pop() {
        if group.len() < 2 || left < 2 {
            failures.push(BatchFailure::new(group, error));
            continue;
        }
        let hint = if first {
            suspects(&error, &group)
        } else {
            Vec::new()
        };
        first = false;
        for part in split(group, &hint) {
            left -= 1;
            match send(part.clone()).await {
                Ok((r, f)) => {
                    results.extend(r);
                    failures.extend(f);
                }
                Err(e) if refused_for_content(&e) => refused.push((part, e)),
                Err(e) => failures.push(BatchFailure::new(part, e)),
            }
        }
    }
    (results, failures)
}

/// Two parts of `group`: the inputs not in `suspects` and those in it, when that tells them
/// apart; else its halves.
fn split(group: Vec<usize>, suspects: &[usize]) -> [Vec<usize>; 2] {
    let (named, rest): (Vec<usize>, Vec<usize>) = group.iter().partition(|i| suspects.contains(i));
    if !named.is_empty() && !rest.is_empty() {
        return [rest, named];
    }
    let mut first = group;
    let second = first.split_off(first.len().div_ceil(2));
    [first, second]
}

/// The inputs of `group` that `error` seems to be about: those with a clue (its key, its
/// values of the properties the error names; `clues(input, properties)`) that appears as a
/// whole word in the error's text, ignoring letter case.
pub(crate) fn suspects(
    error: &Error,
    group: &[usize],
    clues: impl Fn(usize, &[String]) -> Vec<String>,
) -> Vec<usize> {
    let Some(api) = error.api() else {
        return Vec::new();
    };
    let mut text = api.message.to_lowercase();
    for detail in &api.errors {
        text.push('\n');
        text.push_str(&detail.message.to_lowercase());
    }
    if let Some(context) = &api.context {
        text.push('\n');
        text.push_str(&context.to_string().to_lowercase());
    }
    let properties = api.property_names();
    group
        .iter()
        .copied()
        .filter(|&i| {
            clues(i, &properties)
                .iter()
                .any(|clue| mentions(&text, &clue.to_lowercase()))
        })
        .collect()
}

/// Whether `value` appears in `text` with no letter or digit right before or after it.
fn mentions(text: &str, value: &str) -> bool {
    !value.is_empty()
        && text.match_indices(value).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + value.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::client::ApiError;
    use crate::endpoints::Family;

    /// HubSpot's 400 for a batch, with `message`.
    fn refusal(message: &str) -> Error {
        let body = serde_json::json!({"status": "error", "category": "VALIDATION_ERROR", "message": message});
        Error::Api(Box::new(ApiError::from_response(
            400,
            body.to_string().as_bytes(),
            None,
            Family::ObjectsBatchUpsert,
            "/p".into(),
        )))
    }

    /// A server that refuses any group holding one of `bad` (with `message`), else accepts
    /// it whole; counts the requests.
    struct Server {
        bad: Vec<usize>,
        message: String,
        requests: RefCell<usize>,
    }

    impl Server {
        fn new(bad: &[usize], message: &str) -> Self {
            Server {
                bad: bad.to_vec(),
                message: message.into(),
                requests: RefCell::new(0),
            }
        }

        async fn send(&self, group: Vec<usize>) -> Result<Part<usize>, Error> {
            *self.requests.borrow_mut() += 1;
            if group.iter().any(|i| self.bad.contains(i)) {
                Err(refusal(&self.message))
            } else {
                Ok((group.into_iter().map(|i| (i, i)).collect(), Vec::new()))
            }
        }
    }

    fn no_hint(_: &Error, _: &[usize]) -> Vec<usize> {
        Vec::new()
    }

    fn settled(part: &Part<usize>) -> (Vec<usize>, Vec<usize>) {
        let mut ok: Vec<usize> = part.0.iter().map(|(i, _)| *i).collect();
        ok.sort_unstable();
        let mut bad: Vec<usize> = part.1.iter().flat_map(|f| f.inputs.clone()).collect();
        bad.sort_unstable();
        (ok, bad)
    }

    #[tokio::test]
    async fn one_bad_input_among_100_costs_at_most_two_requests_per_halving() {
        for bad in [0, 37, 63, 99] {
            let server = Server::new(&[bad], "nope");
            let part = isolating((0..100).collect(), |g| server.send(g), no_hint).await;
            let (ok, failed) = settled(&part);
            assert_eq!(failed, vec![bad]);
            assert_eq!(ok.len(), 99);
            let extra = *server.requests.borrow() - 1;
            assert!(extra <= 14, "input {bad}: {extra} extra requests");
            assert!(extra <= budget(100));
        }
    }

    #[tokio::test]
    async fn an_error_naming_the_value_isolates_its_input_in_two_requests() {
        let server = Server::new(&[42], "royalty was not one of the allowed options");
        let clues =
            |i: usize, _: &[String]| vec![if i == 42 { "royalty" } else { "lead" }.to_string()];
        let hint = |e: &Error, g: &[usize]| suspects(e, g, clues);
        let part = isolating((0..100).collect(), |g| server.send(g), hint).await;
        assert_eq!(settled(&part).1, vec![42]);
        assert_eq!(
            *server.requests.borrow(),
            3,
            "the chunk, the others, the one"
        );
    }

    #[tokio::test]
    async fn an_error_about_every_input_stops_at_the_budget() {
        let all: Vec<usize> = (0..100).collect();
        let server = Server::new(&all, "Property \"nope\" does not exist");
        let part = isolating(all.clone(), |g| server.send(g), no_hint).await;
        let (ok, failed) = settled(&part);
        assert!(ok.is_empty());
        assert_eq!(failed, all, "every input still accounted for");
        assert!(*server.requests.borrow() - 1 <= budget(100));
    }

    #[tokio::test]
    async fn other_errors_fail_the_group_whole_without_isolating() {
        let server = RefCell::new(0);
        let send = |_: Vec<usize>| {
            *server.borrow_mut() += 1;
            async {
                let body = br#"{"message":"slow down","policyName":"TEN_SECONDLY_ROLLING"}"#;
                Err::<Part<usize>, _>(Error::Api(Box::new(ApiError::from_response(
                    429,
                    body,
                    None,
                    Family::ObjectsBatchCreate,
                    "/p".into(),
                ))))
            }
        };
        let part = isolating((0..10).collect(), send, no_hint).await;
        assert_eq!(settled(&part).1, (0..10).collect::<Vec<_>>());
        assert_eq!(*server.borrow(), 1);
    }

    #[test]
    fn budgets_and_whole_word_mentions() {
        assert_eq!(budget(1), 0);
        assert_eq!(budget(2), 4);
        assert_eq!(budget(100), 28);
        assert!(mentions(
            "duplicate ids found in batch input: [a@x.example]",
            "a@x.example"
        ));
        assert!(!mentions("input 12 is bad", "1"));
        assert!(mentions("inputs 1, 12", "1"));
        assert!(!mentions("anything", ""));
    }
}
