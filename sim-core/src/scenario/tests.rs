//! Scenario loader tests: a full round trip into domain values, and each error class with its
//! exact location.

use super::*;
use crate::app::{EndPolicy, PermissionState, Response, StandbyBucket};
use crate::device::{SignalStrength, Transport};
use crate::job::{BackoffPolicy, JobKind, NetworkRequest, Priority};
use crate::policy::Platform;

pub(super) const MINIMAL: &str = "name: t\nduration: 1h\napps:\n  - package: com.example.a\n";

pub(super) fn err(src: &str) -> ScenarioError {
    match parse_scenario("s.yaml", src) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(e) => e,
    }
}

pub(super) fn ok(src: &str) -> Scenario {
    match parse_scenario("s.yaml", src) {
        Ok(s) => s,
        Err(e) => panic!("{}", e.render(src)),
    }
}

/// (line, column, field) of an error.
pub(super) fn at(e: &ScenarioError) -> (Option<usize>, Option<usize>, &str) {
    (e.line, e.column, e.field.as_str())
}

const FULL: &str = r#"name: Full
description: every section
seed: 7
duration: 2d
platform: android-14
flags: { handle_abandoned_jobs: false }
policy: { runtime_min_ui_guarantee_ms: 3600000, runtime_use_data_estimates_for_limits: true }
device:
  api_level: 34
  ram: 4GiB
  low_ram: true
  screen: off
  plugged: usb
  memory: moderate
  battery: { level: 50%, capacity: 5000mAh, auto_saver_at: 20%, saver: true, draw: { base: 30mA } }
  thermal: { ambient: 20C, thresholds: { light: 38C }, hysteresis: 2C }
  network: { type: cellular, down: 10Mbps, signal: poor, flaps: { mean_up: 10m, mean_down: 30s } }
  storage: { total: 64GiB, free: 1GiB }
  tick: 1s
apps:
  - package: com.example.photos
    permissions: [RUN_USER_INITIATED_JOBS]
    undeclared: [RECEIVE_BOOT_COMPLETED]
    bucket: rare
  - package: com.example.feed
    uid: 10500
    denied: { RUN_USER_INITIATED_JOBS: soft }
jobs:
  - app: com.example.photos
    id: 1
    kind: user_initiated
    network: any
    work: { upload: 2GiB, cpu: 30s }
    checkpoint: true
    responses: { bind: hang, cold_start: 1s }
  - app: com.example.feed
    id: 2
    periodic: { interval: 1m, flex: 1s }
    backoff: { policy: linear, initial: 1s }
    priority: low
    notification: { after: 2s, id: 9, end_policy: detach }
    on_stop: drop
    failure_rate: 0.25
timeline:
  - { at: 10s, screen: on }
  - { at: 1s, schedule: { app: com.example.photos, job: 1 } }
  - { at: 10s, plug: none }
  - { at: 1m, thermal_override: clear }
  - { at: 1m, network: { type: wifi } }
  - { at: 1m, network_flaps: off }
  - { at: 1m, permission: { app: com.example.feed, RUN_USER_INITIATED_JOBS: granted } }
  - { at: 1m, reboot: {} }
  - { at: 1m, reboot: true }
  - { at: 1m, enqueue: { app: com.example.feed, job: 2, work: { download: 10MB } } }
  - { at: 1m, foreground: launcher }
  - { at: 1m, doze: deep }
workloads:
  - app: com.example.feed
    count: 10
    first_id: 1000
    arrivals: { poisson: 86s }
    job: { network: any }
    sizes: { download: { lognormal: { median: 2MB, sigma: 1.0 } }, upload: 1MB, cpu: { uniform: [5s, 60s] } }
"#;

