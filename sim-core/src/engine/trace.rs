//! Trace output: time-stamped records and the sinks that receive them.
//!
//! Records are stamped by the engine, not the model, so every record carries
//! the simulated time it was produced at and a global sequence number that
//! totally orders records even within one millisecond. Sinks are a trait so a
//! run can stream to a file, collect in memory for tests, or just count when
//! benchmarking, without the model knowing which.

use serde::Serialize;

use crate::time::SimTime;

/// A record plus the engine's stamp. Serialized flat (`t_ms`, `seq`, then the
/// record's own fields) so each trace line is a single flat object.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stamped<R> {
    /// Simulated time at which the record was emitted.
    pub t_ms: SimTime,
    /// Position in the run's record stream, starting at 0.
    pub seq: u64,
    /// The model's payload.
    #[serde(flatten)]
    pub record: R,
}

/// Destination for stamped records.
pub trait TraceSink<R> {
    /// Receives one record; called in `seq` order.
    fn record(&mut self, rec: &Stamped<R>);
}

/// Collects everything in memory, mainly for tests and small runs.
impl<R: Clone> TraceSink<R> for Vec<Stamped<R>> {
    fn record(&mut self, rec: &Stamped<R>) {
        self.push(rec.clone());
    }
}

/// Discards everything; for runs where only the final model state matters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NullSink;

impl<R> TraceSink<R> for NullSink {
    fn record(&mut self, _rec: &Stamped<R>) {}
}

/// Counts records without storing them; cheap enough for benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CountingSink {
    /// Records seen so far.
    pub count: u64,
}

impl<R> TraceSink<R> for CountingSink {
    fn record(&mut self, _rec: &Stamped<R>) {
        self.count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq, Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Rec {
        JobStart { job: u32 },
    }

    fn stamp(seq: u64) -> Stamped<Rec> {
        Stamped {
            t_ms: SimTime::from_millis(1500),
            seq,
            record: Rec::JobStart { job: 7 },
        }
    }

    #[test]
    fn serializes_flat() {
        let s = serde_yaml::to_string(&stamp(3)).unwrap();
        assert_eq!(s, "t_ms: 1500\nseq: 3\nkind: job_start\njob: 7\n");
    }

    #[test]
    fn sinks() {
        let mut v: Vec<Stamped<Rec>> = Vec::new();
        v.record(&stamp(0));
        v.record(&stamp(1));
        assert_eq!(v, vec![stamp(0), stamp(1)]);
        let mut c = CountingSink::default();
        TraceSink::<Rec>::record(&mut c, &stamp(0));
        TraceSink::<Rec>::record(&mut c, &stamp(1));
        assert_eq!(c.count, 2);
        let mut n = NullSink;
        n.record(&stamp(0));
    }
}
