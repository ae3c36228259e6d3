//! Tables for tools: `jobs.csv` (one row per job), `stops.csv` (one row per stop) and
//! `summary.json`. The CSV is written by hand rather than with the `csv` crate: the rows are a
//! few fixed columns of numbers and identifiers, and one RFC 4180 quoting function
//! ([`field`]) is all the crate would add.

use crate::summary::Summary;
use serde_json::{json, Value};
use sim_core::engine::Stamped;
use sim_core::model::{Header, Record};
use sim_core::time::SimTime;

/// A CSV field, quoted (with inner quotes doubled) when it holds a comma, quote or line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| field(c)).collect();
    format!("{}\n", cells.join(","))
}

fn ms(t: Option<SimTime>) -> String {
    t.map_or_else(String::new, |t| t.as_millis().to_string())
}

/// `jobs.csv`: one row per job in summary order; times in ms, empty when the job never started
/// or has not ended.
pub fn jobs_csv(s: &Summary) -> String {
    let mut out = String::from(
        "app,namespace,id,kind,outcome,runs,first_start_ms,end_ms,runtime_ms,downloaded,uploaded,wasted,stops\n",
    );
    for j in &s.jobs {
        out.push_str(&row(&[
            j.app.to_string(),
            j.namespace
                .as_deref()
                .map(str::to_string)
                .unwrap_or_default(),
            j.id.to_string(),
            j.kind.clone(),
            j.outcome.clone(),
            j.attempts.to_string(),
            ms(j.first_start),
            ms(j.finished_at.or(j.last_end)),
            j.runtime_ms.to_string(),
            j.downloaded.to_string(),
            j.uploaded.to_string(),
            j.wasted.to_string(),
            j.stops.len().to_string(),
        ]));
    }
    out
}

/// `stops.csv`: one row per `job_stopped` record, in trace order.
pub fn stops_csv(records: &[Stamped<Record>]) -> String {
    let mut out =
        String::from("t_ms,app,namespace,id,reason,reason_code,internal_reason,internal_code\n");
    for r in records {
        if let Record::JobStopped {
            job,
            reason,
            reason_code,
            internal_reason,
            internal_code,
            ..
        } = &r.record
        {
            out.push_str(&row(&[
                r.t_ms.as_millis().to_string(),
                job.app.to_string(),
                job.namespace
                    .as_deref()
                    .map(str::to_string)
                    .unwrap_or_default(),
                job.job.to_string(),
                reason.name().to_string(),
                reason_code.to_string(),
                internal_reason.name().to_string(),
                internal_code.to_string(),
            ]));
        }
    }
    out
}

/// `summary.json`: the [`Summary`] with the trace header, times in ms (`null` when unknown).
/// Keys come out sorted (serde_json's map is ordered), so the bytes are stable.
pub fn summary_json(h: &Header, s: &Summary) -> String {
    let jobs: Vec<Value> = s
        .jobs
        .iter()
        .map(|j| {
            let stops: Vec<Value> = j
                .stops
                .iter()
                .map(|st| json!({"t_ms": st.at.as_millis(), "reason": st.reason, "internal_reason": st.internal}))
                .collect();
            json!({
                "app": j.app,
                "namespace": j.namespace,
                "id": j.id,
                "kind": j.kind,
                "outcome": j.outcome,
                "schedule_results": j.schedule_results,
                "runs": j.attempts,
                "first_start_ms": j.first_start.map(SimTime::as_millis),
                "end_ms": j.finished_at.or(j.last_end).map(SimTime::as_millis),
                "runtime_ms": j.runtime_ms,
                "downloaded": j.downloaded,
                "uploaded": j.uploaded,
                "wasted": j.wasted,
                "stops": stops,
                "last_pending": j.last_pending,
            })
        })
        .collect();
    let doc = json!({
        "scenario": h.scenario,
        "seed": h.seed,
        "platform": h.platform,
        "jobsim": h.jobsim,
        "end_ms": s.end.as_millis(),
        "jobs": jobs,
        "stops_by_app": s.stops_by_app,
        "max_concurrency": s.max_concurrency,
    });
    let mut text =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("com.example.a"), "com.example.a");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
