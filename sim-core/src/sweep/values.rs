//! Axis values: expanding ranges into points, and the text a value shows in output columns.
//! Range points are computed with `libm` and rounded to ten significant digits, so
//! `0.1 .. 0.5` gives `0.3`, not `0.30000000000000004`, identically on every platform.

use serde_json::{Number, Value};

use super::spec::{RawRange, RawScale};

/// Most points one range may have.
pub const MAX_STEPS: u32 = 100_000;

/// The points of a range, as values to write into the scenario. Errors say what is wrong with
/// the range (the caller locates them).
pub fn expand_range(r: &RawRange) -> Result<Vec<Value>, String> {
    let (Some(from), Some(to)) = (r.from.as_f64(), r.to.as_f64()) else {
        return Err("`from` and `to` must be numbers".into());
    };
    if !from.is_finite() || !to.is_finite() {
        return Err("`from` and `to` must be finite numbers".into());
    }
    if r.steps == 0 || r.steps > MAX_STEPS {
        return Err(format!("`steps` must be 1 to {MAX_STEPS}, not {}", r.steps));
    }
    if r.scale == RawScale::Log && (from <= 0.0 || to <= 0.0) {
        return Err("a log range needs `from` and `to` greater than 0".into());
    }
    let integers = !r.from.is_f64() && !r.to.is_f64();
    let n = r.steps;
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        // The ends are exact; only the inner points are computed.
        let x = if i == 0 {
            from
        } else if i + 1 == n {
            to
        } else {
            let f = f64::from(i) / f64::from(n - 1);
            match r.scale {
                RawScale::Linear => from + (to - from) * f,
                RawScale::Log => libm::pow(
                    10.0,
                    libm::log10(from) + (libm::log10(to) - libm::log10(from)) * f,
                ),
            }
        };
        let x = if integers { libm::round(x) } else { tidy(x) };
        out.push(number_value(x, integers, r.unit.as_deref())?);
    }
    Ok(out)
}

/// `x` rounded to ten significant digits (through exact decimal formatting, which is
/// platform-independent).
fn tidy(x: f64) -> f64 {
    format!("{x:.9e}").parse().unwrap_or(x)
}

/// A range point as a scenario value: a number, or text with the unit appended.
fn number_value(x: f64, integer: bool, unit: Option<&str>) -> Result<Value, String> {
    let text = if integer {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    };
    if let Some(u) = unit {
        return Ok(Value::String(format!("{text}{u}")));
    }
    if integer {
        return Ok(Value::Number(Number::from(x as i64)));
    }
    Number::from_f64(x)
        .map(Value::Number)
        .ok_or_else(|| format!("range point {x} is not a finite number"))
}

/// How a value appears in an output column: scalars as written, collections as compact JSON.
pub fn label(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(src: &str) -> RawRange {
        serde_json::from_str(src).unwrap()
    }

    fn labels(src: &str) -> Vec<String> {
        expand_range(&range(src))
            .unwrap()
            .iter()
            .map(label)
            .collect()
    }

    #[test]
    fn linear_integers_and_floats() {
        assert_eq!(labels(r#"{"from":0,"to":10,"steps":3}"#), ["0", "5", "10"]);
        assert_eq!(
            labels(r#"{"from":0.1,"to":0.5,"steps":5}"#),
            ["0.1", "0.2", "0.3", "0.4", "0.5"]
        );
        assert_eq!(labels(r#"{"from":7,"to":7,"steps":1}"#), ["7"]);
    }

    #[test]
    fn log_and_units() {
        assert_eq!(
            labels(r#"{"from":1,"to":1000,"steps":4,"scale":"log"}"#),
            ["1", "10", "100", "1000"]
        );
        assert_eq!(
            labels(r#"{"from":5,"to":20,"steps":2,"unit":"Mbps"}"#),
            ["5Mbps", "20Mbps"]
        );
    }

    #[test]
    fn bad_ranges() {
        assert!(expand_range(&range(r#"{"from":0,"to":1,"steps":0}"#)).is_err());
        assert!(expand_range(&range(r#"{"from":0,"to":1,"steps":3,"scale":"log"}"#)).is_err());
    }
}
