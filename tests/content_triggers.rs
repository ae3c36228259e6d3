//! Content-trigger jobs (issue 4; reference §1.2, §3.5; ContentObserverController): exact times
//! in ms with both sides of each boundary. Default callbacks: bind 5 ms, onStartJob 2 ms, cold
//! start +250 ms, so a job started at T executes at T+257 (cold) or T+7 (process alive).

mod common;

use common::{run, run_scenario, Run};
use sim_core::model::Record;
use sim_core::scenario::parse_scenario;

const APP: &str = "com.example.gallery";
const PHOTOS: &str = "content://media/external/images/media";
const CONTENT_TRIGGER: &str = "PENDING_JOB_REASON_CONSTRAINT_CONTENT_TRIGGER";

/// Runs an inline scenario: one app, the given `jobs:` and `timeline:` entries.
fn inline(jobs: &str, timeline: &str) -> Run {
    let src = format!(
        "name: inline\nduration: 10m\napps:\n  - package: {APP}\njobs:\n{jobs}\ntimeline:\n{timeline}\n"
    );
    match parse_scenario("inline.yaml", &src) {
        Ok(sc) => run_scenario(&sc),
        Err(e) => panic!("{}", e.render(&src)),
    }
}

/// A timeline entry notifying `uri` at `ms`.
fn change(ms: u64, uri: &str) -> String {
    format!("  - {{ at: {ms}ms, content_change: \"{uri}\" }}\n")
}

const SCHEDULE_1: &str = "  - { at: 0s, schedule: { app: com.example.gallery, job: 1 } }\n";

/// Job 1 observing the photos table with descendants; `extra` adds JobInfo fields.
fn photo_job(extra: &str) -> String {
    format!(
        "  - {{ app: {APP}, id: 1, work: {{ cpu: 5s }}, trigger_content_uris: [{{ uri: \"{PHOTOS}\", descendants: true }}]{extra} }}"
    )
}

/// A start: (time, triggered URIs, triggered authorities).
type Start = (u64, Option<Vec<String>>, Option<Vec<String>>);

/// Each start of a job with what it was told had changed.
fn triggered(r: &Run, id: i32) -> Vec<Start> {
    r.of_job(APP, id)
        .filter_map(|(t, rec)| match rec {
            Record::JobStarted {
                triggered_content_uris,
                triggered_content_authorities,
                ..
            } => Some((
                t,
                triggered_content_uris.clone(),
                triggered_content_authorities.clone(),
            )),
            _ => None,
        })
        .collect()
}

/// The jobs each `content_changed` record reached: (time, job ids).
fn reached(r: &Run) -> Vec<(u64, Vec<i32>)> {
    r.records
        .iter()
        .filter_map(|s| match &s.record {
            Record::ContentChanged { jobs, .. } => {
                Some((s.t_ms.as_millis(), jobs.iter().map(|j| j.job).collect()))
            }
            _ => None,
        })
        .collect()
}

fn uris(v: &[&str]) -> Option<Vec<String>> {
    Some(v.iter().map(|u| format!("{PHOTOS}{u}")).collect())
}

/// `scenarios/regular/content-trigger-batching.yaml`: pending reason 7 until a change; two
/// photo changes 9,999 ms apart run job 1 once, 10 s after the second; the observer tree decides
/// which jobs a change reaches (descendants flag on and off, an ancestor notified).
#[test]
fn changes_batch_within_the_update_delay_and_reach_only_matching_observers() {
    let r = run("scenarios/regular/content-trigger-batching.yaml");
    for id in 1..=3 {
        assert_eq!(r.pending(APP, id), vec![(1_000, vec![CONTENT_TRIGGER])]);
    }
    // /101 and /102 reach job 1 only (job 2 has no descendants flag, job 3 observes videos);
    // the table URI reaches job 2 (its own URI), not job 3; the volume URI reaches job 3 (an
    // ancestor of its URI: every observer below the changed URI is notified).
    assert_eq!(
        reached(&r),
        vec![
            (10_000, vec![1]),
            (19_999, vec![1]),
            (40_000, vec![2]),
            (60_000, vec![3])
        ]
    );
    // 19,999 + 10,000 = 29,999 (the 10,000 + 10,000 trigger was pushed); cold start +257.
    assert_eq!(
        triggered(&r, 1),
        vec![(
            29_999,
            uris(&["/101", "/102"]),
            Some(vec!["media".to_string()])
        )]
    );
    assert_eq!(r.executing(APP, 1), vec![30_256]);
    // Not periodic: it leaves the store after its 5 s of work (30,256 + 5,000).
    assert_eq!(r.completed(APP, 1), Some((35_256, "finished")));
    // 40,000 + 10,000 and 60,000 + 10,000.
    assert_eq!(r.starts(APP, 2), vec![50_000]);
    assert_eq!(r.starts(APP, 3), vec![70_000]);
    assert!(
        r.stops(APP, 1).is_empty(),
        "content trigger is never a stop reason"
    );
}

