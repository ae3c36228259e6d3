//! A scenario error that points at a file, line, column and field.

use std::fmt;

use super::locate::{locate, parse_path, render_snippet, Location};

/// Something wrong with a scenario file.
///
/// Contract (checked by `tests/properties.rs` on mutated and random inputs): `line` and
/// `column` are both `Some` for every error except those about the whole file — too big, or
/// empty (nothing but blanks and comments) — which are built by [`ScenarioError::whole_file`]
/// and have an empty `field`. A user can always be sent to a place in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub file: String,
    /// 1-based line; `None` only for a whole-file error.
    pub line: Option<usize>,
    /// 1-based column (in characters); `None` only for a whole-file error.
    pub column: Option<usize>,
    /// Dotted path of the offending field (`jobs[2].kind`); empty for the whole file.
    pub field: String,
    /// What is wrong, including what was expected.
    pub message: String,
    pub help: Option<String>,
}

impl ScenarioError {
    /// An error about the whole file, at no particular place.
    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line: None,
            column: None,
            field: String::new(),
            message: message.into(),
            help: None,
        }
    }

    /// An error about `field`, located in `src` (at the key of the field's last segment when
    /// `prefer_key`, else at its value; an absent field points at its nearest ancestor).
    pub fn at(
        file: &str,
        src: &str,
        field: &str,
        prefer_key: bool,
        message: impl Into<String>,
    ) -> Self {
        let loc = locate(src, &parse_path(field), prefer_key);
        Self {
            file: file.to_string(),
            line: loc.map(|l| l.line),
            column: loc.map(|l| l.column),
            field: field.to_string(),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `field: message`, or just the message for a whole-file error.
    fn headline(&self) -> String {
        if self.field.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.field, self.message)
        }
    }

    /// A rustc-style report with the offending source line and a caret.
    pub fn render(&self, src: &str) -> String {
        let loc = self.line.map(|line| Location {
            line,
            column: self.column.unwrap_or(1),
        });
        render_snippet(
            &self.file,
            src,
            loc,
            &self.headline(),
            "",
            self.help.as_deref(),
        )
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.headline())
    }
}

impl std::error::Error for ScenarioError {}

/// Builds an error from a YAML library message of the form `path: message at line L column C`
/// (path and position each optional), with the library's 1-based location.
pub(crate) fn from_library_message(
    file: &str,
    text: &str,
    loc: Option<(usize, usize)>,
) -> ScenarioError {
    let mut msg = text.to_string();
    if let Some((line, column)) = loc {
        let suffix = format!(" at line {line} column {column}");
        if let Some(idx) = msg.find(&suffix) {
            msg.replace_range(idx..idx + suffix.len(), "");
        }
    }
    if let Some(idx) = msg.find(" at position ") {
        let rest = &msg[idx + " at position ".len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            msg.replace_range(idx..idx + " at position ".len() + digits, "");
        }
    }
    let (mut field, mut message) = split_path(&msg);
    // serde reports an unknown key against the mapping that holds it; name the key itself.
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some(end) = rest.find('`') {
            let key = &rest[..end];
            field = if field.is_empty() {
                key.to_string()
            } else {
                format!("{field}.{key}")
            };
        }
    }
    if message.is_empty() {
        message = "invalid YAML".to_string();
    }
    let message = plain_expectation(&message);
    ScenarioError {
        file: file.to_string(),
        line: loc.map(|l| l.0),
        column: loc.map(|l| l.1),
        field,
        message,
        help: None,
    }
}

/// Replaces serde's Rust-facing names of what was expected (`expected u32`, `expected struct
/// RawDevice`) with the words a scenario author knows; the YAML library's messages name Rust
/// types, which the author never sees.
fn plain_expectation(msg: &str) -> String {
    const PLAIN: [(&str, &str); 9] = [
        ("u32", "a whole number from 0 to 4294967295"),
        ("u64", "a whole number from 0 to 18446744073709551615"),
        ("i32", "an integer from -2147483648 to 2147483647"),
        ("i64", "an integer"),
        ("f64", "a number"),
        ("a map", "a mapping"),
        ("a sequence", "a list"),
        ("a tuple of size 2", "a list of two values, `[low, high]`"),
        ("unit", "nothing"),
    ];
    let Some(idx) = msg.rfind("expected ") else {
        return msg.to_string();
    };
    let (head, what) = msg.split_at(idx + "expected ".len());
    let end = what.find([',', ';']).unwrap_or(what.len());
    let (name, tail) = what.split_at(end);
    let plain = if name.starts_with("struct ") || name.starts_with("map ") {
        Some("a mapping")
    } else if name.starts_with("enum ") {
        Some("a name (a string)")
    } else {
        PLAIN
            .iter()
            .find(|(rust, _)| *rust == name)
            .map(|(_, p)| *p)
    };
    match plain {
        Some(p) => format!("{head}{p}{tail}"),
        None => msg.to_string(),
    }
}

/// Splits `jobs[0].kind: unknown variant …` into the path and the message. A prefix counts as
/// a path only if it has no spaces and looks like one.
fn split_path(msg: &str) -> (String, String) {
    if let Some((head, tail)) = msg.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && !head.contains(char::is_whitespace)
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | '?'));
        if looks_like_path {
            return (head.to_string(), tail.to_string());
        }
    }
    (String::new(), msg.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_path_and_position() {
        let e = from_library_message(
            "f.yaml",
            "jobs[0].kind: unknown variant `x`, expected `regular` at line 3 column 9",
            Some((3, 9)),
        );
        assert_eq!(e.field, "jobs[0].kind");
        assert_eq!(e.message, "unknown variant `x`, expected `regular`");
        assert_eq!(
            e.to_string(),
            "f.yaml:3:9: jobs[0].kind: unknown variant `x`, expected `regular`"
        );
    }

    #[test]
    fn unknown_field_names_the_key() {
        let e = from_library_message(
            "f",
            "jobs[0]: unknown field `foo`, expected `id`",
            Some((4, 5)),
        );
        assert_eq!(e.field, "jobs[0].foo");
        let e = from_library_message("f", "unknown field `foo`, expected `name`", Some((2, 1)));
        assert_eq!(e.field, "foo");
    }

    #[test]
    fn rust_type_names_become_plain_words() {
        let e = from_library_message(
            "f",
            "device: invalid type: sequence, expected struct RawDevice",
            Some((6, 3)),
        );
        assert_eq!(e.message, "invalid type: sequence, expected a mapping");
        let e = from_library_message(
            "f",
            "device.api_level: invalid type: string \"x\", expected u32",
            Some((6, 3)),
        );
        assert_eq!(
            e.message,
            "invalid type: string \"x\", expected a whole number from 0 to 4294967295"
        );
        let e = from_library_message("f", "x: expected `on`, `off`, true or false", None);
        assert_eq!(e.message, "expected `on`, `off`, true or false");
    }

    #[test]
    fn plain_messages_have_no_field() {
        let e = from_library_message(
            "f",
            "mapping values are not allowed in this context at line 1 column 5",
            Some((1, 5)),
        );
        assert_eq!(e.field, "");
        assert_eq!(e.message, "mapping values are not allowed in this context");
    }
}
