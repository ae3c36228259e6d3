//! Data Saver (reference §3.1 step 3 and the blocked-reason bypass list, checklist 17) and the
//! temporary power-save allowlist (§8 EJ quota grace, §9 battery saver and background
//! restriction, checklist 36). Each test runs a scenario of `scenarios/` whose description
//! states the rule, and pins exact times and reasons on both sides of each boundary, often with
//! a counterfactual copy of the scenario. Times are in ms. Default callbacks: bind 5 ms,
//! onStartJob 2 ms, onStopJob 2 ms, cold start +250 ms, so a job started at T executes at T+7
//! (process alive) or T+257.

mod common;

use common::{load, run, run_scenario, Run};
use sim_core::model::Record;
use sim_core::scenario::Action;
use sim_core::time::SimDuration;

const CONNECTIVITY: &str = "STOP_REASON_CONSTRAINT_CONNECTIVITY";
const DEVICE_STATE: &str = "STOP_REASON_DEVICE_STATE";
const BACKGROUND_RESTRICTION: &str = "STOP_REASON_BACKGROUND_RESTRICTION";
const NOT_SATISFIED: &str = "CONSTRAINTS_NOT_SATISFIED";
const PENDING_CONNECTIVITY: &str = "PENDING_JOB_REASON_CONSTRAINT_CONNECTIVITY";
const PENDING_DEVICE_STATE: &str = "PENDING_JOB_REASON_DEVICE_STATE";
const PENDING_BACKGROUND: &str = "PENDING_JOB_REASON_BACKGROUND_RESTRICTION";

const DATA_SAVER: &str = "scenarios/network/data-saver-blocks-background-metered.yaml";
const TEMP_ALLOWLIST: &str = "scenarios/quota/ej-temp-allowlist-grace.yaml";

const FEED: &str = "com.example.feed";
const MUSIC: &str = "com.example.music";
const PHOTOS: &str = "com.example.photos";
const CHAT: &str = "com.example.chat";
const NEWS: &str = "com.example.news";

/// `expedited` (treated as EJ) of each start of a job.
fn started_expedited(r: &Run, app: &str, id: i32) -> Vec<bool> {
    r.of_job(app, id)
        .filter_map(|(_, rec)| match rec {
            Record::JobStarted { expedited, .. } => Some(*expedited),
            _ => None,
        })
        .collect()
}

fn app_index(sc: &sim_core::scenario::Scenario, package: &str) -> usize {
    sc.apps.iter().position(|a| a.package == package).unwrap()
}

// ---- Data Saver (§3.1 step 3, checklist 17) -------------------------------------------------

#[test]
fn data_saver_stops_a_background_job_on_metered_data_and_holds_its_ej() {
    let r = run(DATA_SAVER);
    // Started on cellular at 1,000 with Data Saver off; Data Saver on at 60,000 takes the
    // metered network away: CONSTRAINT_CONNECTIVITY at once, then it waits for connectivity.
    assert_eq!(
        r.stops(FEED, 1),
        vec![
            (60_000, CONNECTIVITY, NOT_SATISFIED),
            // Back on cellular at 480,000 with Data Saver still on.
            (480_000, CONNECTIVITY, NOT_SATISFIED),
        ]
    );
    assert!(r.pending_at(FEED, 1, 60_002, &[PENDING_CONNECTIVITY]));
    // The EJ gets no Data Saver bypass (UNBYPASSABLE_EJ_BLOCKED_REASONS keeps DATA_SAVER).
    assert!(r.pending_at(FEED, 2, 70_000, &[PENDING_CONNECTIVITY]));
    // Both start when Wi-Fi (unmetered) arrives at 360,000; the regular job again when Data
    // Saver turns off at 540,000 (cellular).
    assert_eq!(r.starts(FEED, 1), vec![1_000, 360_000, 540_000]);
    assert_eq!(r.starts(FEED, 2), vec![360_000]);
    // EJ: 360,000 + 7 + 10 s of CPU.
    assert_eq!(r.completed(FEED, 2), Some((370_007, "finished")));
}

#[test]
fn without_data_saver_the_same_jobs_use_metered_data() {
    let mut sc = load(DATA_SAVER);
    sc.timeline
        .retain(|a| !matches!(a.action, Action::DataSaver(_)));
    let r = run_scenario(&sc);
    // The counterfactual: no stop, and the EJ runs on cellular at once (process alive since the
    // regular job: 70,000 + 7 + 10,000).
    assert_eq!(r.stops(FEED, 1), vec![]);
    assert_eq!(r.starts(FEED, 1), vec![1_000]);
    assert_eq!(r.completed(FEED, 2), Some((80_007, "finished")));
    assert_eq!(r.stops(PHOTOS, 2), vec![]);
}

