//! Property tests. The loader: mutated scenario files and random YAML-ish text never panic or
//! hang, and every error keeps `ScenarioError`'s location contract. The model: random small
//! valid scenarios give traces whose invariants hold (time order, one run at a time per job,
//! each run ended once, the concurrency limit, stop-reason codes) and are deterministic.
//!
//! Cases default to 64 per property so the file runs in seconds in debug builds;
//! `PROPTEST_CASES=N` asks for more.

mod common;
mod properties_gen;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use sim_core::engine::Stamped;
use sim_core::job::{InternalStopReason, StopReason};
use sim_core::model::{simulate_to_vec, Record};
use sim_core::scenario::{parse_scenario, ScenarioError};

use properties_gen::{mutate, scenario_text, yamlish, Mutation, ScenarioShape};

/// 64 cases unless `PROPTEST_CASES` says otherwise.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    // A fixed seed keeps the suite reproducible in CI; set PROPTEST_RNG_SEED to explore others.
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0x6a6f_6273_696d);
    ProptestConfig {
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        ..ProptestConfig::with_cases(cases)
    }
}

/// The sources of every scenario in the library.
fn library() -> Vec<String> {
    common::all_scenarios()
        .iter()
        .map(|rel| std::fs::read_to_string(common::root().join(rel)).unwrap())
        .collect()
}

/// Longest a parse may take before it counts as a hang (a 10 MiB file parses in well under
/// this in a debug build; the inputs here are small).
const PARSE_BUDGET: Duration = Duration::from_secs(5);

/// Parses `src` and checks the error contract documented on [`ScenarioError`].
fn check_parse(src: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let result = parse_scenario("p.yaml", src);
    prop_assert!(
        started.elapsed() < PARSE_BUDGET,
        "parse took {:?}",
        started.elapsed()
    );
    if let Err(e) = result {
        check_located(&e, src)?;
        // Rendering never panics either.
        let _ = e.render(src);
    }
    Ok(())
}

fn check_located(e: &ScenarioError, src: &str) -> Result<(), TestCaseError> {
    match (e.line, e.column) {
        (Some(line), Some(column)) => {
            prop_assert!(line >= 1 && column >= 1, "{e}");
            // One line past the last is where an unexpected end of file is reported.
            let lines = yaml_lines(src);
            prop_assert!(line <= lines + 1, "line {line} of {lines}: {e}");
        }
        (None, None) => {
            prop_assert!(e.field.is_empty(), "whole-file error with a field: {e}");
            let whole_file = e.message.starts_with("the scenario is empty")
                || e.message.contains("bytes (10 MiB) are accepted");
            prop_assert!(whole_file, "error without a location: {e}\n---\n{src}");
        }
        _ => prop_assert!(false, "line and column must come together: {e:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_scenarios_never_panic(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(any::<Mutation>(), 1..6),
    ) {
        let lib = library();
        let src = &lib[which.index(lib.len())];
        let mutated = mutate(src.as_bytes(), &mutations);
        check_parse(&String::from_utf8_lossy(&mutated))?;
    }

    #[test]
    fn random_yamlish_text_never_panics(text in yamlish()) {
        check_parse(&text)?;
        // The same text after a valid head: errors deeper in a real document.
        check_parse(&format!("name: t\nduration: 1h\napps: [{{ package: com.example.a }}]\n{text}"))?;
    }

    #[test]
    fn random_scenarios_keep_trace_invariants(shape in any::<ScenarioShape>()) {
        let src = scenario_text(&shape);
        let sc = match parse_scenario("gen.yaml", &src) {
            Ok(sc) => sc,
            Err(e) => return Err(TestCaseError::fail(format!("{}\n{src}", e.render(&src)))),
        };
        let (records, _) = simulate_to_vec(&sc, None);
        check_trace(&records).map_err(|m| TestCaseError::fail(format!("{m}\n---\n{src}")))?;
        let (again, _) = simulate_to_vec(&sc, None);
        prop_assert!(records == again, "two runs differ\n{src}");
    }
}

/// The same invariants hold on every scenario of the library (the benchmark's day excepted,
/// for time: `tests/scenarios.rs` runs it).
#[test]
fn library_traces_keep_invariants() {
    for rel in common::all_scenarios() {
        if rel.starts_with("scenarios/bench/") {
            continue;
        }
        let r = common::run(&rel);
        if let Err(m) = check_trace(&r.records) {
            panic!("{rel}: {m}");
        }
    }
}

/// Lines as YAML counts them: breaks are `\r\n`, `\n` or a lone `\r`.
fn yaml_lines(src: &str) -> usize {
    1 + src.matches('\n').count() + src.matches('\r').count() - src.matches("\r\n").count()
}

/// Where a run of a job is, as the trace shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RunState {
    /// Started, not stopped.
    Running,
    /// `onStopJob` sent; the app's answer (or its timeout) ends the run.
    Stopping,
}

