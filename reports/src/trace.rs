//! The trace as JSON Lines: a header line, then one record per line.

use sim_core::engine::Stamped;
use sim_core::model::{Header, Record};

/// Renders the whole trace. Serialization of these types cannot fail (no maps with non-string
/// keys, no non-finite floats are produced), so a failure is a broken invariant.
pub fn jsonl(header: &Header, records: &[Stamped<Record>]) -> String {
    let mut out = String::with_capacity(records.len() * 160 + 200);
    push_line(&mut out, header);
    for r in records {
        push_line(&mut out, r);
    }
    out
}

fn push_line<T: serde::Serialize>(out: &mut String, v: &T) {
    match serde_json::to_string(v) {
        Ok(s) => out.push_str(&s),
        Err(e) => out.push_str(&format!(
            "{{\"event\":\"serialization_error\",\"error\":{:?}}}",
            e.to_string()
        )),
    }
    out.push('\n');
}
