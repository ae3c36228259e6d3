//! FlexibilityController (reference §3.6, checklist 44): off by default, as on the platform
//! (`fc_applied_constraints` = 0); switched on, a regular job waits until enough preferred
//! conditions hold, and the number required drops at per-priority percents of its lifecycle.
//! Times in ms; a job started at T executes at T+257 after a cold start, T+7 with its process
//! cached.

mod common;

use common::{load, run, run_scenario, Run};
use sim_core::model::Record;
use sim_core::scenario::{parse_scenario, Scenario};

const OPTIMIZATION: &str = "PENDING_JOB_REASON_JOB_SCHEDULER_OPTIMIZATION";
const SCENARIO: &str = "scenarios/regular/flexibility-enabled.yaml";

fn pending(r: &Run, app: &str, id: i32) -> Vec<(u64, Vec<&'static str>)> {
    r.of_job(app, id)
        .filter_map(|(t, rec)| match rec {
            Record::JobPending { reasons, .. } => Some((t, reasons.to_vec())),
            _ => None,
        })
        .collect()
}

fn inline(src: &str) -> Scenario {
    parse_scenario("inline.yaml", src).unwrap_or_else(|e| panic!("{}", e.render(src)))
}

/// One DEFAULT regular job scheduled at 1 s, with `policy` and `device` lines spliced in.
fn one_job(policy: &str, device: &str, job: &str) -> Scenario {
    inline(&format!(
        "name: flex\nseed: 1\nduration: 13h\npolicy: {{ {policy} }}\ndevice: {{ {device} }}\n\
         apps:\n  - package: com.example.a\n\
         jobs:\n  - {{ app: com.example.a, id: 1, {job} work: {{ cpu: 1m }} }}\n\
         timeline:\n  - {{ at: 1s, schedule: {{ app: com.example.a, job: 1 }} }}\n"
    ))
}

#[test]
fn off_by_default_the_same_jobs_run_at_once() {
    let mut sc = load(SCENARIO);
    sc.policy.tunables.fc_applied_constraints = 0;
    let r = run_scenario(&sc);
    assert_eq!(r.starts("com.example.sync", 1), vec![1_000]);
    assert_eq!(r.starts("com.example.backup", 1), vec![28_800_000]);
    assert!(pending(&r, "com.example.sync", 1).is_empty());
    assert_eq!(
        sim_core::policy::Tunables::default().fc_applied_constraints,
        0
    );
}

#[test]
fn switched_on_a_default_job_waits_for_its_drops_and_an_ej_does_not() {
    let r = run(SCENARIO);
    // The EJ is never flexible.
    assert_eq!(r.starts("com.example.sync", 2), vec![1_000]);
    assert_eq!(
        pending(&r, "com.example.sync", 1),
        vec![(1_000, vec![OPTIMIZATION])]
    );
    // Lifecycle 1,000 + 12 h + 2 min x score 5 (the EJ's start, PRIORITY_MAX) = 43,801,000;
    // 60 % of 43,800,000 = 26,280,000: one constraint left, battery-not-low holds.
    assert_eq!(r.starts("com.example.sync", 1), vec![1_000 + 26_280_000]);
    // Charging and battery-not-low at 8:00:00, idle 31 min later: 3 of 3.
    assert_eq!(
        r.starts("com.example.backup", 1),
        vec![28_800_000 + 1_860_000]
    );
}

#[test]
fn with_nothing_satisfied_all_three_drop_at_70_percent() {
    // 10 % unplugged is low: none of charging, battery-not-low, idle holds. Score 0: lifecycle
    // 12 h from 1,000; 70 % = 30,240,000 drops the third of the three applied constraints.
    let sc = one_job(
        "fc_applied_constraints: 7",
        "battery: { level: 10%, capacity: 1000000mAh }",
        "",
    );
    let r = run_scenario(&sc);
    assert_eq!(r.starts("com.example.a", 1), vec![1_000 + 30_240_000]);
    // One constraint fewer applied (idle off): the second drop (60 %) already frees it.
    let sc = one_job(
        "fc_applied_constraints: 3",
        "battery: { level: 10%, capacity: 1000000mAh }",
        "",
    );
    assert_eq!(
        run_scenario(&sc).starts("com.example.a", 1),
        vec![1_000 + 25_920_000]
    );
}

#[test]
fn the_last_drop_comes_within_the_proximity_limit_and_alarms_keep_a_minute_apart() {
    // Percents 50, 60, 99, 100: after the 60 % drop the next (99 %, 432 s before the end) is
    // within 15 min of the end, so the alarm is set at end - 15 min = 1,000 + 43,200,000 -
    // 900,000 = 42,301,000. There the job is at 97 %: nothing drops, and the end is exactly
    // 15 min away (not nearer), so the alarm is set again for the same time, which the alarm
    // queue delays by fc_min_time_between_flexibility_alarms_ms: at 42,361,000 the end is
    // 840,000 ms away, within the limit: every constraint is dropped.
    let sc = one_job(
        "fc_applied_constraints: 7, fc_percents_to_drop_flexible_constraints_default_3: 99, \
         fc_percents_to_drop_flexible_constraints_default_4: 100",
        "battery: { level: 10%, capacity: 1000000mAh }",
        "",
    );
    assert_eq!(
        run_scenario(&sc).starts("com.example.a", 1),
        vec![42_361_000]
    );
}

