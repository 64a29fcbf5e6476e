//! What of untrusted text a message may quote: one token, cut short, and lists cut to a few
//! items, so that a hostile pack or a careless file can never turn one error into megabytes
//! (or show more of a file than the offending token).

use std::borrow::Cow;

/// Characters of one quoted token.
const TOKEN_CHARS: usize = 60;
/// Items of a list shown in one message.
const LIST_ITEMS: usize = 12;
/// Characters of one whole message.
const MESSAGE_CHARS: usize = 1_000;

/// `s` as a message may quote it: at most 60 characters, then `...`.
pub(crate) fn token(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(TOKEN_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}...", &s[..end])),
        None => Cow::Borrowed(s),
    }
}

/// "one of a, b, c", or "one of 1000 values: a, b, ..., l, ..." for a long list.
pub(crate) fn one_of(values: &[String]) -> String {
    let shown: Vec<_> = values.iter().take(LIST_ITEMS).map(|v| token(v)).collect();
    if values.len() > LIST_ITEMS {
        format!("one of {} values: {}, ...", values.len(), shown.join(", "))
    } else {
        format!("one of {}", shown.join(", "))
    }
}

/// A whole message cut to a bounded length (for text that may carry a script's own strings).
pub(crate) fn message(s: String) -> String {
    match s.char_indices().nth(MESSAGE_CHARS) {
        Some((end, _)) => format!("{}...", &s[..end]),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tokens_lists_and_messages_are_cut() {
        assert_eq!(token("abc"), "abc");
        let long = "é".repeat(100);
        assert_eq!(token(&long).chars().count(), 63);
        let values: Vec<String> = (0..1_000_000).map(|i| format!("v{i}")).collect();
        let s = one_of(&values);
        assert!(
            s.starts_with("one of 1000000 values: v0, v1,") && s.ends_with("v11, ..."),
            "{s}"
        );
        assert_eq!(one_of(&values[..2]), "one of v0, v1");
        assert_eq!(message("x".repeat(5000)).len(), 1003);
    }
}
