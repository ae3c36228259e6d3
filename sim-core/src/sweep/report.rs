//! `summary.csv` and `summary.md`: per grid point, each metric's statistics over its seeds.
//! Both are computed from the rows alone (and the sweep's info), so a merge of shards, which
//! reads the rows back from `runs.csv`, writes the same bytes as the unsharded run.

use super::csv::line;
use super::stats::{fixed3, stats, Stats};
use super::{RunRow, SweepInfo};

/// Failed runs listed in `summary.md` (all are in `runs.csv`).
const MAX_LISTED_FAILURES: usize = 20;

/// One grid point's rows, with its axis values.
struct Point<'a> {
    index: usize,
    labels: Vec<String>,
    rows: Vec<&'a RunRow>,
}

fn points<'a>(info: &SweepInfo, rows: &'a [RunRow]) -> Vec<Point<'a>> {
    let mut pts: Vec<Point<'a>> = (0..info.points)
        .map(|index| Point {
            index,
            labels: Vec::new(),
            rows: Vec::new(),
        })
        .collect();
    for r in rows {
        if let Some(p) = pts.get_mut(r.point) {
            if p.rows.is_empty() {
                p.labels = r.axis_values.clone();
            }
            p.rows.push(r);
        }
    }
    pts
}

/// The statistics of metric column `m` over a point's successful runs.
fn metric_stats(p: &Point, m: usize) -> Option<Stats> {
    let v: Vec<f64> = p
        .rows
        .iter()
        .filter(|r| r.error.is_none())
        .filter_map(|r| r.values.get(m).copied().flatten())
        .collect();
    stats(&v)
}

/// The cells of one statistic: n, mean, p50, p95, CI low, CI high (blank where undefined).
fn stat_cells(s: Option<Stats>) -> [String; 6] {
    match s {
        None => [
            "0".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
        Some(s) => {
            let (lo, hi) = s.ci95.map_or((String::new(), String::new()), |(l, h)| {
                (fixed3(l), fixed3(h))
            });
            [
                s.n.to_string(),
                fixed3(s.mean),
                fixed3(s.p50),
                fixed3(s.p95),
                lo,
                hi,
            ]
        }
    }
}

/// `summary.csv`: one line per grid point.
pub fn summary_csv(info: &SweepInfo, rows: &[RunRow]) -> String {
    let mut h = vec!["point".to_string()];
    h.extend(info.axes.iter().cloned());
    h.push("runs".into());
    h.push("failed".into());
    for m in &info.metric_columns {
        for s in ["n", "mean", "p50", "p95", "ci95_low", "ci95_high"] {
            h.push(format!("{m}.{s}"));
        }
    }
    let mut out = line(&h);
    for p in points(info, rows) {
        let mut f = vec![p.index.to_string()];
        f.extend(p.labels.iter().cloned());
        f.push(p.rows.len().to_string());
        f.push(
            p.rows
                .iter()
                .filter(|r| r.error.is_some())
                .count()
                .to_string(),
        );
        for m in 0..info.metric_columns.len() {
            f.extend(stat_cells(metric_stats(&p, m)));
        }
        out.push_str(&line(&f));
    }
    out
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// `summary.md`: a table per metric (metrics that are zero in every run are only listed).
pub fn summary_md(info: &SweepInfo, rows: &[RunRow]) -> String {
    let failed: Vec<&RunRow> = rows.iter().filter(|r| r.error.is_some()).collect();
    let mut s = format!("# Sweep: {}\n\n", cell(&info.name));
    s.push_str(&format!(
        "Base scenario `{}`: {} grid point(s) × {} seed(s) = {} run(s), {} failed.\n\n",
        cell(&info.base),
        info.points,
        info.seeds,
        info.runs,
        failed.len()
    ));
    s.push_str(
        "Per grid point, over its seeds: the mean, the nearest-rank median (p50) and p95, and \
         the 95% confidence interval of the mean (Student's t). Failed runs are left out. \
         Times are in seconds. Charts of each metric are in `charts/`.\n",
    );
    let pts = points(info, rows);
    let mut zero = Vec::new();
    for (m, name) in info.metric_columns.iter().enumerate() {
        let all_zero = rows
            .iter()
            .all(|r| r.values.get(m).copied().flatten().is_none_or(|v| v == 0.0));
        if all_zero && rows.iter().any(|r| r.error.is_none()) {
            zero.push(format!("`{name}`"));
            continue;
        }
        s.push_str(&format!("\n## {}\n\n", cell(name)));
        let mut head: Vec<String> = info.axes.iter().map(|a| cell(a)).collect();
        head.extend(["n", "mean", "p50", "p95", "95% CI"].map(String::from));
        s.push_str(&format!("| {} |\n", head.join(" | ")));
        s.push_str(&format!("|{}\n", "---|".repeat(head.len())));
        for p in &pts {
            let [n, mean, p50, p95, lo, hi] = stat_cells(metric_stats(p, m));
            let ci = if lo.is_empty() {
                String::new()
            } else {
                format!("{lo} … {hi}")
            };
            let mut f: Vec<String> = p.labels.iter().map(|l| cell(l)).collect();
            f.extend([n, mean, p50, p95, ci]);
            s.push_str(&format!("| {} |\n", f.join(" | ")));
        }
    }
    if !zero.is_empty() {
        s.push_str(&format!("\nZero in every run: {}.\n", zero.join(", ")));
    }
    if !failed.is_empty() {
        s.push_str("\n## Failed runs\n\n| run | ");
        for a in &info.axes {
            s.push_str(&format!("{} | ", cell(a)));
        }
        s.push_str("seed | error |\n");
        s.push_str(&format!("|{}\n", "---|".repeat(info.axes.len() + 3)));
        for r in failed.iter().take(MAX_LISTED_FAILURES) {
            s.push_str(&format!("| {} | ", r.run));
            for v in &r.axis_values {
                s.push_str(&format!("{} | ", cell(v)));
            }
            s.push_str(&format!(
                "{} | {} |\n",
                r.seed,
                cell(r.error.as_deref().unwrap_or(""))
            ));
        }
        if failed.len() > MAX_LISTED_FAILURES {
            s.push_str(&format!(
                "\n… and {} more (see the `error` column of `runs.csv`).\n",
                failed.len() - MAX_LISTED_FAILURES
            ));
        }
    }
    s
}