#[test]
fn full_scenario_round_trip() {
    let s = ok(FULL);
    assert_eq!(
        (s.name.as_str(), s.seed, s.duration),
        ("Full", 7, SimDuration::from_days(2))
    );
    assert_eq!(s.policy.platform, Platform::Android14);
    assert!(!s.policy.flags.handle_abandoned_jobs);
    assert_eq!(s.policy.tunables.runtime_min_ui_guarantee_ms, 3_600_000);
    let d = &s.device;
    assert_eq!(
        (d.api_level, d.ram, d.low_ram, d.screen_on),
        (34, Bytes(4 << 30), true, false)
    );
    assert_eq!(d.plugged, Some(crate::device::PlugType::Usb));
    assert_eq!(d.battery.initial_level, 50.0);
    assert_eq!(d.battery.auto_saver_at, Some(20.0));
    assert!(d.battery_saver);
    assert_eq!(d.battery.draw.base.0, 30.0);
    assert_eq!(d.battery.draw.screen.0, 150.0, "unset draws keep defaults");
    assert_eq!(d.thermal.thresholds_c, [38.0, 41.0, 43.0, 46.0, 49.0, 52.0]);
    assert_eq!(d.network.transport, Transport::Cellular);
    assert_eq!(
        (d.network.down.kbps, d.network.up.kbps, d.network.metered),
        (10_000, 5_000, true)
    );
    assert_eq!(d.network.signal, SignalStrength::Poor);
    assert_eq!(
        d.flaps.map(|f| (f.mean_up_ms, f.mean_down_ms)),
        Some((600_000, 30_000))
    );
    assert_eq!(d.tick, SimDuration::from_secs(1));

    assert_eq!(s.apps[0].uid, 10100);
    assert_eq!(s.apps[0].run_user_initiated_jobs, PermissionState::Granted);
    assert!(s.apps[0].access_network_state && !s.apps[0].receive_boot_completed);
    assert_eq!(s.apps[0].bucket, StandbyBucket::Rare);
    assert_eq!(s.apps[1].uid, 10500);
    assert_eq!(
        s.apps[1].run_user_initiated_jobs,
        PermissionState::SoftDenied
    );

    let uij = &s.jobs[0];
    assert_eq!(
        (uij.info.kind, uij.info.network),
        (JobKind::UserInitiated, NetworkRequest::Any)
    );
    assert_eq!(uij.info.priority, None, "unset priority stays None");
    let n = uij
        .behavior
        .notification
        .expect("UIJ gets a default notification");
    assert_eq!(
        (n.after, n.id, n.end_policy),
        (SimDuration::ZERO, 1, EndPolicy::Remove)
    );
    assert_eq!(uij.behavior.work.upload, 2 << 30);
    assert_eq!(uij.behavior.work.cpu_ms, 30_000);
    assert_eq!(uij.behavior.bind, Response::Hangs);
    assert_eq!(uij.behavior.cold_start, SimDuration::from_secs(1));
    assert!(!uij.info.backoff_set);

    let reg = &s.jobs[1];
    let p = reg.info.periodic.expect("periodic");
    assert_eq!(
        (p.interval, p.flex),
        (SimDuration::from_mins(15), SimDuration::from_mins(5))
    );
    assert!(reg.info.backoff_set);
    assert_eq!(reg.info.backoff.policy, BackoffPolicy::Linear);
    assert_eq!(
        reg.info.backoff.initial,
        SimDuration::from_secs(10),
        "floored like the builder"
    );
    assert_eq!(reg.info.priority, Some(Priority::Low));
    let n = reg.behavior.notification.expect("explicit notification");
    assert_eq!(
        (n.after, n.id, n.end_policy),
        (SimDuration::from_secs(2), 9, EndPolicy::Detach)
    );
    assert!(!reg.behavior.reschedule_on_stop);
    assert_eq!(reg.behavior.failure_rate, 0.25);

    // Sorted by time, ties in file order.
    let times: Vec<u64> = s.timeline.iter().map(|t| t.at.as_millis()).collect();
    assert_eq!(&times[..3], &[1_000, 10_000, 10_000]);
    assert!(matches!(s.timeline[0].action, Action::Schedule { job: 0 }));
    assert!(matches!(s.timeline[1].action, Action::Screen(true)));
    assert!(matches!(s.timeline[2].action, Action::Plug(None)));
    assert!(matches!(
        s.timeline[3].action,
        Action::ThermalOverride(None)
    ));
    assert!(matches!(
        s.timeline[6].action,
        Action::Permission {
            app: 1,
            state: PermissionState::Granted
        }
    ));
    assert!(matches!(s.timeline[8].action, Action::Reboot));
    assert!(
        matches!(s.timeline[9].action, Action::Enqueue { job: 1, work } if work.download == 10_000_000)
    );
    assert!(matches!(s.timeline[10].action, Action::Foreground(None)));

    let w = &s.workloads[0];
    assert_eq!((w.app, w.count, w.first_id), (1, 10, 1000));
    assert_eq!(
        w.arrivals,
        Arrivals::Poisson {
            mean_interval: SimDuration::from_secs(86)
        }
    );
    assert_eq!(
        w.work.download,
        Some(Dist::LogNormal {
            median: 2e6,
            sigma: 1.0
        })
    );
    assert_eq!(w.work.upload, Some(Dist::Fixed(1e6)));
    assert_eq!(
        w.work.cpu,
        Some(Dist::Uniform {
            low: 5000.0,
            high: 60000.0
        })
    );
    assert_eq!(w.template.network, NetworkRequest::Any);
}

#[test]
fn defaults() {
    let s = ok(MINIMAL);
    assert_eq!((s.seed, s.description.as_str()), (0, ""));
    assert_eq!(s.policy.platform, Platform::Android16);
    assert_eq!(s.device.api_level, 36);
    assert!(s.device.screen_on);
    assert_eq!(s.device.plugged, None);
    assert_eq!(s.device.network.transport, Transport::Wifi);
    assert_eq!(
        s.apps[0].run_user_initiated_jobs,
        PermissionState::HardDenied
    );
    assert_eq!(s.apps[0].target_sdk, 35);
}

#[test]
fn builder_errors_are_not_scenario_errors() {
    let s = ok(&format!(
        "{MINIMAL}jobs:\n  - {{ app: com.example.a, id: 1, kind: user_initiated, delay: 5m }}\n"
    ));
    assert_eq!(s.jobs[0].info.min_latency, Some(SimDuration::from_mins(5)));
    assert!(s.jobs[0].info.validate().is_err());
}

#[test]
fn seed_override_wins() {
    let src = format!("{MINIMAL}seed: 3\n");
    assert_eq!(ok(&src).seed, 3);
    assert_eq!(
        parse_scenario_with("s", &src, Some(99)).map(|s| s.seed),
        Ok(99)
    );
}

#[test]
fn example_photo_backup_parses() {
    let src = include_str!("../../../scenarios/uidt/photo-backup.yaml");
    let s = ok(src);
    assert_eq!((s.seed, s.duration), (42, SimDuration::from_hours(8)));
    assert!(s
        .description
        .contains("STOP_REASON_CONSTRAINT_CONNECTIVITY"));
    assert_eq!(
        (s.device.network.down.kbps, s.device.network.up.kbps),
        (20_000, 5_000)
    );
    let job = &s.jobs[0];
    assert!(job.info.is_user_initiated() && job.behavior.checkpoint);
    assert_eq!(job.info.validate(), Ok(()));
    assert_eq!(job.behavior.work.upload, 2 << 30);
    let last = s.timeline.last().map(|t| (t.at.as_millis(), &t.action));
    assert!(
        matches!(last, Some((1_500_000, Action::Network(n))) if n.transport == Transport::Cellular && n.up.kbps == 1_000 && n.metered)
    );
}
