//! Parameter sweeps: expansion of grids, zips, ranges and seeds; overrides by path and their
//! errors; byte-identical outputs across thread counts and shards; failing runs kept apart.

// Load errors carry a whole `ScenarioError`, as the scenario API does.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::process::Command;

use sim_core::sweep::{parse_sweep, plan, LoadError, Plan};

/// A small UIDT download on a flaky network, so seeds matter and runs are quick.
const BASE: &str = "\
name: sweep test base
seed: 3
duration: 30m
device:
  network: { type: wifi, down: 20Mbps, up: 5Mbps, flaps: { mean_up: 2m, mean_down: 20s } }
apps:
  - package: com.example.a
    permissions: [RUN_USER_INITIATED_JOBS]
jobs:
  - { app: com.example.a, id: 1, kind: user_initiated, network: any, work: { download: 200MB }, checkpoint: true }
timeline:
  - { at: 0s, foreground: com.example.a }
  - { at: 1s, schedule: { app: com.example.a, job: 1 } }
";

fn load(sweep: &str) -> Result<Plan, LoadError> {
    let raw = parse_sweep("t.sweep", sweep).map_err(LoadError::Sweep)?;
    plan("t.sweep", sweep, raw, "base.yaml", BASE)
}

fn sweep_error(sweep: &str) -> sim_core::scenario::ScenarioError {
    match load(sweep) {
        Err(LoadError::Sweep(e)) => e,
        other => panic!("expected a sweep error, got {other:?}"),
    }
}

#[test]
fn grid_expands_outermost_axis_first_then_seeds() {
    let p = load(
        "base: base.yaml\nseeds: 2\naxes:\n  - { path: device.network.down, values: [10Mbps, 20Mbps] }\n  - { tunable: runtime_min_ui_guarantee_ms, values: [600000, 1200000, 1800000] }\n",
    )
    .unwrap();
    assert_eq!((p.info.points, p.info.seeds, p.info.runs), (6, 2, 12));
    assert_eq!(
        p.info.axes,
        ["device.network.down", "runtime_min_ui_guarantee_ms"]
    );
    let order: Vec<(Vec<String>, u64)> = (0..p.info.runs)
        .map(|r| {
            let (pt, seed) = p.point_and_seed(r);
            (p.labels(pt), seed)
        })
        .collect();
    assert_eq!(order[0], (vec!["10Mbps".into(), "600000".into()], 3));
    assert_eq!(order[1], (vec!["10Mbps".into(), "600000".into()], 4));
    assert_eq!(order[2], (vec!["10Mbps".into(), "1200000".into()], 3));
    assert_eq!(order[6], (vec!["20Mbps".into(), "600000".into()], 3));
    assert_eq!(order[11], (vec!["20Mbps".into(), "1800000".into()], 4));
}

#[test]
fn explicit_seeds_and_base_seed() {
    let p = load("base: base.yaml\nseeds: [9, 1, 5]\n").unwrap();
    assert_eq!(p.seeds, [9, 1, 5]);
    assert_eq!(p.info.runs, 3);
    let p = load("base: base.yaml\nseeds: 3\nbase_seed: 100\n").unwrap();
    assert_eq!(p.seeds, [100, 101, 102]);
    let e = sweep_error("base: base.yaml\nseeds: [1, 1]\n");
    assert_eq!((e.field.as_str(), e.line), ("seeds[1]", Some(2)));
}

#[test]
fn zip_pairs_values_and_needs_equal_lengths() {
    let p = load(
        "base: base.yaml\nmode: zip\naxes:\n  - { path: device.network.down, values: [1Mbps, 2Mbps, 3Mbps] }\n  - { path: device.network.up, values: [4Mbps, 5Mbps, 6Mbps] }\n",
    )
    .unwrap();
    assert_eq!(p.info.runs, 3);
    assert_eq!(p.labels(2), ["3Mbps", "6Mbps"]);
    let e = sweep_error(
        "base: base.yaml\nmode: zip\naxes:\n  - { path: device.network.down, values: [1Mbps, 2Mbps] }\n  - { path: device.network.up, values: [4Mbps] }\n",
    );
    assert_eq!((e.line, e.column), (Some(5), Some(5)));
    assert!(e.message.contains("equal length"), "{}", e.message);
}

