//! `jobsim run --check-determinism`: run a scenario twice and compare, record by record, a
//! digest of (time, sequence number, record). Every random draw reaches the trace through the
//! records it decides, so equal digests mean equal runs; on a difference the first differing
//! record is named, which is where a determinism bug shows itself first.

use sim_core::engine::{Stamped, TraceSink};
use sim_core::model::{simulate, Record};
use sim_core::rng::fnv1a_64;
use sim_core::scenario::Scenario;
use sim_core::time::SimDuration;

/// Keeps one digest per record and a rolling digest of the whole run.
#[derive(Default)]
struct DigestSink {
    per_record: Vec<u64>,
    rolling: u64,
}

impl TraceSink<Record> for DigestSink {
    fn record(&mut self, r: &Stamped<Record>) {
        let text = serde_json::to_string(r).unwrap_or_default();
        let h = fnv1a_64(&text);
        self.rolling = fnv1a_64(&format!("{:016x}{h:016x}", self.rolling));
        self.per_record.push(h);
    }
}

fn digests(sc: &Scenario, until: Option<SimDuration>) -> DigestSink {
    let mut sink = DigestSink::default();
    simulate(sc, until, &mut sink);
    sink
}

/// The record with sequence number `seq` from a fresh run, for the report.
fn record_at(sc: &Scenario, until: Option<SimDuration>, seq: usize) -> String {
    let (records, _) = sim_core::model::simulate_to_vec(sc, until);
    records
        .get(seq)
        .and_then(|r| serde_json::to_string(r).ok())
        .unwrap_or_else(|| "(no record)".to_string())
}

/// The index of the first record whose digest differs, or where one run has more records.
fn first_difference(a: &[u64], b: &[u64]) -> Option<usize> {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .or_else(|| (a.len() != b.len()).then(|| a.len().min(b.len())))
}

/// Runs twice; `Ok` with a one-line verdict, `Err` naming the first difference.
pub fn check(sc: &Scenario, until: Option<SimDuration>) -> Result<String, String> {
    let a = digests(sc, until);
    let b = digests(sc, until);
    match first_difference(&a.per_record, &b.per_record) {
        None => Ok(format!(
            "deterministic: {} (seed {}), 2 runs, {} records each, digest {:016x}\n",
            sc.name,
            sc.seed,
            a.per_record.len(),
            a.rolling
        )),
        Some(seq) => Err(format!(
            "not deterministic: {} (seed {}): runs differ first at record {seq}\n  this run: {}",
            sc.name,
            sc.seed,
            record_at(sc, until, seq)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_is_deterministic_and_the_digest_is_stable() {
        let src = include_str!("../scenarios/uidt/photo-backup.yaml");
        let sc = sim_core::scenario::parse_scenario("photo-backup.yaml", src).unwrap();
        let one = check(&sc, None).unwrap();
        let two = check(&sc, None).unwrap();
        assert_eq!(one, two);
        assert!(one.starts_with("deterministic:"), "{one}");
    }

    #[test]
    fn a_different_trace_is_caught_at_its_first_record() {
        assert_eq!(first_difference(&[1, 2, 3], &[1, 2, 3]), None);
        assert_eq!(first_difference(&[1, 2, 3], &[1, 2, 9]), Some(2));
        assert_eq!(
            first_difference(&[1, 2], &[1, 2, 3]),
            Some(2),
            "one run is longer"
        );
    }
}
