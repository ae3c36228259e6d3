//! Doze cycles (DeviceIdleController) and what they allow jobs to do.

mod common;

use common::run;
use sim_core::model::Record;

#[test]
fn deferred_jobs_run_in_maintenance_windows() {
    let r = run("scenarios/doze/maintenance-windows.yaml");
    let app = "com.example.news";
    let doze: Vec<(u64, String)> = r
        .records
        .iter()
        .filter_map(|s| match &s.record {
            Record::Doze { state, .. } => Some((s.t_ms.as_millis(), format!("{state:?}"))),
            _ => None,
        })
        .collect();
    let min = 60_000;
    let expected = [
        (5 * min, "LightIdle"),                  // screen off at 1 min + 4 min
        (10 * min, "LightMaintenance"),          // + 5 min of light idle
        (11 * min, "LightIdle"),                 // + 1 min budget
        (21 * min, "LightMaintenance"),          // + 10 min (5 min × 2)
        (22 * min, "LightIdle"),                 //
        (35 * min + 30_000, "DeepIdle"),         // 1 min + 30 min + 4 min 30 s
        (95 * min + 30_000, "DeepMaintenance"),  // + 60 min
        (100 * min + 30_000, "DeepIdle"),        // + 5 min window
        (220 * min + 30_000, "DeepMaintenance"), // + 2 h
        (230 * min + 30_000, "DeepIdle"),        // + 10 min window
    ];
    let got: Vec<(u64, &str)> = doze.iter().map(|(t, s)| (*t, s.as_str())).collect();
    assert_eq!(got, expected);
    assert_eq!(r.starts(app, 1), vec![10 * min]);
    // Cold start 250 ms + bind 5 ms + onStartJob 2 ms, then 30 s of CPU.
    assert_eq!(r.completed(app, 1), Some((10 * min + 30_257, "finished")));
    assert_eq!(r.starts(app, 2), vec![95 * min + 30_000]);
    assert!(r.of_job(app, 2).any(|(_, rec)| matches!(rec, Record::JobPending { reasons, .. } if reasons[..] == ["PENDING_JOB_REASON_DEVICE_STATE"])));
}