/// Both sides of the update delay: a second change 1 ms before the trigger pushes it to 10 s
/// after the second change; a change 1 ms after it reaches the running job and is lost when
/// that job finishes (no replacement takes it over).
#[test]
fn a_change_just_before_the_update_delay_ends_pushes_it_and_just_after_does_not() {
    let jobs = photo_job("");
    let before = inline(
        &jobs,
        &format!(
            "{SCHEDULE_1}{}{}",
            change(1_000, &format!("{PHOTOS}/1")),
            change(10_999, &format!("{PHOTOS}/2"))
        ),
    );
    // 10,999 + 10,000 = 20,999.
    assert_eq!(before.starts(APP, 1), vec![20_999]);
    assert_eq!(triggered(&before, 1)[0].1, uris(&["/1", "/2"]));
    let after = inline(
        &jobs,
        &format!(
            "{SCHEDULE_1}{}{}",
            change(1_000, &format!("{PHOTOS}/1")),
            change(11_001, &format!("{PHOTOS}/2"))
        ),
    );
    // 1,000 + 10,000 = 11,000: started before the second change, with /1 only.
    assert_eq!(after.starts(APP, 1), vec![11_000]);
    assert_eq!(triggered(&after, 1)[0].1, uris(&["/1"]));
    assert_eq!(reached(&after), vec![(1_000, vec![1]), (11_001, vec![1])]);
    assert_eq!(after.completed(APP, 1), Some((16_257, "finished")));
}

/// Both sides of the maximum delay: changes every 9 s (each within the 10 s update delay) run
/// the job at first change + max delay when that comes first, and at last change + update delay
/// otherwise.
#[test]
fn the_max_delay_caps_the_wait_from_the_first_change() {
    let timeline = |max_ms: u64| {
        let mut t = SCHEDULE_1.to_string();
        for (i, ms) in [1_000u64, 10_000, 19_000, 28_000].iter().enumerate() {
            t += &change(*ms, &format!("{PHOTOS}/{i}"));
        }
        (
            photo_job(&format!(", trigger_content_max_delay: {max_ms}ms")),
            t,
        )
    };
    // Max 30 s: 1,000 + 30,000 = 31,000 < 28,000 + 10,000.
    let (j, t) = timeline(30_000);
    assert_eq!(inline(&j, &t).starts(APP, 1), vec![31_000]);
    // Max 37,001 ms: 1,000 + 37,001 = 38,001 > 38,000, so the update delay wins.
    let (j, t) = timeline(37_001);
    assert_eq!(inline(&j, &t).starts(APP, 1), vec![38_000]);
    // Max 36,999 ms: 37,999, one ms before the update delay would end.
    let (j, t) = timeline(36_999);
    assert_eq!(inline(&j, &t).starts(APP, 1), vec![37_999]);
}

/// `scenarios/regular/content-trigger-max-delay.yaml`: changes every 7 s never let the 10 s
/// update delay run out; the 1 min maximum runs the job at 12 s + 60 s. With `schedule_again`
/// each run's replacement inherits the changes seen during the run and starts at once.
#[test]
fn max_delay_forces_a_run_and_changes_during_a_run_go_to_the_replacement() {
    let r = run("scenarios/regular/content-trigger-max-delay.yaml");
    let t = triggered(&r, 1);
    let starts: Vec<u64> = t.iter().map(|s| s.0).collect();
    // 72,000; then each run ends 20 s after executing (+257 cold, then +7 with the process
    // alive): 92,257, 112,264, 132,271, 152,278.
    assert_eq!(starts, vec![72_000, 92_257, 112_264, 132_271, 152_278]);
    let n = |i: usize| t[i].1.as_ref().map_or(0, Vec::len);
    // Changes at 12 + 7k s: k = 0..=8 before 72 s; 3 in each 20 s run.
    assert_eq!((n(0), n(1), n(2), n(3), n(4)), (9, 3, 3, 3, 3));
    assert_eq!(t[1].1, uris(&["/10", "/11", "/12"]));
    // Every replacement stops the running copy with CANCELLED_BY_APP / CANCELED.
    let stops = r.stops(APP, 1);
    assert_eq!(stops.len(), 5);
    assert!(stops
        .iter()
        .all(|s| (s.1, s.2) == ("STOP_REASON_CANCELLED_BY_APP", "CANCELED")));
    // The last replacement (172,285) has nothing pending: it waits for a change.
    assert_eq!(
        r.pending(APP, 1).last(),
        Some(&(172_285, vec![CONTENT_TRIGGER]))
    );
}

