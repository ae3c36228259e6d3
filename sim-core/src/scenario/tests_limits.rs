//! Hostile-input limits: each cap rejects its input with an error that says which limit, and
//! points at the place that crossed it (the whole file only for the size cap).

use super::tests::{at, err, MINIMAL};
use super::validate::{MAX_ALIASES, MAX_ALIAS_NODES, MAX_DEPTH, MAX_FILE_BYTES, MAX_TIMELINE};
use super::validate_jobs::{MAX_GENERATED_JOBS, MAX_WORKLOAD_COUNT};

#[test]
fn file_size_is_capped_as_a_whole_file_error() {
    // A valid scenario padded with a comment: the size alone is the problem.
    let src = format!("{MINIMAL}# {}\n", "x".repeat(MAX_FILE_BYTES));
    let e = err(&src);
    assert_eq!(at(&e), (None, None, ""));
    assert!(
        e.message.contains("at most 10485760 bytes (10 MiB)"),
        "{}",
        e.message
    );
}

#[test]
fn alias_count_is_capped() {
    let mut src = format!("{MINIMAL}description: &d x\npolicy: {{}}\nx: [");
    for _ in 0..=MAX_ALIASES {
        src.push_str("*d,");
    }
    src.push_str("]\n");
    let e = err(&src);
    assert_eq!(e.line, Some(7));
    assert!(e.column.is_some());
    assert!(
        e.message.contains("more than 10000 aliases"),
        "{}",
        e.message
    );
}

#[test]
fn alias_expansion_is_capped() {
    // Nine levels of nine aliases each: 9^9 values from 81 aliases.
    let mut src = format!("{MINIMAL}a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let prev = format!("*a{}", level - 1);
        let items = [prev.as_str(); 9].join(", ");
        src.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    let e = err(&src);
    assert!(e.line.is_some_and(|l| (6..=15).contains(&l)), "{e}");
    assert!(
        e.message
            .contains(&format!("expand to more than {MAX_ALIAS_NODES} values")),
        "{}",
        e.message
    );
}

#[test]
fn nesting_depth_is_capped() {
    let n = MAX_DEPTH + 1;
    let src = format!("{MINIMAL}description: {}{}\n", "[".repeat(n), "]".repeat(n));
    let e = err(&src);
    assert_eq!(e.line, Some(5));
    assert!(
        e.message.contains("nests deeper than 64 levels"),
        "{}",
        e.message
    );
    // Far deeper input is refused just as fast, without a stack overflow.
    let n = 100_000;
    let src = format!("{MINIMAL}description: {}{}\n", "[".repeat(n), "]".repeat(n));
    let e = err(&src);
    assert!(e.message.contains("nests deeper"), "{e}");
    let src = format!("{MINIMAL}description: {}x\n", "{a: ".repeat(n));
    assert!(err(&src).line.is_some());
}

#[test]
fn workload_count_is_capped() {
    let src = format!(
        "{MINIMAL}workloads:\n  - {{ app: com.example.a, count: {}, first_id: 1, arrivals: {{ every: 1s }} }}\n",
        MAX_WORKLOAD_COUNT + 1
    );
    let e = err(&src);
    assert_eq!(at(&e), (Some(6), Some(34), "workloads[0].count"));
    assert!(e.message.contains("from 1 to 100000"), "{}", e.message);
}

#[test]
fn generated_jobs_are_capped_across_workloads() {
    let per = u64::from(MAX_WORKLOAD_COUNT);
    let n = MAX_GENERATED_JOBS / per + 1;
    let mut src = format!("{MINIMAL}workloads:\n");
    for i in 0..n {
        src.push_str(&format!(
            "  - {{ app: com.example.a, count: {per}, first_id: {}, arrivals: {{ every: 1s }} }}\n",
            i * per
        ));
    }
    let e = err(&src);
    let last = usize::try_from(n - 1).unwrap();
    assert_eq!(
        at(&e),
        (
            Some(6 + last),
            Some(34),
            format!("workloads[{last}].count").as_str()
        )
    );
    assert!(
        e.message.contains("at most 1000000 are accepted"),
        "{}",
        e.message
    );
}

#[test]
fn duration_is_capped_at_365_days() {
    for d in ["366d", "10000d", "8785h"] {
        let e = err(&format!(
            "name: t\nduration: {d}\napps: [{{ package: com.example.a }}]\n"
        ));
        assert_eq!(at(&e), (Some(2), Some(11), "duration"));
        assert!(e.message.contains("at most 365d"), "{}", e.message);
    }
}

#[test]
fn timeline_length_is_capped() {
    let mut src = format!("{MINIMAL}timeline:\n");
    for _ in 0..=MAX_TIMELINE {
        src.push_str("- {at: 0s, screen: on}\n");
    }
    let e = err(&src);
    assert_eq!(
        at(&e),
        (Some(6 + MAX_TIMELINE), Some(3), "timeline[100000]")
    );
    assert!(e.message.contains("at most 100000"), "{}", e.message);
}

#[test]
fn yaml_1_1_line_breaks_are_rejected_where_they_are() {
    // The YAML library would count NEL as a line break and every later location would be off.
    let e = err("name: a\u{85}b\nduration: 1h\n");
    assert_eq!(at(&e), (Some(1), Some(8), ""));
    assert!(e.message.contains("U+0085"), "{}", e.message);
}

#[test]
fn control_characters_are_located_across_lone_carriage_returns() {
    let e = err("name: t\rduration: 1h\r\nx: \u{1}\n");
    assert_eq!(at(&e), (Some(3), Some(4), ""));
}

#[test]
fn a_second_document_is_rejected_at_its_start() {
    let e = err(&format!("{MINIMAL}---\nname: u\n"));
    assert_eq!(at(&e), (Some(5), Some(1), ""));
    assert!(e.message.contains("single YAML document"), "{}", e.message);
}
