//! QuotaController and the EJ quota, with the window arithmetic in comments.

mod common;

use common::run;
use sim_core::model::Record;

#[test]
fn working_set_app_stops_for_quota_and_returns_when_usage_ages_out() {
    let r = run("scenarios/quota/working-set-quota.yaml");
    let app = "com.example.sync";
    let limits = r.quota_limits(app, 1);
    // First run: 10 min of quota left, so min(30 min, 10 min) = 10 min.
    assert_eq!(limits[0], (600_000, Some(600_000)));
    assert_eq!(
        r.stops(app, 1),
        vec![(601_000, "STOP_REASON_QUOTA", "CONSTRAINTS_NOT_SATISFIED")]
    );
    assert!(r.of_job(app, 1).any(|(_, rec)| matches!(rec, Record::JobPending { reasons, .. } if reasons.contains(&"PENDING_JOB_REASON_QUOTA"))));
    // Session 1,000..601,002 ms; back in quota once 30,002 ms aged out of the 2 h window.
    assert_eq!(r.starts(app, 1), vec![1_000, 7_200_000 + 31_002]);
    // 300,257 ms of CPU left after the checkpoint; executing 7 ms after the start.
    assert_eq!(r.completed(app, 1), Some((7_231_009 + 300_257, "finished")));
}

#[test]
fn expedited_job_out_of_ej_quota_runs_as_regular_and_new_ones_are_refused() {
    let r = run("scenarios/quota/ej-out-of-quota.yaml");
    let app = "com.example.chat";
    let kinds: Vec<_> = r
        .of_job(app, 1)
        .filter_map(|(t, rec)| match rec {
            Record::JobStarted {
                expedited,
                max_execution_ms,
                ..
            } => Some((t, *expedited, *max_execution_ms)),
            _ => None,
        })
        .collect();
    // Started as EJ with min(10 min, 10 min of RARE EJ quota); then, with none left, as regular.
    assert_eq!(kinds[0], (1_000, true, 600_000));
    assert_eq!((kinds[1].0, kinds[1].1), (631_002, false));
    assert_eq!(
        r.stops(app, 1),
        vec![
            (601_000, "STOP_REASON_TIMEOUT", "TIMEOUT"),
            // 10 min of RARE regular quota from 631,002 minus nothing used: 631,002 + 600,000.
            (1_231_002, "STOP_REASON_QUOTA", "CONSTRAINTS_NOT_SATISFIED"),
        ]
    );
    assert_eq!(
        r.schedule_results(app, 2),
        vec![(900_000, "RESULT_FAILURE")]
    );
}

#[test]
fn using_the_app_earns_back_ej_quota_and_leaving_it_grants_a_grace_period() {
    let path = "scenarios/quota/ej-rewards-and-grace.yaml";
    let app = "com.example.chat";
    let r = run(path);
    // Job 1 used the RARE bucket's 10 minutes (session 1,000..601,002 ms). Job 2 at 22:30 is in
    // the 1 min grace after leaving the top at 22:00; job 3 at 24:00 runs on 15 s (interaction)
    // + 4 × 10 s (120 s on top in 30 s chunks) earned back.
    assert_eq!(
        r.schedule_results(app, 2),
        vec![(1_350_000, "RESULT_SUCCESS")]
    );
    assert_eq!(
        r.schedule_results(app, 3),
        vec![(1_440_000, "RESULT_SUCCESS")]
    );
    let expedited = r.of_job(app, 3).find_map(|(_, rec)| match rec {
        Record::JobStarted { expedited, .. } => Some(*expedited),
        _ => None,
    });
    assert_eq!(expedited, Some(true));
    // Without the visit there is nothing to earn back and no grace: both are refused.
    let mut sc = common::load(path);
    sc.timeline
        .retain(|a| !matches!(a.action, sim_core::scenario::Action::Foreground(_)));
    let r = common::run_scenario(&sc);
    assert_eq!(
        r.schedule_results(app, 2),
        vec![(1_350_000, "RESULT_FAILURE")]
    );
    assert_eq!(
        r.schedule_results(app, 3),
        vec![(1_440_000, "RESULT_FAILURE")]
    );
}

#[test]
fn an_active_uid_gets_the_active_buckets_quota() {
    let r = run("scenarios/quota/active-uid-gets-active-quota.yaml");
    // Foreground service (active UID): ACTIVE, bounded only by the 4 h cap; 30 min maximum.
    assert_eq!(
        r.quota_limits("com.example.music", 1),
        vec![(1_800_000, Some(14_400_000))]
    );
    assert_eq!(
        r.quota_limits("com.example.podcast", 1),
        vec![(1_800_000, Some(14_400_000))]
    );
    // No service: WORKING_SET, 10 min.
    assert_eq!(
        r.quota_limits("com.example.sync", 1),
        vec![(600_000, Some(600_000))]
    );
    // 15 min of CPU from 1,007 ms (process already running): no quota stop.
    assert_eq!(r.stops("com.example.music", 1), vec![]);
    assert_eq!(
        r.completed("com.example.music", 1),
        Some((901_007, "finished"))
    );
    // The podcast app's service stops at 300,000; its UID idles at 360,000, back to WORKING_SET
    // with 359,000 ms used: the last 241,000 ms run out at 601,000, as for the sync app.
    let quota_stop = vec![(601_000, "STOP_REASON_QUOTA", "CONSTRAINTS_NOT_SATISFIED")];
    assert_eq!(r.stops("com.example.podcast", 1), quota_stop);
    assert_eq!(r.stops("com.example.sync", 1), quota_stop);
}
