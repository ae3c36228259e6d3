//! `jobsim pending` and `jobsim explain`: run a scenario up to an instant and ask the world.

use sim_core::engine::{Stamped, TraceSink};
use sim_core::job::Stop;
use sim_core::model::inspect::{stop_rule, JobState, INVALID_JOB_ID};
use sim_core::model::{run_world, Record};
use sim_core::scenario::Scenario;
use sim_core::time::{SimDuration, SimTime};
use std::fmt::Write;

/// Keeps only the last stop of one job, so inspection does not store the trace.
struct LastStop<'a> {
    app: &'a str,
    id: i32,
    stop: Option<(SimTime, Stop)>,
}

impl TraceSink<Record> for LastStop<'_> {
    fn record(&mut self, r: &Stamped<Record>) {
        if let Record::JobStopped {
            job,
            reason,
            internal_reason,
            ..
        } = &r.record
        {
            if *job.app == *self.app && job.job == self.id {
                self.stop = Some((r.t_ms, Stop::new(*reason, *internal_reason)));
            }
        }
    }
}

/// The pending-reason table at `at`.
pub fn pending(sc: &Scenario, at: SimDuration, json: bool) -> String {
    let (world, run) = run_world(sc, Some(at), &mut sim_core::engine::NullSink);
    let states = world.job_states(run.end);
    if json {
        return serde_json::to_string_pretty(&states).unwrap_or_default() + "\n";
    }
    let mut out = format!("{} at {}\n", sc.name, run.end);
    if states.is_empty() {
        out.push_str("no jobs in the store\n");
    }
    for s in &states {
        let _ = writeln!(
            out,
            "{}/{}  {}  {}",
            s.app,
            s.job,
            s.state,
            s.pending_reasons.join(", ")
        );
    }
    out
}

fn parse_job(job: &str) -> Result<(&str, i32), String> {
    let (app, id) = job.rsplit_once('/').ok_or_else(|| {
        format!("error: --job: expected PACKAGE/ID such as com.example.photos/1, found {job:?}\n")
    })?;
    let id = id
        .parse::<i32>()
        .map_err(|_| format!("error: --job: the job id must be an integer, found {id:?}\n"))?;
    Ok((app, id))
}

/// The explanation of one job at `at`.
pub fn explain(sc: &Scenario, job: &str, at: SimDuration) -> Result<String, String> {
    let (app, id) = parse_job(job)?;
    if !sc.apps.iter().any(|a| a.package == app) {
        let known: Vec<&str> = sc.apps.iter().map(|a| a.package.as_str()).collect();
        return Err(format!(
            "error: --job: unknown app `{app}`; apps in this scenario: {}\n",
            known.join(", ")
        ));
    }
    let mut sink = LastStop {
        app,
        id,
        stop: None,
    };
    let (world, run) = run_world(sc, Some(at), &mut sink);
    let mut out = format!("{app}/{id} at {}\n", run.end);
    match world.find_job(app, id) {
        None => {
            let _ = writeln!(out, "  not in the store: {INVALID_JOB_ID} (never scheduled, finished, cancelled or dropped)");
        }
        Some(j) => describe(&mut out, &world.job_state(j, run.end)),
    }
    if let Some((t, stop)) = sink.stop {
        let _ = writeln!(
            out,
            "  last stop: {t} {} ({}): {}",
            stop.reason.name(),
            stop.internal.name(),
            stop_rule(stop)
        );
    }
    Ok(out)
}

fn describe(out: &mut String, s: &JobState) {
    let ms = |v: u64| SimTime::from_millis(v).to_string();
    let _ = writeln!(out, "  kind: {}, state: {}", s.kind.label(), s.state);
    if let Some(v) = s.verb {
        let _ = writeln!(out, "  lifecycle: {v:?}");
    }
    let _ = writeln!(out, "  pending reasons: {}", s.pending_reasons.join(", "));
    if !s.unsatisfied.is_empty() {
        let _ = writeln!(
            out,
            "  unsatisfied constraints: {}",
            s.unsatisfied.join(", ")
        );
    }
    for r in &s.restrictions {
        let _ = writeln!(out, "  restriction: {r}");
    }
    if let (Some(g), Some(m)) = (s.guarantee_ends_ms, s.max_execution_ends_ms) {
        let _ = writeln!(
            out,
            "  minimum guarantee ends {}, maximum execution ends {}",
            ms(g),
            ms(m)
        );
    }
    if s.state != "running" {
        let _ = writeln!(out, "  earliest run: {}", ms(s.earliest_ms));
        if let Some(d) = s.deadline_ms {
            let _ = writeln!(out, "  deadline: {}", ms(d));
        }
    }
    if let Some(n) = s.next_evaluation_ms {
        let _ = writeln!(out, "  next evaluated by itself at {}", ms(n));
    }
    let _ = writeln!(
        out,
        "  failures: {}, system stops: {}{}{}",
        s.failures,
        s.system_stops,
        if s.demoted_by_user {
            ", demoted by the user"
        } else {
            ""
        },
        if s.demoted_by_system_uij {
            ", demoted after 24 h of UIJ runtime"
        } else {
            ""
        }
    );
}