#[test]
fn a_network_job_also_waits_for_an_unmetered_transport_when_that_bit_is_applied() {
    // 268435456 | 7: four applied for a job with `network: any`. On cellular (avoided
    // transport) with a low battery nothing holds: all four drop at 80 % = 34,560,000.
    let sc = one_job(
        "fc_applied_constraints: 268435463",
        "battery: { level: 10%, capacity: 1000000mAh }, network: cellular",
        "network: any,",
    );
    assert_eq!(
        run_scenario(&sc).starts("com.example.a", 1),
        vec![1_000 + 34_560_000]
    );
    // On Wi-Fi the transport affinity holds: 1 of 4, free at the third drop (70 %).
    let sc = one_job(
        "fc_applied_constraints: 268435463",
        "battery: { level: 10%, capacity: 1000000mAh }, network: wifi",
        "network: any,",
    );
    assert_eq!(
        run_scenario(&sc).starts("com.example.a", 1),
        vec![1_000 + 30_240_000]
    );
}

#[test]
fn an_own_deadline_overrides_the_flexible_constraint() {
    let sc = one_job(
        "fc_applied_constraints: 7",
        "battery: { level: 10%, capacity: 1000000mAh }",
        "deadline: 1h,",
    );
    let r = run_scenario(&sc);
    // Blocked until its deadline at 1,000 + 3,600,000, then it runs.
    assert_eq!(r.starts("com.example.a", 1), vec![3_601_000]);
}

#[test]
fn charging_and_idle_free_a_job_early_and_never_stop_it() {
    // Plugged with the screen off from the start: charging and battery-not-low hold, idle at
    // 31 min (1,860,000). The job starts then; the screen turning on at 40 min does not stop
    // it (flexibility is never a stop reason), so it finishes 1 min after it executes.
    let sc = inline(
        "name: flex\nseed: 1\nduration: 2h\npolicy: { fc_applied_constraints: 7 }\n\
         device: { plugged: ac }\napps:\n  - package: com.example.a\n\
         jobs:\n  - { app: com.example.a, id: 1, work: { cpu: 20m } }\n\
         timeline:\n  - { at: 0s, screen: off }\n  - { at: 1s, schedule: { app: com.example.a, job: 1 } }\n  - { at: 40m, screen: on }\n",
    );
    let r = run_scenario(&sc);
    assert_eq!(r.starts("com.example.a", 1), vec![1_860_000]);
    assert!(r.stops("com.example.a", 1).is_empty());
    // Held from scheduling until idle (a single pending record, the reason never changed).
    assert_eq!(
        pending(&r, "com.example.a", 1),
        vec![(1_000, vec![OPTIMIZATION])]
    );
}

// ---- §6.4: force batching (switchable, off by default) ----------------------------------------

#[test]
fn force_batching_holds_non_active_jobs_for_five_or_31_minutes() {
    let path = "scenarios/regular/force-batching.yaml";
    let r = run(path);
    // Four WORKING_SET jobs ready at 1,000 are held (4 < 5) until the fifth is ready at 600,000.
    for id in 1..=5 {
        assert_eq!(r.starts("com.example.sync", id), vec![600_000], "sync/{id}");
    }
    // A lone FREQUENT job held at 660,000 waits out the 31 min: 660,000 + 1,860,000.
    assert_eq!(r.starts("com.example.news", 1), vec![2_520_000]);

    // Off (the model's default): every job starts when it is scheduled.
    let mut sc = load(path);
    sc.policy.flags.force_batching = false;
    let r = run_scenario(&sc);
    assert_eq!(r.starts("com.example.sync", 1), vec![1_000]);
    assert_eq!(r.starts("com.example.news", 1), vec![660_000]);

    // A batch of four is enough when the threshold is 4 (min_ready_non_active_jobs_count).
    let mut sc = load(path);
    sc.policy.tunables.min_ready_non_active_jobs_count = 4;
    let r = run_scenario(&sc);
    assert_eq!(r.starts("com.example.sync", 1), vec![1_000]);
    // An ACTIVE app's job is never held, and releases the held ones with it.
    let mut sc = load(path);
    sc.apps[0].bucket = sim_core::app::StandbyBucket::Active;
    let r = run_scenario(&sc);
    assert_eq!(r.starts("com.example.sync", 1), vec![1_000]);
}
