//! Runtime limits across runs: the 12 h UIJ maximum and the 24 h cumulative demotion.

mod common;

use common::run;
use sim_core::model::Record;

#[test]
fn uidt_is_demoted_after_24_hours_of_cumulative_runtime() {
    let r = run("scenarios/uidt/cumulative-24h-demotion.yaml");
    let app = "com.example.archive";
    let runs: Vec<_> = r
        .of_job(app, 1)
        .filter_map(|(t, rec)| match rec {
            Record::JobStarted {
                user_initiated,
                max_execution_ms,
                ..
            } => Some((t, *user_initiated, *max_execution_ms)),
            _ => None,
        })
        .take(3)
        .collect();
    let h12 = 12 * 3_600_000;
    // Run 1 at 1 s, 12 h maximum; TIMEOUT, 30 s backoff after the onStopJob answer (2 ms).
    // Run 2 at 12 h + 31.002 s; TIMEOUT again; cumulative 24 h + 4 ms: demoted, 60 s backoff.
    assert_eq!(runs[0], (1_000, true, h12));
    assert_eq!(runs[1], (h12 + 31_002, true, h12));
    assert_eq!(runs[2], (2 * h12 + 31_004 + 60_000, false, 1_800_000));
    assert_eq!(
        &r.stops(app, 1)[..2],
        &[
            (h12 + 1_000, "STOP_REASON_TIMEOUT", "TIMEOUT"),
            (2 * h12 + 31_002, "STOP_REASON_TIMEOUT", "TIMEOUT")
        ]
    );
    let demoted = r.of_job(app, 1).find_map(|(t, rec)| match rec {
        Record::JobRescheduled {
            demoted_by_system_uij: true,
            ..
        } => Some(t),
        _ => None,
    });
    assert_eq!(demoted, Some(2 * h12 + 31_004));
}
