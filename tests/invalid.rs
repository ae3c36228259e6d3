//! Every file in `scenarios/invalid/` is rejected with a located error; the rendered text is
//! pinned so that a change to an error message is reviewed like code.

mod common;

use sim_core::scenario::parse_scenario;

#[test]
fn invalid_scenarios_have_located_errors() {
    let dir = common::root().join("scenarios/invalid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    for p in files {
        let rel = format!(
            "scenarios/invalid/{}",
            p.file_name().unwrap().to_string_lossy()
        );
        let bytes = std::fs::read(&p).unwrap();
        let src = String::from_utf8_lossy(&bytes);
        let err = match parse_scenario(&rel, &src) {
            Ok(_) => panic!("{rel} should be rejected"),
            Err(e) => e,
        };
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(format!("invalid__{name}"), err.render(&src));
    }
}