#[test]
fn linear_and_log_ranges() {
    let p = load(
        "base: base.yaml\naxes:\n  - { path: device.network.down, range: { from: 5, to: 20, steps: 4, unit: Mbps } }\n  - { tunable: runtime_min_ui_guarantee_ms, range: { from: 600000, to: 60000000, steps: 3, scale: log } }\n",
    )
    .unwrap();
    assert_eq!(p.axes[0].labels, ["5Mbps", "10Mbps", "15Mbps", "20Mbps"]);
    assert_eq!(p.axes[1].labels, ["600000", "6000000", "60000000"]);
    let e = sweep_error("base: base.yaml\naxes:\n  - { path: seed_x, range: { from: 0, to: 1, steps: 2, scale: log } }\n");
    assert_eq!(e.field, "axes[0].range");
    assert_eq!(e.line, Some(3));
}

#[test]
fn overrides_reach_the_scenario() {
    let p = load(
        "base: base.yaml\naxes:\n  - { path: 'jobs[0].work.download', values: [1MB] }\n  - { path: device.thermal.ambient, values: [35C] }\n  - { path: duration, values: [10m] }\n",
    )
    .unwrap();
    let text = p.scenario_text(0).unwrap();
    let sc = sim_core::scenario::parse_scenario("x", &text).unwrap();
    assert_eq!(sc.duration.as_millis(), 600_000);
    assert_eq!(sc.jobs[0].behavior.work.download, 1_000_000);
    assert_eq!(sc.device.thermal.ambient_c, 35.0);
}

#[test]
fn unknown_paths_are_located_in_the_sweep_file() {
    let e =
        sweep_error("base: base.yaml\naxes:\n  - path: device.netwrk.down\n    values: [1Mbps]\n");
    assert_eq!(
        (e.field.as_str(), e.line, e.column),
        ("axes[0].path", Some(3), Some(11))
    );
    assert!(
        e.message
            .contains("`device.netwrk` is not a scenario field"),
        "{}",
        e.message
    );

    let e =
        sweep_error("base: base.yaml\naxes:\n  - { path: 'jobs[0].work.uplod', values: [1MB] }\n");
    assert!(e.message.contains("`jobs[0].work.uplod`"), "{}", e.message);
    assert_eq!(e.line, Some(3));

    let e =
        sweep_error("base: base.yaml\naxes:\n  - { path: 'jobs[4].work.upload', values: [1MB] }\n");
    assert!(e.message.contains("`jobs` has 1 item(s)"), "{}", e.message);

    let e = sweep_error("base: base.yaml\naxes:\n  - { tunable: no_such_tunable, values: [1] }\n");
    assert_eq!(
        (e.field.as_str(), e.line, e.column),
        ("axes[0].tunable", Some(3), Some(16))
    );

    let e = sweep_error("base: base.yaml\naxes:\n  - { path: seed, values: [1] }\n");
    assert!(e.message.contains("seeds"), "{}", e.message);

    let e = sweep_error("base: base.yaml\nmetrics: [jobs_finished, joules]\n");
    assert_eq!((e.field.as_str(), e.line), ("metrics[1]", Some(2)));

    let e = sweep_error("base: base.yaml\naxis: []\n");
    assert!(e.message.contains("unknown field `axis`"), "{}", e.message);
    assert_eq!(e.line, Some(2));
}

