//! The `jobsim` binary as a user meets it: exit codes (0 success, 2 bad input, 1 any other
//! failure), located errors on stderr, and output that is written whole or not at all.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn jobsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobsim"))
        .args(args)
        .current_dir(common::root())
        .output()
        .expect("the jobsim binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Names in `dir` that look like `write_atomic`'s temporary files.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".jobsim-") || n.ends_with(".tmp"))
        .collect()
}

const GOOD: &str = "scenarios/uidt/happy-path.yaml";
const BAD: &str = "scenarios/invalid/misspelt-job-kind.yaml";

#[test]
fn a_good_scenario_exits_0() {
    let o = jobsim(&["run", GOOD, "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).is_empty(),
        "--quiet prints nothing: {}",
        stdout(&o)
    );
}

#[test]
fn a_bad_scenario_exits_2_with_its_place() {
    let o = jobsim(&["run", BAD]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&format!("{BAD}:6:40")), "{err}");
    assert!(
        err.contains("jobs[0].kind: unknown variant `user_iniated`"),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_bad_input() {
    let o = jobsim(&["run", "scenarios/no-such-file.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read scenarios/no-such-file.yaml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_validates_several_files() {
    let good = [
        "scenarios/uidt/happy-path.yaml",
        "scenarios/user/task-manager-stop.yaml",
    ];
    let o = jobsim(&["check", good[0], good[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for g in good {
        assert!(stdout(&o).contains(&format!("ok: {g}")), "{}", stdout(&o));
    }

    // One bad file among good ones: every file is still checked, and the bad one is located.
    let other_bad = "scenarios/invalid/unknown-job.yaml";
    let o = jobsim(&["check", good[0], BAD, good[1], other_bad]);
    assert_eq!(o.status.code(), Some(2));
    for g in good {
        assert!(stdout(&o).contains(&format!("ok: {g}")), "{}", stdout(&o));
    }
    let err = stderr(&o);
    assert!(err.contains(&format!("{BAD}:6:40")), "{err}");
    assert!(err.contains(&format!("{other_bad}:8:")), "{err}");
}

#[test]
fn run_writes_its_files_without_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = jobsim(&["run", GOOD, "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["trace.jsonl", "summary.md"] {
        assert!(out.join(f).is_file(), "{f} is written");
    }
    assert!(temp_files(&out).is_empty(), "{:?}", temp_files(&out));
}

#[test]
fn a_write_that_fails_midway_exits_1_and_leaves_no_partial_file() {
    // trace.jsonl is written first; then summary.md cannot replace a directory of that name.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    std::fs::create_dir(out.join("summary.md")).unwrap();
    std::fs::write(out.join("summary.md").join("keep"), b"mine").unwrap();
    let o = jobsim(&["run", GOOD, "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("error: cannot write "), "{err}");
    assert!(err.contains("summary.md"), "{err}");
    assert!(temp_files(out).is_empty(), "{:?}", temp_files(out));
    // What is there is whole: the directory untouched, the trace complete.
    assert_eq!(
        std::fs::read(out.join("summary.md").join("keep")).unwrap(),
        b"mine"
    );
    let trace = std::fs::read_to_string(out.join("trace.jsonl")).unwrap();
    let good = tempfile::tempdir().unwrap();
    let o = jobsim(&[
        "run",
        GOOD,
        "--quiet",
        "--out",
        good.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        trace,
        std::fs::read_to_string(good.path().join("trace.jsonl")).unwrap()
    );
}

#[test]
fn an_output_path_that_is_a_file_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let o = jobsim(&["run", GOOD, "--quiet", "--out", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("error: cannot create "),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn bad_arguments_exit_2() {
    let o = jobsim(&["run", GOOD, "--until", "soon"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--until"), "{}", stderr(&o));
    let o = jobsim(&["no-such-command"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn schema_prints_the_committed_json_schema() {
    let o = jobsim(&["schema"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let printed = stdout(&o);
    let schema: serde_json::Value = serde_json::from_str(&printed).expect("the schema is JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let committed = std::fs::read_to_string(common::root().join("docs/scenario.schema.json"))
        .unwrap_or_default();
    assert!(
        committed == printed,
        "docs/scenario.schema.json differs from `jobsim schema`; regenerate it with\n  \
         cargo run -- schema > docs/scenario.schema.json\nand review the diff"
    );
}

#[test]
fn every_library_scenario_points_at_the_schema() {
    let line = "# yaml-language-server: $schema=../../docs/scenario.schema.json";
    for rel in common::all_scenarios() {
        let src = std::fs::read_to_string(common::root().join(&rel)).unwrap();
        assert_eq!(
            src.lines().next(),
            Some(line),
            "{rel} must start with `{line}`"
        );
    }
}
