//! RESTRICTED-bucket dynamic constraints and PrefetchController (issue 4; reference §3, §3.1
//! step 6, §8 "RESTRICTED bucket", §12; checklist 10, 18, 36). Each test runs a scenario whose
//! description states the rule and the expected times, and counterfactuals on the other side of
//! each boundary. Times are in ms. Default callbacks: bind 5 ms, onStartJob 2 ms, onStopJob 2 ms,
//! cold start +250 ms.

mod common;

use common::{load, run, run_scenario};
use sim_core::app::StandbyBucket;
use sim_core::scenario::Action;

const APP_STANDBY: &str = "STOP_REASON_APP_STANDBY";
const RESTRICTED_BUCKET: &str = "RESTRICTED_BUCKET";
const NOT_SATISFIED: &str = "CONSTRAINTS_NOT_SATISFIED";
const P_APP_STANDBY: &str = "PENDING_JOB_REASON_APP_STANDBY";
const P_QUOTA: &str = "PENDING_JOB_REASON_QUOTA";
const P_CONNECTIVITY: &str = "PENDING_JOB_REASON_CONSTRAINT_CONNECTIVITY";

// ---- RESTRICTED bucket (§3, §8; JobStatus.isReady, DYNAMIC_RESTRICTED_CONSTRAINTS) ----------

const RESTRICTED: &str = "scenarios/quota/restricted-dynamic-constraints.yaml";
const NEWS: &str = "com.example.news";

#[test]
fn restricted_app_out_of_quota_waits_for_charging_and_idle_and_stops_with_app_standby() {
    let r = run(RESTRICTED);
    // Within quota the dynamic constraints do not matter: job 1 runs at once with the screen
    // on (not idle), 1,000 + 257 (cold start) + 60,000 of CPU.
    assert_eq!(r.starts(NEWS, 1), vec![1_000]);
    assert_eq!(r.completed(NEWS, 1), Some((61_257, "finished")));
    // Its session was the day's only one (RESTRICTED: 1 session per 24 h): jobs 2-4 wait out of
    // quota on the dynamic constraints; job 4 also on an unmetered network.
    for id in [2, 3] {
        assert_eq!(
            r.pending(NEWS, id)[0],
            (300_000, vec![P_APP_STANDBY, P_QUOTA]),
            "job {id}"
        );
    }
    assert_eq!(
        r.pending(NEWS, 4)[0],
        (300_000, vec![P_APP_STANDBY, P_CONNECTIVITY, P_QUOTA])
    );
    // Idle 31 min after screen off: 600,000 + 1,860,000 = 2,460,000 (plugged all along).
    assert_eq!(r.starts(NEWS, 2), vec![2_460_000]);
    assert_eq!(r.starts(NEWS, 3), vec![2_460_000]);
    // Out of quota a network job needs an unmetered network: cellular is not enough, Wi-Fi is.
    assert_eq!(r.starts(NEWS, 4), vec![3_000_000]);
    // Unplugged at 3,300,000: the dynamic charging constraint is lost. Job 3 requested
    // charging itself, so its stop carries the constraint's own reason.
    assert_eq!(
        r.stops(NEWS, 2),
        vec![(3_300_000, APP_STANDBY, RESTRICTED_BUCKET)]
    );
    assert_eq!(
        r.stops(NEWS, 4),
        vec![(3_300_000, APP_STANDBY, RESTRICTED_BUCKET)]
    );
    assert_eq!(
        r.stops(NEWS, 3),
        vec![(3_300_000, "STOP_REASON_CONSTRAINT_CHARGING", NOT_SATISFIED)]
    );
    // Jobs 2 and 3 ran 840,000 ms, past the 10 min of RESTRICTED quota, without a QUOTA stop:
    // the dynamic constraints kept them ready.
}

