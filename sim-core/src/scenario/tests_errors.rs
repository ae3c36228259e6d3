//! Scenario loader tests: each error class with its exact location, and the rendering.

use super::tests::{at, err, ok, MINIMAL};
use super::*;
use crate::device::ThermalStatus;

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
fn syntax_error_wins_over_type_error() {
    let src = "name: [unclosed\nduration: 1h\n";
    let e = err(src);
    assert_eq!(at(&e), (Some(2), Some(9), ""));
    assert_eq!(
        e.message,
        "invalid YAML: illegal placement of ':' indicator"
    );
    assert!(e.help.is_some());
}

#[test]
fn namespace_only_where_meaningful() {
    let e = err(&format!(
        "{MINIMAL}timeline: [{{ at: 1s, cancel: {{ app: com.example.a, job: 1, namespace: x }} }}]\n"
    ));
    assert_eq!(e.field, "timeline[0].cancel.namespace");
}

#[test]
fn data_saver_and_temp_allowlist_parse_and_an_empty_allowlist_is_an_error() {
    let s = ok(
        "name: t\nduration: 1h\ndevice: { data_saver: on }\napps:\n  - package: com.example.a\n    data_saver_allowlisted: true\ntimeline:\n  - { at: 1s, data_saver: off }\n  - { at: 2s, temp_allowlist: { app: com.example.a, for: 10s } }\n",
    );
    assert!(s.device.data_saver);
    assert!(s.apps[0].data_saver_allowlisted);
    assert!(matches!(s.timeline[0].action, Action::DataSaver(false)));
    assert!(matches!(
        s.timeline[1].action,
        Action::TempAllowlist { app: 0, duration } if duration == crate::time::SimDuration::from_secs(10)
    ));
    let e = err(&format!(
        "{MINIMAL}timeline:\n  - {{ at: 1s, temp_allowlist: {{ app: com.example.a, for: 0s }} }}\n"
    ));
    assert_eq!(at(&e).2, "timeline[0].temp_allowlist.for");
    assert!(e.message.contains("more than 0s"), "{}", e.message);
    assert!(at(&e).0 == Some(6), "{:?}", at(&e));
}
