//! Each trace record kind that explains a platform decision, checked on a scenario built for it.

mod common;

use common::{load, run};
use sim_core::model::{run_world, Record};
use sim_core::time::{SimDuration, SimTime};

const APP: &str = "com.example.app";

#[test]
fn start_records_carry_the_decision() {
    let r = run("scenarios/observability/app-callbacks.yaml");
    let first = r
        .of_job(APP, 1)
        .find_map(|(_, rec)| match rec {
            Record::JobStarted {
                work_types,
                user_visible,
                standby_bucket,
                proc_state,
                bias,
                priority,
                ..
            } => Some((
                work_types.clone(),
                *user_visible,
                format!("{standby_bucket:?}"),
                format!("{proc_state:?}"),
                *bias,
                *priority,
            )),
            _ => None,
        })
        .unwrap();
    // A UIDT of the top app: work types TOP + UI, bias 40, priority MAX.
    assert_eq!(
        first,
        (
            vec!["TOP", "UI"],
            true,
            "Active".into(),
            "Top".into(),
            40,
            500
        )
    );
}

#[test]
fn missing_notification_is_an_anr_and_a_failure() {
    let r = run("scenarios/observability/app-callbacks.yaml");
    // Executing at 1.007 s; 10 s later without setNotification: ANR, closed, no onStopJob.
    assert!(r.of_job(APP, 1).any(|(t, rec)| t == 11_007
        && matches!(
            rec,
            Record::Anr {
                kind: "notification",
                ..
            }
        )));
    assert_eq!(r.stops(APP, 1)[0], (11_007, "STOP_REASON_UNDEFINED", "ANR"));
    let resched = r.of_job(APP, 1).find_map(|(_, rec)| match rec {
        Record::JobRescheduled {
            failures,
            delay_ms,
            earliest_ms,
            ..
        } => Some((*failures, *delay_ms, *earliest_ms)),
        _ => None,
    });
    // A failure: 30 s exponential backoff from 11.007 s.
    assert_eq!(resched, Some((1, 30_000, 41_007)));
}

#[test]
fn hung_on_start_job_is_closed_after_8_seconds_without_reschedule() {
    let r = run("scenarios/observability/app-callbacks.yaml");
    // Bound at 1.005 s (process already alive), onStartJob unanswered for 8 s.
    assert_eq!(
        r.stops(APP, 2),
        vec![(9_005, "STOP_REASON_UNDEFINED", "ANR")]
    );
    assert_eq!(r.completed(APP, 2), Some((9_005, "dropped")));
}

#[test]
fn on_stop_job_return_value_is_recorded_and_obeyed() {
    let r = run("scenarios/observability/app-callbacks.yaml");
    assert_eq!(
        r.stops(APP, 3),
        vec![(
            60_000,
            "STOP_REASON_CONSTRAINT_CONNECTIVITY",
            "CONSTRAINTS_NOT_SATISFIED"
        )]
    );
    assert!(r.of_job(APP, 3).any(|(t, rec)| t == 60_002
        && matches!(
            rec,
            Record::OnStopJobAnswered {
                reschedule: false,
                ..
            }
        )));
    assert_eq!(r.completed(APP, 3), Some((60_002, "dropped")));
}

#[test]
fn hung_on_stop_job_is_closed_with_reschedule_and_reasons_kept() {
    let r = run("scenarios/observability/app-callbacks.yaml");
    assert!(r
        .of_job(APP, 4)
        .any(|(t, rec)| t == 68_000 && matches!(rec, Record::Anr { kind: "stop", .. })));
    let resched = r.of_job(APP, 4).find_map(|(t, rec)| match rec {
        Record::JobRescheduled {
            system_stops,
            failures,
            ..
        } => Some((t, *system_stops, *failures)),
        _ => None,
    });
    // The connectivity stop stays the reason: a system stop, not a failure.
    assert_eq!(resched, Some((68_000, 1, 0)));
}

#[test]
fn pending_records_list_reasons_and_run_window() {
    let r = run("scenarios/observability/waiting-and-backoff.yaml");
    let pend: Vec<_> = r
        .of_job(APP, 1)
        .filter_map(|(t, rec)| match rec {
            Record::JobPending {
                reasons,
                earliest_ms,
                deadline_ms,
                ..
            } => Some((t, reasons.to_vec(), *earliest_ms, *deadline_ms)),
            _ => None,
        })
        .collect();
    // Scheduled at 1 s with a 5 min delay and a 1 h deadline.
    assert_eq!(
        pend[0],
        (
            1_000,
            vec![
                "PENDING_JOB_REASON_CONSTRAINT_CHARGING",
                "PENDING_JOB_REASON_CONSTRAINT_MINIMUM_LATENCY"
            ],
            301_000,
            Some(3_601_000)
        )
    );
    assert_eq!(pend[1].0, 301_000);
    assert_eq!(pend[1].1, vec!["PENDING_JOB_REASON_CONSTRAINT_CHARGING"]);
    assert_eq!(
        r.starts(APP, 1),
        vec![600_000],
        "runs when plugged in at 10 min"
    );
}

#[test]
fn reschedule_records_explain_linear_backoff_and_priority_decay() {
    let r = run("scenarios/observability/waiting-and-backoff.yaml");
    let delays: Vec<_> = r
        .of_job(APP, 2)
        .filter_map(|(_, rec)| match rec {
            Record::JobRescheduled {
                delay_ms,
                backoff_policy,
                initial_backoff_ms,
                ..
            } => Some((
                *delay_ms,
                format!("{backoff_policy:?}"),
                *initial_backoff_ms,
            )),
            _ => None,
        })
        .take(3)
        .collect();
    // Linear: 20 s × attempts.
    assert_eq!(
        delays,
        vec![
            (20_000, "Linear".into(), 20_000),
            (40_000, "Linear".into(), 20_000),
            (60_000, "Linear".into(), 20_000)
        ]
    );
    let priorities: Vec<i32> = r
        .of_job(APP, 2)
        .filter_map(|(_, rec)| match rec {
            Record::JobStarted { priority, .. } => Some(*priority),
            _ => None,
        })
        .take(7)
        .collect();
    // Failures before each run 0..6: priority DEFAULT until 4 failures (4/2 = 2 -> LOW), MIN from 6.
    assert_eq!(priorities, vec![300, 300, 300, 300, 200, 200, 100]);
}

#[test]
fn pending_query_answers_like_get_pending_job_reason() {
    let sc = load("scenarios/uidt/photo-backup.yaml");
    let (world, run) = run_world(
        &sc,
        Some(SimDuration::from_mins(22)),
        &mut sim_core::engine::NullSink,
    );
    assert_eq!(run.end, SimTime::from_millis(1_320_000));
    let states = world.job_states(run.end);
    assert_eq!(states.len(), 1);
    assert_eq!(states[0].state, "waiting");
    assert_eq!(
        states[0].pending_reasons,
        vec!["PENDING_JOB_REASON_CONSTRAINT_CONNECTIVITY"]
    );
    let (world, run) = run_world(
        &sc,
        Some(SimDuration::from_mins(30)),
        &mut sim_core::engine::NullSink,
    );
    let s = &world.job_states(run.end)[0];
    assert_eq!(
        (s.state, s.pending_reasons.clone()),
        ("running", vec!["PENDING_JOB_REASON_EXECUTING"])
    );
    // Restarted at 25 min: guarantee 6 h and limit 12 h from there.
    assert_eq!(s.guarantee_ends_ms, Some(1_500_000 + 6 * 3_600_000));
}