#[test]
fn data_saver_on_from_the_start_is_recorded_and_holds_the_first_run() {
    let mut sc = load(DATA_SAVER);
    sc.device.data_saver = true;
    sc.timeline
        .retain(|a| !matches!(a.action, Action::DataSaver(true)));
    let r = run_scenario(&sc);
    let first = r
        .records
        .iter()
        .find(|s| matches!(s.record, Record::DataSaver { .. }))
        .map(|s| (s.t_ms.as_millis(), s.record.clone()));
    assert!(matches!(first, Some((0, Record::DataSaver { on: true }))));
    assert!(r.pending_at(FEED, 1, 1_000, &[PENDING_CONNECTIVITY]));
    // First run on Wi-Fi at 360,000.
    assert_eq!(r.starts(FEED, 1)[0], 360_000);
}

#[test]
fn the_data_saver_allowlist_and_the_foreground_bypass_it() {
    let r = run(DATA_SAVER);
    // Allowlisted ("Unrestricted data"): runs on cellular at 80,000, cold start: 80,257 + 10 s.
    assert_eq!(r.starts(MUSIC, 1), vec![80_000]);
    assert_eq!(r.completed(MUSIC, 1), Some((90_257, "finished")));
    // TOP (proc state better than IMPORTANT_FOREGROUND): photos' regular job runs at 122,000;
    // leaving the top at 180,000 makes it a background UID: CONSTRAINT_CONNECTIVITY at once.
    assert_eq!(r.starts(PHOTOS, 2), vec![122_000, 360_000, 540_000]);
    assert_eq!(
        r.stops(PHOTOS, 2),
        vec![
            (180_000, CONNECTIVITY, NOT_SATISFIED),
            (480_000, CONNECTIVITY, NOT_SATISFIED),
        ]
    );
    assert!(r.pending_at(PHOTOS, 2, 180_002, &[PENDING_CONNECTIVITY]));

    // The other side: off the allowlist, music waits for Wi-Fi.
    let mut sc = load(DATA_SAVER);
    let music = app_index(&sc, MUSIC);
    sc.apps[music].data_saver_allowlisted = false;
    let r = run_scenario(&sc);
    assert!(r.pending_at(MUSIC, 1, 80_000, &[PENDING_CONNECTIVITY]));
    assert_eq!(r.starts(MUSIC, 1), vec![360_000]);
}

#[test]
fn a_uidt_keeps_its_metered_network_under_data_saver_in_the_background() {
    let r = run(DATA_SAVER);
    // Treated as IMPORTANT_FOREGROUND + USER_RESTRICTED_NETWORK: not stopped when its app
    // leaves the top at 180,000. 500 MB at 20 Mbps = 2,500 bytes/ms → 200,000 ms from 121,007.
    assert_eq!(r.stops(PHOTOS, 1), vec![]);
    assert_eq!(r.executing(PHOTOS, 1), vec![121_007]);
    assert_eq!(r.completed(PHOTOS, 1), Some((321_007, "finished")));
}

// ---- Temporary allowlist (§8 EJ quota grace, §9, checklist 36) --------------------------

#[test]
fn ej_quota_is_free_during_the_temp_allowlist_and_3_minutes_after_it() {
    let r = run(TEMP_ALLOWLIST);
    // Job 1 used the RARE bucket's 10 minutes of EJ quota (1,000..601,000). The entry runs
    // 900,000..910,000; the grace ends 910,000 + 180,000 = 1,090,000 (exclusive).
    assert_eq!(
        r.schedule_results(CHAT, 2),
        vec![(905_000, "RESULT_SUCCESS")]
    );
    assert_eq!(started_expedited(&r, CHAT, 2), vec![true]);
    // Just inside the grace.
    assert_eq!(
        r.schedule_results(CHAT, 3),
        vec![(1_089_999, "RESULT_SUCCESS")]
    );
    assert_eq!(started_expedited(&r, CHAT, 3), vec![true]);
    assert_eq!(r.completed(CHAT, 3), Some((1_110_006, "finished")));
    // Just past it: no EJ quota, so schedule() fails.
    assert_eq!(
        r.schedule_results(CHAT, 4),
        vec![(1_090_000, "RESULT_FAILURE")]
    );
}

