//! CSV (RFC 4180: comma-separated, `"`-quoted when needed, `\n` line ends) for `runs.csv`, which
//! is also what shards hand to a merge: numbers are written in Rust's shortest exact form, so
//! reading a value back gives the very same `f64` and a merged summary equals an unsharded one.

use super::{RunRow, SweepInfo};

/// One field, quoted if it holds a comma, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One line from fields.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut s = fields
        .iter()
        .map(|f| field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
}

/// A metric value: empty when undefined, else the shortest text that reads back exactly.
pub fn number(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x}"),
        _ => String::new(),
    }
}

/// The header of `runs.csv`.
pub fn runs_header(info: &SweepInfo) -> Vec<String> {
    let mut h = vec!["run".to_string(), "point".to_string()];
    h.extend(info.axes.iter().cloned());
    h.push("seed".into());
    h.extend(info.metric_columns.iter().cloned());
    h.push("error".into());
    h
}

/// `runs.csv`: the header, then one line per row in the order given.
pub fn runs_csv(info: &SweepInfo, rows: &[RunRow]) -> String {
    let mut out = line(&runs_header(info));
    for r in rows {
        let mut f = vec![r.run.to_string(), r.point.to_string()];
        f.extend(r.axis_values.iter().cloned());
        f.push(r.seed.to_string());
        f.extend(r.values.iter().map(|v| number(*v)));
        f.push(r.error.clone().unwrap_or_default());
        out.push_str(&line(&f));
    }
    out
}

/// Reads a `runs.csv` written by [`runs_csv`] for this sweep.
pub fn parse_runs_csv(info: &SweepInfo, text: &str) -> Result<Vec<RunRow>, String> {
    let records = parse(text)?;
    let mut it = records.into_iter();
    let header = it.next().ok_or("empty file (no header)")?;
    if header != runs_header(info) {
        return Err("the header does not match the sweep in shard.json".into());
    }
    let (na, nm) = (info.axes.len(), info.metric_columns.len());
    let mut rows = Vec::new();
    for (i, rec) in it.enumerate() {
        let line_no = i + 2;
        if rec.len() != 4 + na + nm {
            return Err(format!(
                "line {line_no}: {} fields, expected {}",
                rec.len(),
                4 + na + nm
            ));
        }
        let int = |s: &str, what: &str| -> Result<u64, String> {
            s.parse()
                .map_err(|_| format!("line {line_no}: {what} `{s}` is not a non-negative integer"))
        };
        let run = int(&rec[0], "run")? as usize;
        let point = int(&rec[1], "point")? as usize;
        let seed = int(&rec[2 + na], "seed")?;
        let mut values = Vec::with_capacity(nm);
        for s in &rec[3 + na..3 + na + nm] {
            values.push(if s.is_empty() {
                None
            } else {
                Some(
                    s.parse::<f64>()
                        .map_err(|_| format!("line {line_no}: `{s}` is not a number"))?,
                )
            });
        }
        let err = &rec[3 + na + nm];
        rows.push(RunRow {
            run,
            point,
            axis_values: rec[2..2 + na].to_vec(),
            seed,
            values,
            error: (!err.is_empty()).then(|| err.clone()),
        });
    }
    Ok(rows)
}

/// Splits CSV text into records of fields.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut rec: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut line = 1;
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cur.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cur.push(c);
                }
                _ => cur.push(c),
            }
            continue;
        }
        match c {
            '"' if cur.is_empty() => quoted = true,
            '"' => return Err(format!("line {line}: a quote inside an unquoted field")),
            ',' => rec.push(std::mem::take(&mut cur)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                rec.push(std::mem::take(&mut cur));
                records.push(std::mem::take(&mut rec));
                line += 1;
                any = false;
            }
            _ => cur.push(c),
        }
    }
    if quoted {
        return Err(format!("line {line}: a quoted field is never closed"));
    }
    if any {
        rec.push(cur);
        records.push(rec);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_round_trip() {
        let fields = ["plain", "a,b", "say \"hi\"", "two\nlines", ""];
        let text = line(&fields);
        assert_eq!(
            parse(&text).unwrap(),
            vec![fields.map(String::from).to_vec()]
        );
        assert!(parse("\"open").is_err());
        assert!(parse("a\"b").is_err());
    }

    #[test]
    fn numbers_read_back_exactly() {
        for x in [0.0, 12.0, 0.1 + 0.2, 201.007, 1e21, 123456.789] {
            let s = number(Some(x));
            assert_eq!(s.parse::<f64>().unwrap(), x, "{s}");
        }
        assert_eq!(number(Some(12.0)), "12");
        assert_eq!(number(None), "");
    }
}