#[test]
fn a_bad_base_scenario_is_reported_in_the_base() {
    let raw = parse_sweep("t.sweep", "base: base.yaml\n").unwrap();
    match plan(
        "t.sweep",
        "base: base.yaml\n",
        raw,
        "base.yaml",
        "name: x\n",
    ) {
        Err(LoadError::Base(e)) => assert_eq!(e.file, "base.yaml"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn one_failing_run_is_isolated() {
    let p = load(
        "base: base.yaml\nseeds: 2\naxes:\n  - { path: 'jobs[0].work.download', values: [10MB, lots, 20MB] }\n",
    )
    .unwrap();
    let rows = sim_core::sweep::execute(&p, None, 2, &|| {}).unwrap();
    assert_eq!(rows.len(), 6);
    for r in &rows {
        let failed = r.axis_values[0] == "lots";
        assert_eq!(r.error.is_some(), failed, "{r:?}");
        if failed {
            assert!(
                r.error
                    .as_deref()
                    .unwrap()
                    .contains("jobs[0].work.download"),
                "{r:?}"
            );
            assert!(r.values.iter().all(Option::is_none));
        } else {
            assert_eq!(r.values[0], Some(1.0), "jobs_finished: {r:?}");
        }
    }
}

// ---- through the command line ----

fn jobsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jobsim"))
}

/// A sweep directory with the base scenario and `sweep` as `s.sweep`.
fn setup(sweep: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.yaml"), BASE).unwrap();
    let s = dir.path().join("s.sweep");
    std::fs::write(&s, sweep).unwrap();
    (dir, s)
}

const GRID: &str = "base: base.yaml\nseeds: 4\naxes:\n  - { path: device.network.down, values: [5Mbps, 20Mbps] }\n  - { path: 'jobs[0].work.download', range: { from: 50, to: 150, steps: 3, unit: MB } }\n";

fn run_ok(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let out = jobsim().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn sweep_into(sweep: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "sweep".as_ref(),
        sweep.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--quiet".as_ref(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run_ok(&args);
}

fn read(dir: &Path, f: &str) -> Vec<u8> {
    std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}/{f}: {e}", dir.display()))
}

const OUTPUTS: [&str; 3] = ["runs.csv", "summary.csv", "summary.md"];

/// Every file under `dir/charts/`, by name, sorted.
fn charts(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("charts"))
        .unwrap_or_else(|e| panic!("{}/charts: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn one_and_two_threads_write_identical_bytes() {
    let (dir, s) = setup(GRID);
    let (a, b) = (dir.path().join("t1"), dir.path().join("t2"));
    sweep_into(&s, &a, &["--threads", "1"]);
    sweep_into(&s, &b, &["--threads", "2"]);
    for f in OUTPUTS {
        assert_eq!(read(&a, f), read(&b, f), "{f}");
    }
    assert_eq!(charts(&a), charts(&b), "charts");
    let runs = String::from_utf8(read(&a, "runs.csv")).unwrap();
    assert_eq!(runs.lines().count(), 1 + 24);
    assert!(
        runs.starts_with("run,point,device.network.down,jobs[0].work.download,seed,jobs_finished,")
    );
}

#[test]
fn three_shards_merge_into_the_unsharded_bytes() {
    let (dir, s) = setup(GRID);
    let whole = dir.path().join("whole");
    sweep_into(&s, &whole, &["--threads", "3"]);
    let mut shards = Vec::new();
    // Out of order on purpose: the merge sorts by run number.
    for k in [3, 1, 2] {
        let d = dir.path().join(format!("shard{k}"));
        sweep_into(&s, &d, &["--shard", &format!("{k}/3"), "--threads", "1"]);
        assert!(d.join("shard.json").exists());
        assert!(!d.join("summary.csv").exists());
        shards.push(d);
    }
    let merged = dir.path().join("merged");
    let mut args: Vec<&std::ffi::OsStr> = vec!["merge".as_ref()];
    args.extend(shards.iter().map(|d| d.as_os_str()));
    args.extend(["--out".as_ref(), merged.as_os_str()]);
    run_ok(&args);
    for f in OUTPUTS {
        assert_eq!(read(&whole, f), read(&merged, f), "{f}");
    }
    assert_eq!(charts(&whole), charts(&merged), "charts");

    // A missing shard is refused.
    let out = jobsim()
        .args([
            "merge".as_ref(),
            shards[0].as_os_str(),
            shards[1].as_os_str(),
            "--out".as_ref(),
            dir.path().join("m2").as_os_str(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing shard(s): 2/3"));
}

#[test]
fn failing_runs_warn_and_all_failing_is_an_error() {
    let (dir, s) = setup(
        "base: base.yaml\naxes:\n  - { path: 'jobs[0].work.download', values: [10MB, lots] }\n",
    );
    let out = jobsim()
        .arg("sweep")
        .arg(&s)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: 1 of 2 runs failed"), "{err}");
    let runs = String::from_utf8(read(&dir.path().join("o"), "runs.csv")).unwrap();
    assert!(
        runs.lines()
            .nth(2)
            .unwrap()
            .contains("jobs[0].work.download"),
        "{runs}"
    );

    let (dir, s) =
        setup("base: base.yaml\naxes:\n  - { path: 'jobs[0].work.download', values: [lots] }\n");
    let out = jobsim()
        .arg("sweep")
        .arg(&s)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("every run failed"));
}

#[test]
fn bad_sweep_files_exit_2_with_a_located_error() {
    let (dir, s) =
        setup("base: base.yaml\naxes:\n  - path: device.netwrk.down\n    values: [1Mbps]\n");
    let out = jobsim()
        .arg("sweep")
        .arg(&s)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("s.sweep:3:11"), "{err}");
    assert!(err.contains("3 |   - path: device.netwrk.down"), "{err}");

    let (dir, s) = setup("base: missing.yaml\n");
    let out = jobsim()
        .arg("sweep")
        .arg(&s)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read base scenario"));

    let (dir, s) = setup(GRID);
    let out = jobsim()
        .arg("sweep")
        .arg(&s)
        .arg("--out")
        .arg(dir.path().join("o"))
        .args(["--shard", "4/3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_example_sweep_loads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweeps");
    let src = std::fs::read_to_string(root.join("uidt-chunking.sweep")).unwrap();
    let raw = parse_sweep("uidt-chunking.sweep", &src).unwrap();
    let base = std::fs::read_to_string(root.join(&raw.base)).unwrap();
    let p = plan("uidt-chunking.sweep", &src, raw, "base", &base).unwrap();
    assert_eq!((p.info.points, p.info.seeds), (9, 8));
}

#[test]
fn charts_are_drawn_per_metric_and_axis_and_decode() {
    let (dir, s) = setup(GRID);
    let out = dir.path().join("o");
    sweep_into(&s, &out, &["--threads", "2"]);
    let files = charts(&out);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    // A line chart against each axis and, for this two-axis grid, a heatmap.
    for want in [
        "jobs_finished-vs-device.network.down",
        "jobs_finished-vs-jobs_0_.work.download",
        "jobs_finished-heatmap",
    ] {
        for ext in ["svg", "png"] {
            let f = format!("{want}.{ext}");
            assert!(names.contains(&f.as_str()), "{f} in {names:?}");
        }
    }
    // Metrics zero in every run get no chart.
    assert!(!names
        .iter()
        .any(|n| n.starts_with("stops.STOP_REASON_QUOTA")));
    for (name, bytes) in &files {
        if let Some(stem) = name.strip_suffix(".png") {
            let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
            let mut reader = decoder.read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size()];
            let info = reader.next_frame(&mut buf).unwrap();
            assert!(info.width >= 400 && info.height >= 200, "{name}");
            // Not blank: some pixels are neither white nor grey.
            assert!(
                buf.chunks(3).any(|p| p[0] != p[1] || p[1] != p[2]),
                "{name} has colour"
            );
            let svg = files
                .iter()
                .find(|(n, _)| *n == format!("{stem}.svg"))
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
                .unwrap();
            assert!(svg.contains("<title>"), "{stem}.svg has tooltips");
        }
    }
    let md = String::from_utf8(read(&out, "summary.md")).unwrap();
    assert!(md.contains("Charts of each metric are in `charts/`."));
}
