//! `jobsim schema`: prints the JSON Schema of the scenario format, which editors use for
//! completion and checks as the files are written. `docs/scenario.schema.json` is this output,
//! committed so that scenarios can point at it (`# yaml-language-server: $schema=...`); a test
//! keeps the two equal.

/// The schema text, ending in a newline.
pub fn schema() -> String {
    sim_core::scenario::scenario_schema_json()
}