#[test]
fn without_the_temp_allowlist_or_in_the_restricted_bucket_the_ejs_are_refused() {
    let mut sc = load(TEMP_ALLOWLIST);
    let chat = app_index(&sc, CHAT);
    sc.timeline
        .retain(|a| !matches!(a.action, Action::TempAllowlist { app, .. } if app == chat));
    let r = run_scenario(&sc);
    assert_eq!(
        r.schedule_results(CHAT, 2),
        vec![(905_000, "RESULT_FAILURE")]
    );
    assert_eq!(
        r.schedule_results(CHAT, 3),
        vec![(1_089_999, "RESULT_FAILURE")]
    );

    // RESTRICTED apps get no free EJ quota from the temp allowlist
    // (hasTempAllowlistExemptionLocked); job 1 used its 5 minutes.
    let mut sc = load(TEMP_ALLOWLIST);
    sc.apps[chat].bucket = sim_core::app::StandbyBucket::Restricted;
    let r = run_scenario(&sc);
    assert_eq!(
        r.schedule_results(CHAT, 2),
        vec![(905_000, "RESULT_FAILURE")]
    );

    // A shorter grace tunable moves the boundary: 10 s after the entry ends, 920,000.
    let mut sc = load(TEMP_ALLOWLIST);
    sc.policy.tunables.qc_ej_grace_period_temp_allowlist_ms = 10_000;
    let r = run_scenario(&sc);
    assert_eq!(
        r.schedule_results(CHAT, 2),
        vec![(905_000, "RESULT_SUCCESS")]
    );
    assert_eq!(
        r.schedule_results(CHAT, 3),
        vec![(1_089_999, "RESULT_FAILURE")]
    );
}

#[test]
fn the_temp_allowlist_lifts_battery_saver_only_while_it_lasts() {
    let r = run(TEMP_ALLOWLIST);
    // Battery saver from 720,000: news's regular job waits.
    assert!(r.pending_at(NEWS, 1, 750_000, &[PENDING_DEVICE_STATE]));
    // Allowlisted 900,000..960,000: runs, then is stopped when the entry ends; runs again when
    // battery saver turns off at 1,020,000.
    assert_eq!(r.starts(NEWS, 1), vec![900_000, 1_020_000]);
    assert_eq!(
        r.stops(NEWS, 1),
        vec![(960_000, DEVICE_STATE, NOT_SATISFIED)]
    );
    assert!(r.pending_at(NEWS, 1, 960_002, &[PENDING_DEVICE_STATE]));
    // 3 min of CPU with a checkpoint: 60,000 − 257 done in the first run, 120,257 left:
    // 1,020,007 + 120,257 = 1,140,264.
    assert_eq!(r.completed(NEWS, 1), Some((1_140_264, "finished")));
}

#[test]
fn the_temp_allowlist_lifts_a_background_restriction_and_is_capped_at_5_minutes() {
    // AppStateTracker.areJobsRestricted checks the temp allowlist before RUN_ANY_IN_BACKGROUND.
    let mut sc = load(TEMP_ALLOWLIST);
    let news = app_index(&sc, NEWS);
    sc.apps[news].background_restricted = true;
    sc.timeline
        .retain(|a| !matches!(a.action, Action::BatterySaver(_)));
    let r = run_scenario(&sc);
    assert!(r.pending_at(NEWS, 1, 750_000, &[PENDING_BACKGROUND]));
    assert_eq!(r.starts(NEWS, 1), vec![900_000]);
    assert_eq!(
        r.stops(NEWS, 1),
        vec![(960_000, BACKGROUND_RESTRICTION, NOT_SATISFIED)]
    );

    // A 10-minute grant is cut to max_temp_app_allowlist_duration_ms (5 min): the job (3 min of
    // CPU, 900,257 + 180,000 = 1,080,257) now finishes inside the entry.
    for a in sc.timeline.iter_mut() {
        if let Action::TempAllowlist { app, duration } = &mut a.action {
            if *app == news {
                *duration = SimDuration::from_mins(10);
            }
        }
    }
    let r = run_scenario(&sc);
    assert_eq!(r.stops(NEWS, 1), vec![]);
    assert_eq!(r.completed(NEWS, 1), Some((1_080_257, "finished")));
    // With 20 min of CPU it is stopped at the cap: 900,000 + 300,000.
    let mut sc2 = sc.clone();
    let spec = sc2
        .jobs
        .iter_mut()
        .find(|j| j.app == news && j.info.id == 1)
        .unwrap();
    spec.behavior.work.cpu_ms = 20 * 60_000;
    let r = run_scenario(&sc2);
    assert_eq!(
        r.stops(NEWS, 1),
        vec![(1_200_000, BACKGROUND_RESTRICTION, NOT_SATISFIED)]
    );
}