/// One open run.
#[derive(Clone, Copy, Debug)]
struct Run {
    state: RunState,
    started_ms: u64,
    /// Its job was replaced by a new `schedule` while it ran.
    replaced: bool,
}

type Key = (String, i32, Option<String>);

/// The open runs of each job, oldest first. A job has at most one open run, with one
/// exception: when a running job is replaced (scheduled again), the new copy may start while
/// the replaced run is still starting or stopping — AOSP's `JobConcurrencyManager` only logs
/// "Already running similar job" under DEBUG (see `scenarios/regular/
/// reschedule-replaces-running-job.yaml`). Stops and finishes are matched to their run by
/// `ran_ms`.
#[derive(Default)]
struct Runs(BTreeMap<Key, Vec<Run>>);

impl Runs {
    fn count(&self) -> usize {
        self.0.values().map(Vec::len).sum()
    }

    fn any(&self, key: &Key, pick: impl Fn(&Run) -> bool) -> bool {
        self.0.get(key).is_some_and(|runs| runs.iter().any(pick))
    }

    /// Removes and returns the oldest run that `pick` accepts.
    fn take(&mut self, key: &Key, pick: impl Fn(&Run) -> bool) -> Option<Run> {
        let runs = self.0.get_mut(key)?;
        let run = runs.remove(runs.iter().position(pick)?);
        if runs.is_empty() {
            self.0.remove(key);
        }
        Some(run)
    }

    fn push(&mut self, key: Key, run: Run) {
        self.0.entry(key).or_default().push(run);
    }
}

