//! Scenario loader tests: a full round trip into domain values, and each error class with its
//! exact location.

use super::*;
use crate::app::{EndPolicy, PermissionState, Response, StandbyBucket};
use crate::device::{SignalStrength, ThermalStatus, Transport};
use crate::job::{BackoffPolicy, JobKind, NetworkRequest, Priority};
use crate::policy::Platform;

const MINIMAL: &str = "name: t\nduration: 1h\napps:\n  - package: com.example.a\n";

fn err(src: &str) -> ScenarioError {
    match parse_scenario("s.yaml", src) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(e) => e,
    }
}

fn ok(src: &str) -> Scenario {
    match parse_scenario("s.yaml", src) {
        Ok(s) => s,
        Err(e) => panic!("{}", e.render(src)),
    }
}

/// (line, column, field) of an error.
fn at(e: &ScenarioError) -> (Option<usize>, Option<usize>, &str) {
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

// ---- errors, each with its exact place ----

#[test]
fn unknown_field() {
    let e = err(&format!("{MINIMAL}    colour: red\n"));
    assert_eq!(at(&e), (Some(5), Some(5), "apps[0].colour"));
    assert!(
        e.message
            .starts_with("unknown field `colour`, expected one of `package`, `uid`"),
        "{}",
        e.message
    );
}

#[test]
fn misspelt_enum() {
    let src = format!("{MINIMAL}jobs:\n  - {{ app: com.example.a, id: 1, kind: user_iniated }}\n");
    let e = err(&src);
    assert_eq!(at(&e), (Some(6), Some(40), "jobs[0].kind"));
    assert_eq!(
        e.message,
        "unknown variant `user_iniated`, expected one of `regular`, `expedited`, `user_initiated`"
    );
}

#[test]
fn misspelt_network_transport_lists_values() {
    let e = err(&format!("{MINIMAL}device: {{ network: wifi5 }}\n"));
    assert_eq!(at(&e), (Some(5), Some(20), "device.network"));
    assert!(
        e.message.contains("`wifi`") && e.message.contains("`ethernet`"),
        "{}",
        e.message
    );
}

#[test]
fn bad_unit() {
    let e = err(&format!(
        "{MINIMAL}device: {{ network: {{ down: 2GB/s }} }}\n"
    ));
    assert_eq!(at(&e), (Some(5), Some(28), "device.network.down"));
    assert!(
        e.message.contains("20Mbps") && e.message.contains("2GB/s"),
        "{}",
        e.message
    );
}

#[test]
fn negative_duration() {
    let e = err("name: t\nduration: -5s\napps: [{ package: com.example.a }]\n");
    assert_eq!(at(&e), (Some(2), Some(11), "duration"));
    assert!(e.message.contains("cannot be negative"), "{}", e.message);
}

#[test]
fn duration_without_unit() {
    let e = err("name: t\nduration: 90\napps: [{ package: com.example.a }]\n");
    assert_eq!(at(&e), (Some(2), Some(11), "duration"));
    assert!(e.message.contains("found integer 90"), "{}", e.message);
}

#[test]
fn zero_and_too_long_durations() {
    let e = err("name: t\nduration: 0s\napps: [{ package: com.example.a }]\n");
    assert_eq!(at(&e), (Some(2), Some(11), "duration"));
    let e = err("name: t\nduration: 366d\napps: [{ package: com.example.a }]\n");
    assert!(e.message.contains("at most 365d"));
}

#[test]
fn unknown_app_in_jobs() {
    let e = err(&format!(
        "{MINIMAL}jobs:\n  - app: com.example.foto\n    id: 1\n"
    ));
    assert_eq!(at(&e), (Some(6), Some(10), "jobs[0].app"));
    assert_eq!(
        e.message,
        "unknown app `com.example.foto`; apps in this scenario: com.example.a"
    );
}

#[test]
fn unknown_app_in_timeline() {
    let e = err(&format!(
        "{MINIMAL}timeline:\n  - {{ at: 1s, cancel_all: com.example.b }}\n"
    ));
    assert_eq!(at(&e), (Some(6), Some(27), "timeline[0].cancel_all"));
    assert!(e.message.starts_with("unknown app `com.example.b`"));
    let e = err(&format!(
        "{MINIMAL}timeline:\n  - {{ at: 1s, schedule: {{ app: com.example.b, job: 1 }} }}\n"
    ));
    assert_eq!(at(&e), (Some(6), Some(32), "timeline[0].schedule.app"));
}

#[test]
fn undefined_job_in_timeline() {
    let src = format!("{MINIMAL}jobs: [{{ app: com.example.a, id: 1 }}]\ntimeline:\n  - {{ at: 1s, schedule: {{ app: com.example.a, job: 2 }} }}\n");
    let e = err(&src);
    assert_eq!(at(&e), (Some(7), Some(52), "timeline[0].schedule.job"));
    assert_eq!(
        e.message,
        "no job (com.example.a, 2) in `jobs`; jobs of this app: 1"
    );
}

#[test]
fn duplicate_job() {
    let e = err(&format!("{MINIMAL}jobs:\n  - {{ app: com.example.a, id: 1 }}\n  - {{ app: com.example.a, id: 1 }}\n"));
    assert_eq!(at(&e), (Some(7), Some(31), "jobs[1].id"));
    assert_eq!(
        e.message,
        "job (com.example.a, 1) is defined twice (first at jobs[0])"
    );
}

#[test]
fn duplicate_package() {
    let e = err(&format!("{MINIMAL}  - package: com.example.a\n"));
    assert_eq!(at(&e), (Some(5), Some(14), "apps[1].package"));
    assert_eq!(
        e.message,
        "package `com.example.a` is listed twice (first at apps[0])"
    );
}

#[test]
fn timeline_entry_with_two_actions() {
    let e = err(&format!(
        "{MINIMAL}timeline:\n  - {{ at: 1s, screen: off, plug: ac }}\n"
    ));
    assert_eq!(at(&e), (Some(6), Some(28), "timeline[0].plug"));
    assert!(
        e.message.contains("found `screen` and `plug`"),
        "{}",
        e.message
    );
}

#[test]
fn timeline_entry_with_no_action() {
    let e = err(&format!("{MINIMAL}timeline:\n  - at: 1s\n"));
    assert_eq!(at(&e), (Some(6), Some(5), "timeline[0]"));
    assert!(e.message.starts_with("expected exactly one action besides `at`, found none (valid actions: foreground, schedule, "));
}

#[test]
fn timeline_after_the_end() {
    let e = err(&format!(
        "{MINIMAL}timeline:\n  - {{ at: 2h, screen: off }}\n"
    ));
    assert_eq!(at(&e), (Some(6), Some(11), "timeline[0].at"));
}

#[test]
fn empty_file() {
    for src in ["", "   \n", "# only a comment\n", "~\n"] {
        let e = err(src);
        assert_eq!(at(&e), (None, None, ""));
        assert!(e.message.starts_with(
            "the scenario is empty; expected a mapping with at least `name`, `duration`"
        ));
    }
}

#[test]
fn top_level_list() {
    let e = err("- name: t\n- duration: 1h\n");
    assert_eq!(at(&e), (Some(1), Some(1), ""));
    assert!(e.message.contains("found a list"), "{}", e.message);
}

#[test]
fn binary_garbage() {
    let e = err("\u{0}\u{1}\u{2}\u{7f}\u{fffe}garbage");
    assert_eq!(at(&e), (Some(1), Some(1), ""));
    assert!(
        e.message.contains("U+0000") && e.message.contains("binary"),
        "{}",
        e.message
    );
    let e = err("name: t\nduration: 1h\u{7}\n");
    assert_eq!(at(&e), (Some(2), Some(13), ""));
}

#[test]
fn oversized_and_bombs() {
    let big = "#".repeat(validate::MAX_FILE_BYTES + 1);
    assert!(err(&big).message.contains("10 MiB"));
    let deep = format!("name: t\na: {}{}", "[".repeat(100), "]".repeat(100));
    assert!(err(&deep).message.contains("deeper than 64"));
    let mut bomb = String::from("name: t\nduration: 1h\na: &a [x]\nb: [");
    bomb.push_str(&"*a, ".repeat(10_001));
    bomb.push_str("]\n");
    assert!(err(&bomb).message.contains("aliases"));
}

#[test]
fn cross_field_rules() {
    let e = err(&format!(
        "{MINIMAL}jobs: [{{ app: com.example.a, id: 1, failure_rate: 1.5 }}]\n"
    ));
    assert_eq!(e.field, "jobs[0].failure_rate");
    let e = err(&format!(
        "{MINIMAL}device: {{ thermal: {{ thresholds: {{ severe: 40C }} }} }}\n"
    ));
    assert_eq!(e.field, "device.thermal.thresholds.severe");
    let e = err(&format!(
        "{MINIMAL}device: {{ storage: {{ total: 1GiB, free: 2GiB }} }}\n"
    ));
    assert_eq!(e.field, "device.storage.free");
    let e = err(&format!("{MINIMAL}policy: {{ no_such_tunable: 1 }}\n"));
    assert_eq!(at(&e), (Some(5), Some(11), "policy.no_such_tunable"));
    assert!(e.message.contains("valid tunables are"));
    let e = err(&format!("{MINIMAL}    permissions: [RUN_ALL]\n"));
    assert_eq!(e.field, "apps[0].permissions[0]");
    let e = err(&format!("{MINIMAL}    permissions: [RUN_USER_INITIATED_JOBS]\n    denied: {{ RUN_USER_INITIATED_JOBS: hard }}\n"));
    assert_eq!(e.field, "apps[0].denied.RUN_USER_INITIATED_JOBS");
    let e = err("name: t\nduration: 1h\napps: [{ package: photos }]\n");
    assert_eq!(e.field, "apps[0].package");
    let e = err("name: t\nduration: 1h\n");
    assert!(e.message.contains("at least one app"));
}

#[test]
fn workload_rules() {
    let base = format!("{MINIMAL}jobs: [{{ app: com.example.a, id: 5 }}]\nworkloads:\n");
    let wl = |rest: &str| {
        format!("{base}  - {{ app: com.example.a, arrivals: {{ every: 1m }}, {rest} }}\n")
    };
    assert_eq!(
        err(&wl("count: 10, first_id: 1")).field,
        "workloads[0].first_id"
    );
    assert_eq!(
        err(&wl("count: 0, first_id: 100")).field,
        "workloads[0].count"
    );
    assert_eq!(
        err(&wl("count: 10, first_id: 2147483640")).field,
        "workloads[0].first_id"
    );
    assert_eq!(
        err(&wl("count: 1, first_id: 100, job: { id: 3 }")).field,
        "workloads[0].job.id"
    );
    let two = format!(
        "{}  - {{ app: com.example.a, arrivals: {{ every: 1m }}, count: 5, first_id: 104 }}\n",
        wl("count: 5, first_id: 100")
    );
    assert!(err(&two).message.contains("overlap"));
    let e = err(&wl(
        "count: 1, first_id: 100, sizes: { cpu: { uniform: [5s, 1s] } }",
    ));
    assert_eq!(e.field, "workloads[0].sizes.cpu.uniform");
    let e = err(&wl("count: 1, first_id: 100, arrivals: { sometimes: 1m }"));
    assert!(
        e.message.contains("duplicate") || e.message.contains("arrivals"),
        "{}",
        e.message
    );
    let e = err(&format!("{base}  - {{ app: com.example.a, count: 1, first_id: 100, arrivals: {{ sometimes: 1m }} }}\n"));
    assert_eq!(e.field, "workloads[0].arrivals");
    assert!(
        e.message.contains("`poisson`, `every`, `uniform`"),
        "{}",
        e.message
    );
}

#[test]
fn multi_form_values_explain_themselves() {
    let e = err(&format!("{MINIMAL}device: {{ screen: dim }}\n"));
    assert_eq!(
        e.message,
        "unknown value `dim`, expected `on`, `off`, true or false"
    );
    let e = err(&format!(
        "{MINIMAL}jobs: [{{ app: com.example.a, id: 1, notification: sometimes }}]\n"
    ));
    assert!(e.message.contains("`never`"));
    let e = err(&format!(
        "{MINIMAL}jobs: [{{ app: com.example.a, id: 1, responses: {{ start: slow }} }}]\n"
    ));
    assert!(e.message.contains("`hang`"));
    let e = err(&format!(
        "{MINIMAL}timeline: [{{ at: 1s, thermal_override: hot }}]\n"
    ));
    assert!(e.message.contains("`clear`"));
    let s = ok(&format!(
        "{MINIMAL}timeline: [{{ at: 1s, thermal_override: severe }}]\n"
    ));
    assert!(matches!(
        s.timeline[0].action,
        Action::ThermalOverride(Some(ThermalStatus::Severe))
    ));
}

#[test]
fn display_is_one_line() {
    let e = err(&format!(
        "{MINIMAL}jobs:\n  - app: com.example.foto\n    id: 1\n"
    ));
    assert_eq!(
        e.to_string(),
        "s.yaml:6:10: jobs[0].app: unknown app `com.example.foto`; apps in this scenario: com.example.a"
    );
}

#[test]
fn render_is_pinned() {
    let src = format!("{MINIMAL}jobs:\n  - {{ app: com.example.a, id: 1, kind: user_iniated }}\n");
    let e = err(&src);
    let expected = "\
error: jobs[0].kind: unknown variant `user_iniated`, expected one of `regular`, `expedited`, `user_initiated`
 --> s.yaml:6:40
  |
6 |   - { app: com.example.a, id: 1, kind: user_iniated }
  |                                        ^
";
    assert_eq!(e.render(&src), expected);
}

#[test]
fn zz_repo_scenarios() {
    for dir in ["../scenarios/bench", "../scenarios/invalid", "../scenarios/uidt", "../scenarios"] {
        let Ok(rd) = std::fs::read_dir(dir) else { continue };
        for f in rd.flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "yaml") {
                let bytes = std::fs::read(&p).unwrap_or_default();
                let src = String::from_utf8_lossy(&bytes);
                match parse_scenario(&p.display().to_string(), &src) {
                    Ok(s) => println!("OK {} ({} jobs, {} wl)", p.display(), s.jobs.len(), s.workloads.len()),
                    Err(e) => println!("{}", e.render(&src)),
                }
            }
        }
    }
}
