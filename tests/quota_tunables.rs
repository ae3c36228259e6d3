//! QuotaController's constants as tunables (`qc_*` under `policy:`) and the aconfig flag
//! `adjust_quota_default_constants` under `flags:` (reference §8, checklist 34): a WORKING_SET
//! job that needs 15 min of CPU and checkpoints, scheduled at 0:00:01, stops with
//! STOP_REASON_QUOTA when the bucket's allowed time is used up and starts again when enough of
//! that usage has aged out of the bucket window to leave the 30 s in-quota buffer.

mod common;

use common::{run_scenario, Run};
use sim_core::scenario::parse_scenario;

const APP: &str = "com.example.sync";
const QUOTA: (&str, &str) = ("STOP_REASON_QUOTA", "CONSTRAINTS_NOT_SATISFIED");

/// The scenario with `extra` (YAML lines: `policy:`, `flags:`) added.
fn run_with(extra: &str) -> Run {
    let src = format!(
        "name: quota tunables\nseed: 21\nduration: 6h\n{extra}
apps:
  - package: {APP}
    bucket: working_set
jobs:
  - {{ app: {APP}, id: 1, work: {{ cpu: 15m }}, checkpoint: true }}
timeline:
  - {{ at: 1s, schedule: {{ app: {APP}, job: 1 }} }}
"
    );
    match parse_scenario("quota-tunables.yaml", &src) {
        Ok(sc) => run_scenario(&sc),
        Err(e) => panic!("{}", e.render(&src)),
    }
}

fn first_stop(r: &Run) -> (u64, &'static str, &'static str) {
    r.stops(APP, 1)[0]
}

#[test]
fn legacy_defaults_give_ten_minutes_per_two_hours() {
    let r = run_with("");
    // Start 1,000 with min(30 min, 10 min left): stopped at 1,000 + 600,000.
    assert_eq!(first_stop(&r), (601_000, QUOTA.0, QUOTA.1));
    // The session lasted 1,000..601,002 (onStopJob answered 2 ms later); 30,002 ms of it must
    // age out of the 2 h window: 7,200,000 + 1,000 + 30,002.
    assert_eq!(r.starts(APP, 1), vec![1_000, 7_231_002]);
}

#[test]
fn working_set_window_and_allowed_time_are_tunables() {
    let r = run_with(
        "policy: { qc_allowed_time_per_period_working_ms: 300000, qc_window_size_working_ms: 3600000 }",
    );
    // 5 min allowed: stopped at 1,000 + 300,000.
    assert_eq!(first_stop(&r), (301_000, QUOTA.0, QUOTA.1));
    // Session 1,000..301,002; 5 min - 30 s = 270,000 may remain in the 1 h window, so 31,002 ms
    // must age out: 3,600,000 + 1,000 + 30,002.
    assert_eq!(r.starts(APP, 1)[1], 3_631_002);
}

#[test]
fn allowed_time_below_a_minute_is_raised_to_a_minute() {
    // 59,999 ms is clamped to 60,000 (`Math.max(MINUTE_IN_MILLIS, …)`): stopped at 61,000.
    let r = run_with("policy: { qc_allowed_time_per_period_working_ms: 59999 }");
    assert_eq!(first_stop(&r), (61_000, QUOTA.0, QUOTA.1));
    // At the bound itself, the same.
    let r = run_with("policy: { qc_allowed_time_per_period_working_ms: 60000 }");
    assert_eq!(first_stop(&r), (61_000, QUOTA.0, QUOTA.1));
    // One above: stopped 1 ms later.
    let r = run_with("policy: { qc_allowed_time_per_period_working_ms: 60001 }");
    assert_eq!(first_stop(&r), (61_001, QUOTA.0, QUOTA.1));
}

#[test]
fn a_window_no_longer_than_the_allowed_time_leaves_only_the_daily_cap() {
    // A 1 ms window is raised to the allowed 10 min; a window equal to the allowed time never
    // runs out, so only the 4 h daily cap bounds the job: it runs its 15 min of CPU in one go
    // (start 1,000, executing at 1,257, done at 1,257 + 900,000).
    let r = run_with("policy: { qc_window_size_working_ms: 1 }");
    assert!(r.stops(APP, 1).is_empty());
    assert_eq!(r.starts(APP, 1), vec![1_000]);
    assert_eq!(r.completed(APP, 1), Some((901_257, "finished")));
}

#[test]
fn the_flag_moves_the_working_set_window_to_four_hours() {
    let r = run_with("flags: { adjust_quota_default_constants: true }");
    // Still 10 min allowed: stopped at 601,000.
    assert_eq!(first_stop(&r), (601_000, QUOTA.0, QUOTA.1));
    // Back once 30,002 ms of the session aged out of the 4 h window: 14,400,000 + 31,002.
    assert_eq!(r.starts(APP, 1), vec![1_000, 14_431_002]);
    // An explicit window wins over the flag's default: back to 2 h.
    let r = run_with(
        "flags: { adjust_quota_default_constants: true }\npolicy: { qc_window_size_working_ms: 7200000 }",
    );
    assert_eq!(r.starts(APP, 1), vec![1_000, 7_231_002]);
    // Off written out is the legacy default.
    let r = run_with("flags: { adjust_quota_default_constants: false }");
    assert_eq!(r.starts(APP, 1), vec![1_000, 7_231_002]);
}

#[test]
fn the_in_quota_buffer_and_the_daily_cap_are_tunables() {
    // A 0 ms buffer: back as soon as some time is left. The session used 600,002 ms (the
    // onStopJob answer overran the 10 min by 2 ms), so 3 ms must age out of the 2 h window:
    // 7,200,000 + 1,000 + 3.
    let r = run_with("policy: { qc_in_quota_buffer_ms: 0 }");
    assert_eq!(r.starts(APP, 1)[1], 7_201_003);
    // Max execution time 30 min is raised to 1 h, above the 10 min the bucket allows: no change.
    let r = run_with("policy: { qc_max_execution_time_ms: 1800000 }");
    assert_eq!(first_stop(&r), (601_000, QUOTA.0, QUOTA.1));
}
