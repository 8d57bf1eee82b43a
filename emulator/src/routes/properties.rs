//! The properties endpoint families.

use super::Handler;

pub(super) fn handler(name: &str) -> Option<Handler> {
    match name {
        _ => None,
    }
}