/// Checks the invariants of one trace; the error names the first record that breaks one.
fn check_trace(records: &[Stamped<Record>]) -> Result<(), String> {
    let mut runs = Runs::default();
    let mut max_running: Option<u32> = None;
    let mut top: Option<String> = None;
    let mut fgs_keys: Vec<Key> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let at = || format!("record {i} at {} ms: {:?}", r.t_ms.as_millis(), r.record);
        let fail = |what: &str| Err(format!("{what}: {}", at()));
        if r.seq != i as u64 {
            return Err(format!("seq {} at index {i}", r.seq));
        }
        if i > 0 && r.t_ms < records[i - 1].t_ms {
            return fail("time goes backwards");
        }
        let now = r.t_ms.as_millis();
        let key: Key = r
            .record
            .job()
            .map(|j| {
                (
                    j.app.to_string(),
                    j.job,
                    j.namespace.as_deref().map(str::to_string),
                )
            })
            .unwrap_or_default();
        // A foreground-service transfer (strategy `foreground_service`) is not a job: its
        // records carry the job's name but have no JobScheduler run to match.
        if matches!(r.record, Record::FgsStarted { .. }) {
            fgs_keys.push(key.clone());
        }
        if fgs_keys.contains(&key) {
            continue;
        }
        match &r.record {
            Record::MemoryPressure { max_running: m, .. } => max_running = Some(*m),
            Record::ProcState { app, state, .. } => {
                if *state == sim_core::app::ProcState::Top {
                    top = Some(app.to_string());
                } else if top.as_deref() == Some(app) {
                    top = None;
                }
            }
            Record::JobCancelled { by, .. } if *by == "replaced" => {
                for run in runs.0.get_mut(&key).into_iter().flatten() {
                    run.replaced = true;
                }
            }
            Record::JobStarted {
                job,
                user_initiated,
                expedited,
                forced,
                ..
            } => {
                if runs.any(&key, |r| !r.replaced) {
                    return fail("a run starts while the job's previous run is still open");
                }
                // The top app's UIJs and EJs have immediacy privilege; forced runs ignore limits.
                let privileged = *forced
                    || ((*user_initiated || *expedited) && top.as_deref() == Some(&job.app));
                // The max-wait bypass lends one extra context per class (UI, EJ, other).
                let extra = 3;
                if let (false, Some(max)) = (privileged, max_running) {
                    if runs.count() >= max as usize + extra {
                        return fail(&format!(
                            "{} jobs already running (limit {max}) when this one starts",
                            runs.count()
                        ));
                    }
                }
                let run = Run {
                    state: RunState::Running,
                    started_ms: now,
                    replaced: false,
                };
                runs.push(key, run);
            }
            Record::JobStopped {
                reason,
                reason_code,
                internal_reason,
                internal_code,
                on_stop_job,
                ran_ms,
                ..
            } => {
                if let Err(m) = check_codes(*reason, *reason_code, *internal_reason, *internal_code)
                {
                    return fail(&m);
                }
                let ran = |r: &Run| r.started_ms + ran_ms == now;
                let Some(run) = runs.take(&key, |r| r.state == RunState::Running && ran(r)) else {
                    return fail("a stop that ends no running run (by ran_ms)");
                };
                if *on_stop_job {
                    let state = RunState::Stopping;
                    runs.push(key, Run { state, ..run });
                }
            }
            Record::JobFinished { ran_ms, .. } => {
                let ended = runs.take(&key, |r| r.started_ms + ran_ms == now);
                if ended.is_none() {
                    return fail("jobFinished that ends no open run (by ran_ms)");
                }
            }
            Record::JobRescheduled { .. }
            | Record::JobCompleted { .. }
            | Record::JobDropped { .. } => {
                // A replaced run leaves as `cancelled`; the current copy any other way.
                let cancelled = matches!(&r.record, Record::JobCompleted { outcome, .. } if *outcome == "cancelled");
                let stopping = |r: &Run| r.state == RunState::Stopping;
                let taken = runs
                    .take(&key, |r| stopping(r) && r.replaced == cancelled)
                    .or_else(|| runs.take(&key, stopping));
                // A `cancelled` completion with no stopping run left belongs to a replaced copy
                // whose run already ended with its own stop record (the new copy may be running).
                if taken.is_none()
                    && !cancelled
                    && runs.any(&key, |r| r.state == RunState::Running && !r.replaced)
                {
                    return fail("the job leaves its run without a stop or finish");
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Public codes 0–16 and internal codes −1–13, each matching its name.
fn check_codes(
    reason: StopReason,
    code: i32,
    internal: InternalStopReason,
    internal_code: i32,
) -> Result<(), String> {
    let by_code = usize::try_from(code)
        .ok()
        .and_then(|c| StopReason::ALL.get(c).copied());
    if by_code != Some(reason) || reason.code() != code {
        return Err(format!(
            "reason_code {code} does not match {}",
            reason.name()
        ));
    }
    if !(-1..=13).contains(&internal_code) || internal.code() != internal_code {
        return Err(format!(
            "internal_code {internal_code} does not match {}",
            internal.name()
        ));
    }
    Ok(())
}