#[test]
fn losing_idle_stops_even_a_job_that_requested_charging_with_app_standby() {
    // Screen on at 0:55:00 instead of unplugging: idle is lost, charging still holds. Job 3
    // did not request idle, so it too stops with APP_STANDBY / RESTRICTED_BUCKET.
    let mut sc = load(RESTRICTED);
    for a in &mut sc.timeline {
        if matches!(a.action, Action::Plug(None)) {
            a.action = Action::Screen(true);
        }
    }
    let r = run_scenario(&sc);
    for id in [2, 3, 4] {
        assert_eq!(
            r.stops(NEWS, id),
            vec![(3_300_000, APP_STANDBY, RESTRICTED_BUCKET)],
            "job {id}"
        );
    }
}

#[test]
fn outside_the_restricted_bucket_the_same_jobs_run_at_once() {
    // RARE allows 3 sessions a day and charging is quota-free there: jobs 2-4 start when
    // scheduled, with the 30 min maximum, and time out at 300,000 + 1,800,000 = 2,100,000;
    // nothing ever stops with APP_STANDBY.
    let mut sc = load(RESTRICTED);
    sc.apps[0].bucket = StandbyBucket::Rare;
    let r = run_scenario(&sc);
    for id in [2, 3, 4] {
        assert_eq!(r.starts(NEWS, id)[0], 300_000, "job {id}");
        assert_eq!(
            r.stops(NEWS, id)[0],
            (2_100_000, "STOP_REASON_TIMEOUT", "TIMEOUT"),
            "job {id}"
        );
        assert!(r.stops(NEWS, id).iter().all(|s| s.1 != APP_STANDBY));
    }
}

#[test]
fn a_restricted_job_running_within_quota_stops_for_quota_not_app_standby() {
    // Job 1 needs 12 min: it runs within quota with its maximum bounded by the 10 min of
    // RESTRICTED quota (charging is no exemption there): 1,000 + 600,000 = 601,000. What
    // flipped is quota, not a dynamic constraint.
    let mut sc = load(RESTRICTED);
    sc.jobs[0].behavior.work.cpu_ms = 720_000;
    let r = run_scenario(&sc);
    assert_eq!(
        r.stops(NEWS, 1)[0],
        (601_000, "STOP_REASON_QUOTA", NOT_SATISFIED)
    );
}

#[test]
fn an_expedited_job_passes_the_quota_gate_with_its_guarantee_capped_at_5_minutes() {
    // Job 5 (EJ) starts when scheduled although the app is out of regular quota and not idle;
    // default guarantee 3 min, maximum min(10 min, 5 min of RESTRICTED EJ quota).
    let r = run(RESTRICTED);
    assert_eq!(r.starts(NEWS, 5), vec![300_000]);
    assert_eq!(r.limits(NEWS, 5), vec![(180_000, 300_000)]);
    assert_eq!(r.completed(NEWS, 5), Some((360_007, "finished")));
    // runtime_min_ej_guarantee_ms = 8 min: capped at 5 min in RESTRICTED
    // (restricted_ej_guarantee_cap_ms), so the maximum max(5 min quota, 5 min) = 300,000.
    let mut sc = load(RESTRICTED);
    sc.policy.tunables.runtime_min_ej_guarantee_ms = 480_000;
    let r = run_scenario(&sc);
    assert_eq!(r.limits(NEWS, 5), vec![(300_000, 300_000)]);
    // In RARE the 8 min guarantee stands; the maximum is raised to it: max(10 min, 8 min).
    sc.apps[0].bucket = StandbyBucket::Rare;
    let r = run_scenario(&sc);
    assert_eq!(r.limits(NEWS, 5), vec![(480_000, 600_000)]);
}

// ---- PrefetchController (§3 table, §12; updateConstraintLocked, willBeLaunchedSoonLocked) ---

const PREFETCH: &str = "scenarios/regular/prefetch-launch-estimate.yaml";
const FEED: &str = "com.example.feed";
const LAUNCH_CHANGED: &str = "STOP_REASON_ESTIMATED_APP_LAUNCH_TIME_CHANGED";
const P_PREFETCH: &str = "PENDING_JOB_REASON_CONSTRAINT_PREFETCH";

