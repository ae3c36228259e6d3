//! The same transfer done three ways: a user-initiated job, a dataSync foreground service, or
//! through WorkManager (chunked regular work; expedited work with its quota fallback).

mod common;

use common::run;
use sim_core::model::Record;

#[test]
fn a_foreground_service_stalls_without_network_instead_of_stopping() {
    let r = run("scenarios/strategies/upload-as-foreground-service.yaml");
    let app = "com.example.photos";
    assert_eq!(r.schedule_results(app, 1), vec![(1_000, "RESULT_SUCCESS")]);
    assert!(
        r.stops(app, 1).is_empty(),
        "nothing stops a foreground service for a lost network"
    );
    // Wi-Fi up 5 Mbps = 625 B/ms from 1,000 to 1,200,000: 749,375,000 B. Stalled 20-25 min.
    // Cellular 1 Mbps = 125 B/ms for the other 1,398,108,648 B: 11,184,870 ms (rounded up).
    assert_eq!(
        r.completed(app, 1),
        Some((1_500_000 + 11_184_870, "finished"))
    );
    let proc_fgs = r.records.iter().any(|s| {
        matches!(&s.record, Record::ProcState { app: a, state, .. } if &**a == app && format!("{state:?}") == "ForegroundService")
    });
    assert!(proc_fgs, "the app's process runs as a foreground service");
}

#[test]
fn foreground_services_cannot_start_from_the_background_and_stop_after_6_hours() {
    let r = run("scenarios/strategies/foreground-service-limits.yaml");
    let app = "com.example.backup";
    assert_eq!(
        r.schedule_results(app, 1),
        vec![
            (60_000, "ForegroundServiceStartNotAllowedException"),
            (120_000, "RESULT_SUCCESS")
        ]
    );
    // Started at 2 min; Android 15's dataSync limit of 6 h: onTimeout at 2 min + 6 h.
    let timeout = r
        .of_job(app, 1)
        .find_map(|(t, rec)| matches!(rec, Record::FgsTimeout { .. }).then_some(t));
    assert_eq!(timeout, Some(120_000 + 21_600_000));
    assert_eq!(r.completed(app, 1), Some((21_720_000, "timed_out")));
    // The 6 h are used up: a new start at 6 h 30 min is refused.
    assert_eq!(
        r.schedule_results(app, 2),
        vec![(23_400_000, "ForegroundServiceStartNotAllowedException")]
    );
}

#[test]
fn workmanager_chunks_a_transfer_and_falls_back_from_expedited() {
    let r = run("scenarios/strategies/workmanager-chunks.yaml");
    let gallery = "com.example.gallery";
    // 600 MB in three 200 MB runs; each 200,000,000 B at 625 B/ms = 320,000 ms.
    let starts = r.starts(gallery, 1);
    assert_eq!(starts.len(), 3);
    assert!(
        r.stops(gallery, 1).is_empty(),
        "each chunk ends well inside the guarantee"
    );
    assert_eq!(
        r.schedule_results(gallery, 1).len(),
        3,
        "WorkManager enqueues each next chunk"
    );
    // Cold start 257 ms then 320 s; the next runs bind in 7 ms each.
    assert_eq!(
        r.completed(gallery, 1),
        Some((1_000 + 257 + 320_000 + 2 * (7 + 320_000), "finished"))
    );
    // Expedited work after the RARE bucket's EJ quota is gone: refused, then regular.
    assert_eq!(
        r.schedule_results("com.example.chat", 2),
        vec![(900_000, "RESULT_FAILURE"), (900_000, "RESULT_SUCCESS")]
    );
    let kind = r
        .of_job("com.example.chat", 2)
        .find_map(|(_, rec)| match rec {
            Record::JobStarted { expedited, .. } => Some(*expedited),
            _ => None,
        });
    assert_eq!(kind, Some(false));
}

#[test]
fn a_workmanager_long_running_worker_before_api_34_is_a_foreground_service() {
    let r = run("scenarios/strategies/workmanager-long-running-before-api-34.yaml");
    let app = "com.example.drive";
    assert!(r
        .of_job(app, 1)
        .any(|(t, rec)| t == 1_000 && matches!(rec, Record::FgsStarted { .. })));
    assert!(r.starts(app, 1).is_empty(), "no job on API 33");
    // 100,000,000 B at 625 B/ms = 160,000 ms.
    assert_eq!(r.completed(app, 1), Some((161_000, "finished")));
}

#[test]
fn a_foreground_service_and_a_job_split_the_uplink_equally() {
    let r = run("scenarios/strategies/service-and-job-share-the-link.yaml");
    // Uplink 8 Mbps = 1,000 B/ms. The job executes at 10,007 ms; from then both upload at
    // 500 B/ms, so its 30,000,000 B take 60,000 ms.
    assert_eq!(r.executing("com.example.gallery", 1), vec![10_007]);
    assert_eq!(
        r.completed("com.example.gallery", 1),
        Some((70_007, "finished"))
    );
    // The service: 9,007 ms alone (9,007,000 B), 60,000 ms shared (30,000,000 B), then the
    // other 80,993,000 B alone: 70,007 + 80,993 = 151,000 ms.
    assert_eq!(
        r.completed("com.example.music", 1),
        Some((151_000, "finished"))
    );
}
