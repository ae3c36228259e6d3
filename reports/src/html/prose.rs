//! A scenario's description as paragraphs. Descriptions are hard-wrapped YAML text, so single
//! line breaks are only wrapping (joined with a space, letting the browser re-flow them to the
//! page), blank lines separate paragraphs, list items (`- `, `* `) keep their own line, and
//! `` `code` `` spans are set as code, as a reader of the YAML would read them.

use super::escape::escape;

/// The description as `<p>` elements.
pub fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let mut html = String::new();
        for (i, line) in para.lines().map(str::trim).enumerate() {
            if i > 0 {
                let item = line.starts_with("- ") || line.starts_with("* ");
                html.push_str(if item { "<br>\n" } else { "\n" });
            }
            html.push_str(&code_spans(&escape(line)));
        }
        out.push_str("<p class=\"description\">");
        out.push_str(&html);
        out.push_str("</p>\n");
    }
    out
}

/// Pairs of backticks in already escaped text become `<code>`; an unpaired one stays.
fn code_spans(escaped: &str) -> String {
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len() < 3 {
        return escaped.to_string();
    }
    let mut out = String::with_capacity(escaped.len() + 16);
    let last = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        let inside = i % 2 == 1;
        if inside && i == last {
            // An odd backtick out: keep it as written.
            out.push('`');
            out.push_str(part);
        } else if inside {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_join_and_blank_lines_split() {
        let html = paragraphs("one\ntwo `x<y`\n\n- a\n- b `odd");
        assert_eq!(
            html,
            "<p class=\"description\">one\ntwo <code>x&lt;y</code></p>\n\
             <p class=\"description\">- a<br>\n- b `odd</p>\n"
        );
    }
}
