//! Overriding one value of a scenario held as a generic value tree, by path. Missing mapping
//! keys are created (the scenario's validation then rejects keys the format does not know);
//! sequence items must already exist, because an index past the end has no sensible meaning.

use serde_json::{Map, Value};

use crate::scenario::locate::PathSeg;

/// Sets the value at `path` in `doc`. The error says which prefix of the path does not fit.
pub fn set_path(doc: &mut Value, path: &[PathSeg], value: Value) -> Result<(), String> {
    let Some((last, parents)) = path.split_last() else {
        return Err("the path is empty".into());
    };
    let mut cur = doc;
    for (depth, seg) in parents.iter().enumerate() {
        let next_is_index = matches!(path[depth + 1], PathSeg::Index(_));
        cur = step(cur, seg, next_is_index, &path[..=depth])?;
    }
    if cur.is_null() && matches!(last, PathSeg::Key(_)) {
        *cur = Value::Object(Map::new());
    }
    match (cur, last) {
        (Value::Object(map), PathSeg::Key(k)) => {
            map.insert(k.clone(), value);
            Ok(())
        }
        (Value::Array(items), PathSeg::Index(i)) => match items.get_mut(*i) {
            Some(slot) => {
                *slot = value;
                Ok(())
            }
            None => Err(out_of_range(path, *i, items.len())),
        },
        (other, _) => Err(not_a_collection(path, other, last)),
    }
}

/// Moves one segment down, creating a mapping for a missing (or null) key unless the next
/// segment indexes a sequence.
fn step<'a>(
    cur: &'a mut Value,
    seg: &PathSeg,
    next_is_index: bool,
    upto: &[PathSeg],
) -> Result<&'a mut Value, String> {
    if cur.is_null() {
        *cur = Value::Object(Map::new());
    }
    match (cur, seg) {
        (Value::Object(map), PathSeg::Key(k)) => {
            let slot = map.entry(k.clone()).or_insert(Value::Null);
            if slot.is_null() && next_is_index {
                return Err(format!(
                    "`{}` is not in the base scenario, so it has no items to index",
                    display_path(upto)
                ));
            }
            Ok(slot)
        }
        (Value::Array(items), PathSeg::Index(i)) => {
            let len = items.len();
            items.get_mut(*i).ok_or_else(|| out_of_range(upto, *i, len))
        }
        (other, seg) => Err(not_a_collection(upto, other, seg)),
    }
}

fn out_of_range(path: &[PathSeg], i: usize, len: usize) -> String {
    let parent = display_path(&path[..path.len().saturating_sub(1)]);
    format!("index {i} is out of range: `{parent}` has {len} item(s) in the base scenario")
}

fn not_a_collection(path: &[PathSeg], v: &Value, seg: &PathSeg) -> String {
    let parent = display_path(&path[..path.len().saturating_sub(1)]);
    let want = match seg {
        PathSeg::Key(_) => "a mapping",
        PathSeg::Index(_) => "a sequence",
    };
    let shown = if parent.is_empty() {
        "the scenario".to_string()
    } else {
        format!("`{parent}`")
    };
    format!(
        "{shown} is {} in the base scenario, not {want}; write it as {want} there",
        kind(v)
    )
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "empty".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => format!("`{s}`"),
        Value::Array(_) => "a sequence".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

/// `jobs[0].work.upload` from its segments.
pub fn display_path(path: &[PathSeg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            PathSeg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::locate::parse_path;
    use serde_json::json;

    fn set(doc: &mut Value, p: &str, v: Value) -> Result<(), String> {
        set_path(doc, &parse_path(p), v)
    }

    #[test]
    fn sets_existing_and_creates_missing_keys() {
        let mut d = json!({"device": {"network": {"down": "5Mbps"}}, "jobs": [{"id": 1}]});
        set(&mut d, "device.network.down", json!("9Mbps")).unwrap();
        set(&mut d, "device.thermal.ambient", json!("30C")).unwrap();
        set(&mut d, "jobs[0].work.upload", json!("1GB")).unwrap();
        assert_eq!(d["device"]["network"]["down"], "9Mbps");
        assert_eq!(d["device"]["thermal"]["ambient"], "30C");
        assert_eq!(d["jobs"][0]["work"]["upload"], "1GB");
    }

    #[test]
    fn explains_what_does_not_fit() {
        let mut d = json!({"device": {"network": "wifi"}, "jobs": [{"id": 1}]});
        let e = set(&mut d, "jobs[3].id", json!(2)).unwrap_err();
        assert!(e.contains("`jobs` has 1 item(s)"), "{e}");
        let e = set(&mut d, "device.network.down", json!("1Mbps")).unwrap_err();
        assert!(e.contains("`device.network` is `wifi`"), "{e}");
        let e = set(&mut d, "timeline[0].at", json!("1s")).unwrap_err();
        assert!(e.contains("`timeline` is not in the base"), "{e}");
        assert!(set(&mut d, "", json!(1)).is_err());
    }
}
