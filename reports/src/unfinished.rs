//! Why a job never finished, as `summary.md` and `report.html` both say it, so the two agree.
//!
//! The trace alone gives the outcome and the last pending reasons. The world as it stands at
//! the end of the run (`World::job_states`) adds what the trace cannot: the constraints still
//! unsatisfied, the restrictions holding the job back, its earliest run and deadline, and when
//! the platform would next look at it by itself. Without those states (a caller that only has
//! the trace) the explanation is the trace's one line.

use crate::summary::{JobSummary, Summary};
use sim_core::model::inspect::JobState;
use sim_core::time::SimTime;

/// One job that did not finish by the end of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Unfinished {
    /// `app/id` or `app/namespace/id`.
    pub label: String,
    /// The trace's one-line reason (`waiting: PENDING_JOB_REASON_...`).
    pub headline: String,
    /// The world's state of the job at the end, one fact per line (empty without states).
    pub details: Vec<String>,
}

/// The job's label in reports: `app/id`, or `app/namespace/id` for a namespaced job.
pub fn job_label(j: &JobSummary) -> String {
    match &j.namespace {
        Some(ns) => format!("{}/{}/{}", j.app, ns, j.id),
        None => format!("{}/{}", j.app, j.id),
    }
}

/// Every job still waiting, still running or refused at schedule time, in the summary's order,
/// explained with its end state from `states` when there is one.
pub fn unfinished(s: &Summary, states: &[JobState]) -> Vec<Unfinished> {
    s.jobs
        .iter()
        .filter(|j| matches!(j.outcome.as_str(), "waiting" | "running" | "rejected"))
        .map(|j| {
            let state = states
                .iter()
                .find(|st| st.app == j.app && st.job == j.id && st.namespace == j.namespace);
            Unfinished {
                label: job_label(j),
                headline: headline(j),
                details: state.map_or_else(Vec::new, |st| details(st, j, s.end)),
            }
        })
        .collect()
}

fn headline(j: &JobSummary) -> String {
    match j.outcome.as_str() {
        "rejected" => format!("schedule() answered {}", j.schedule_results.join(", ")),
        "running" => "still running at the end of the simulation".to_string(),
        _ if j.last_pending.is_empty() => "waiting".to_string(),
        _ => format!("waiting: {}", j.last_pending.join(", ")),
    }
}

fn at(ms: u64) -> SimTime {
    SimTime::from_millis(ms)
}

/// The end state as short sentences, most telling first; what the headline already says
/// (the same pending reasons, an earliest run already past) is left out.
fn details(st: &JobState, j: &JobSummary, end: SimTime) -> Vec<String> {
    let mut out = Vec::new();
    match st.state {
        "running" => {
            let verb = st.verb.map_or(String::new(), |v| {
                format!(" ({})", format!("{v:?}").to_lowercase())
            });
            let since = st
                .running_since_ms
                .map_or(String::new(), |t| format!(" since {}", at(t)));
            out.push(format!("at the end: running{verb}{since}"));
            if let (Some(g), Some(m)) = (st.guarantee_ends_ms, st.max_execution_ends_ms) {
                out.push(format!(
                    "minimum guarantee ends {}, maximum execution ends {}",
                    at(g),
                    at(m)
                ));
            }
        }
        state => {
            if st.pending_reasons == j.last_pending || st.pending_reasons.is_empty() {
                out.push(format!("at the end: {state}"));
            } else {
                out.push(format!(
                    "at the end: {state}, {}",
                    st.pending_reasons.join(", ")
                ));
            }
            if !st.unsatisfied.is_empty() {
                out.push(format!(
                    "constraints not satisfied: {}",
                    st.unsatisfied.join(", ")
                ));
            }
            out.extend(st.restrictions.iter().map(|r| format!("held back: {r}")));
            if st.earliest_ms > end.as_millis() {
                out.push(format!("not runnable before {}", at(st.earliest_ms)));
            }
            if let Some(d) = st.deadline_ms {
                out.push(format!("deadline: {}", at(d)));
            }
            out.push(match st.next_evaluation_ms {
                Some(n) => format!("next looked at by itself at {}", at(n)),
                None if st.state == "ready" => "starts as soon as a slot frees up".to_string(),
                None => "no timer of its own: only a change of the device or app can release it"
                    .to_string(),
            });
        }
    }
    if st.failures > 0 || st.system_stops > 0 {
        out.push(format!(
            "failures: {}, system stops: {}",
            st.failures, st.system_stops
        ));
    }
    if st.demoted_by_user {
        out.push("demoted: the user stopped it (Task Manager or force stop)".to_string());
    }
    if st.demoted_by_system_uij {
        out.push("demoted after 24 h of user-initiated runtime".to_string());
    }
    out
}