/// A URI outside the observed tree does nothing; without the descendants flag a child URI does
/// nothing either, while the observed URI itself triggers.
#[test]
fn non_matching_uris_do_nothing_and_the_descendants_flag_decides_for_children() {
    let jobs = format!(
        "{}\n  - {{ app: {APP}, id: 2, work: {{ cpu: 1s }}, trigger_content_uris: [{{ uri: \"{PHOTOS}\" }}] }}",
        photo_job("")
    );
    let r = inline(
        &jobs,
        &format!(
            "{SCHEDULE_1}  - {{ at: 0s, schedule: {{ app: {APP}, job: 2 }} }}\n{}{}{}",
            change(1_000, "content://media/external/video/media/5"),
            change(2_000, "content://contacts/people/5"),
            change(3_000, &format!("{PHOTOS}/7")),
        ),
    );
    assert_eq!(
        reached(&r),
        vec![(1_000, vec![]), (2_000, vec![]), (3_000, vec![1])]
    );
    assert_eq!(r.starts(APP, 1), vec![13_000]);
    assert!(r.starts(APP, 2).is_empty());
    assert_eq!(r.pending(APP, 2), vec![(0, vec![CONTENT_TRIGGER])]);
}

/// `URIS_URGENT_THRESHOLD` (40): the 40th distinct changed URI runs the job at once; 39 wait for
/// the update delay. `MAX_URIS_REPORTED` (50): only the first 50 URIs are reported.
#[test]
fn forty_uris_trigger_at_once_and_fifty_are_reported() {
    let burst = |n: u64| {
        let mut t = SCHEDULE_1.to_string();
        for i in 0..n {
            t += &change(1_000 + i, &format!("{PHOTOS}/{i}"));
        }
        inline(&photo_job(""), &t)
    };
    // 39 URIs, the last at 1,038: 1,038 + 10,000.
    assert_eq!(burst(39).starts(APP, 1), vec![11_038]);
    // The 40th at 1,039 fires the trigger at once.
    let r = burst(40);
    assert_eq!(r.starts(APP, 1), vec![1_039]);
    assert_eq!(triggered(&r, 1)[0].1.as_ref().map(Vec::len), Some(40));
    // A 1 s minimum latency holds the job until 1,000 although 60 URIs (500..=559 ms) fire the
    // trigger at the 40th (539): all 60 have arrived by the start, and 50 are reported.
    let mut t = SCHEDULE_1.to_string();
    let job = photo_job(", delay: 1s");
    for i in 0..60u64 {
        t += &change(500 + i, &format!("{PHOTOS}/{i}"));
    }
    let r = inline(&job, &t);
    assert_eq!(r.starts(APP, 1), vec![1_000]);
    assert_eq!(triggered(&r, 1)[0].1.as_ref().map(Vec::len), Some(50));
}

/// An expired deadline overrides the content trigger like any functional constraint
/// (`JobStatus.isReady`); nothing is reported (getTriggeredContentUris() is null).
#[test]
fn a_deadline_runs_the_job_without_a_change() {
    let r = inline(&photo_job(", deadline: 1m"), SCHEDULE_1);
    assert_eq!(triggered(&r, 1), vec![(60_000, None, None)]);
}

/// `rescheduleForFailureLocked`: a failed run's URIs are reported again to the rescheduled job,
/// which is satisfied at once and waits only for its backoff (30 s).
#[test]
fn a_failed_run_reports_its_uris_again_after_backoff() {
    let r = inline(
        &photo_job(", failure_rate: 1.0"),
        &format!("{SCHEDULE_1}{}", change(1_000, &format!("{PHOTOS}/1"))),
    );
    let t = triggered(&r, 1);
    // 11,000 (cold, +257, 5 s of work: fails at 16,257); + 30,000 backoff = 46,257.
    assert_eq!(t[0], (11_000, uris(&["/1"]), Some(vec!["media".into()])));
    assert_eq!(t[1], (46_257, uris(&["/1"]), Some(vec!["media".into()])));
}

/// `scenarios/regular/content-trigger-builder-rejections.yaml`: periodic, persisted, expedited
/// and user-initiated jobs with trigger URIs throw IllegalArgumentException; a regular job's
/// delays are clamped to 500 ms and 1 s.
#[test]
fn builder_rejects_content_triggers_on_periodic_persisted_expedited_and_uij() {
    let r = run("scenarios/regular/content-trigger-builder-rejections.yaml");
    let messages: Vec<(u64, String)> = (1..=4)
        .flat_map(|id| {
            r.of_job("com.example.notes", id)
                .filter_map(|(t, rec)| match rec {
                    Record::JobScheduled {
                        result: "IllegalArgumentException",
                        message: Some(m),
                        ..
                    } => Some((t, m.clone())),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        messages,
        vec![
            (
                1_000,
                "a periodic job cannot have trigger content URIs".into()
            ),
            (
                2_000,
                "a persisted job cannot have trigger content URIs".into()
            ),
            (
                3_000,
                "an expedited job cannot have trigger content URIs".into()
            ),
            (
                4_000,
                "a user-initiated job cannot have trigger content URIs".into()
            ),
        ]
    );
    for id in 1..=4 {
        assert!(r.starts("com.example.notes", id).is_empty());
    }
    // 10,000 + max(0, 500) = 10,500 (max delay clamped to 1 s: 11,000 comes later).
    assert_eq!(
        r.schedule_results("com.example.notes", 5),
        vec![(5_000, "RESULT_SUCCESS")]
    );
    assert_eq!(r.starts("com.example.notes", 5), vec![10_500]);
    assert_eq!(r.executing("com.example.notes", 5), vec![10_507]);
}