#[test]
fn prefetch_runs_within_threshold_minus_allowance_and_stops_when_the_estimate_moves_out() {
    let r = run(PREFETCH);
    // Estimate 1,860,000. Soon iff estimate <= now + 3,600,000 - 1,800,000:
    // at 59,000: 1,860,000 > 1,859,000 -> waits; at 60,000: 1,860,000 <= 1,860,000 -> runs.
    assert_eq!(r.pending(FEED, 1)[0], (59_000, vec![P_PREFETCH]));
    assert_eq!(r.starts(FEED, 2), vec![60_000]);
    // Nothing re-evaluates job 1 as time passes: it starts only with the new estimate
    // (300,000 + 1,200,000 = 1,500,000 <= 300,000 + 1,800,000).
    assert_eq!(r.starts(FEED, 1), vec![300_000]);
    // New estimate 480,000 + 10,800,000 = 11,280,000 > 480,000 + 1,800,000: both running jobs
    // lose the constraint.
    for id in [1, 2] {
        assert_eq!(
            r.stops(FEED, id),
            vec![(480_000, LAUNCH_CHANGED, NOT_SATISFIED)],
            "job {id}"
        );
        assert_eq!(
            r.pending(FEED, id).last(),
            Some(&(480_002, vec![P_PREFETCH]))
        );
    }
    // The threshold alarm at 11,280,000 - 3,600,000 = 7,680,000 finds the launch 60 min away,
    // more than the 30 min allowed: nothing starts again before the end (9,000,000).
    assert_eq!(r.starts(FEED, 1).len(), 1);
    assert_eq!(r.starts(FEED, 2).len(), 1);
}

#[test]
fn without_the_allowance_the_threshold_alarm_starts_the_jobs() {
    // pc_launch_time_allowance_ms = 0: soon iff within 60 min, so job 1 runs when scheduled
    // (1,860,000 <= 59,000 + 3,600,000), and the alarm at 7,680,000 finds the launch exactly
    // 60 min away: both restart then.
    let mut sc = load(PREFETCH);
    sc.policy.tunables.pc_launch_time_allowance_ms = 0;
    let r = run_scenario(&sc);
    assert_eq!(r.starts(FEED, 1), vec![59_000, 7_680_000]);
    assert_eq!(r.starts(FEED, 2), vec![60_000, 7_680_000]);
    assert_eq!(
        r.stops(FEED, 1)[0],
        (480_000, LAUNCH_CHANGED, NOT_SATISFIED)
    );
}

#[test]
fn a_top_app_keeps_its_running_prefetch_jobs_but_holds_waiting_ones() {
    // The app is on top from 0:00:30 to 0:06:00: a waiting prefetch job of a top app is held
    // whatever the estimate, so job 2 (scheduled at 60,000, launch exactly 30 min away) waits
    // too, and the 0:05:00 estimate (1,500,000) starts nothing. Leaving the top state
    // re-evaluates them: the launch is soon, both start at 360,000.
    let mut sc = load(PREFETCH);
    sc.timeline.insert(
        0,
        sim_core::scenario::TimedAction {
            at: sim_core::time::SimTime::from_millis(30_000),
            action: Action::Foreground(Some(0)),
        },
    );
    sc.timeline.push(sim_core::scenario::TimedAction {
        at: sim_core::time::SimTime::from_millis(360_000),
        action: Action::Foreground(None),
    });
    sc.timeline.sort_by_key(|t| t.at);
    let r = run_scenario(&sc);
    assert_eq!(r.pending(FEED, 2)[0], (60_000, vec![P_PREFETCH]));
    assert_eq!(r.starts(FEED, 1), vec![360_000]);
    assert_eq!(r.starts(FEED, 2), vec![360_000]);
    // With the app on top again at 0:07:00, the 0:08:00 change does not stop the running jobs.
    let mut sc2 = sc.clone();
    sc2.timeline.push(sim_core::scenario::TimedAction {
        at: sim_core::time::SimTime::from_millis(420_000),
        action: Action::Foreground(Some(0)),
    });
    sc2.timeline.sort_by_key(|t| t.at);
    let r = run_scenario(&sc2);
    assert!(r.stops(FEED, 1).iter().all(|s| s.1 != LAUNCH_CHANGED));
    assert!(r.stops(FEED, 2).iter().all(|s| s.1 != LAUNCH_CHANGED));
}
