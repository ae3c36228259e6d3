//! The metrics a sweep can compute per run: their names (as written in the sweep file's
//! `metrics:`), their output columns and units. The values come from [`super::accumulate`].

use crate::job::StopReason;
use crate::policy::pending::Blockers;

/// One selectable metric. Some expand to one column per reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Metric {
    JobsFinished,
    JobsNeverFinished,
    FinishTimeP50,
    FinishTimeP95,
    FinishTimeMax,
    StopsTotal,
    StopsByReason,
    Attempts,
    BytesMoved,
    BytesWasted,
    BatteryUsedMah,
    PeakTemperatureC,
    PendingTimeByReason,
}

impl Metric {
    /// Every metric, in output column order (also the default selection).
    pub const ALL: [Metric; 13] = [
        Metric::JobsFinished,
        Metric::JobsNeverFinished,
        Metric::FinishTimeP50,
        Metric::FinishTimeP95,
        Metric::FinishTimeMax,
        Metric::StopsTotal,
        Metric::StopsByReason,
        Metric::Attempts,
        Metric::BytesMoved,
        Metric::BytesWasted,
        Metric::BatteryUsedMah,
        Metric::PeakTemperatureC,
        Metric::PendingTimeByReason,
    ];

    /// The name in sweep files and, for single-column metrics, the column name.
    pub fn name(self) -> &'static str {
        match self {
            Metric::JobsFinished => "jobs_finished",
            Metric::JobsNeverFinished => "jobs_never_finished",
            Metric::FinishTimeP50 => "finish_time_p50",
            Metric::FinishTimeP95 => "finish_time_p95",
            Metric::FinishTimeMax => "finish_time_max",
            Metric::StopsTotal => "stops_total",
            Metric::StopsByReason => "stops_by_reason",
            Metric::Attempts => "attempts",
            Metric::BytesMoved => "bytes_moved",
            Metric::BytesWasted => "bytes_wasted",
            Metric::BatteryUsedMah => "battery_used_mah",
            Metric::PeakTemperatureC => "peak_temperature_c",
            Metric::PendingTimeByReason => "pending_time_by_reason",
        }
    }

    /// Looks a metric up by name; `finish_time` is not one (name the percentile).
    pub fn from_name(name: &str) -> Option<Metric> {
        Self::ALL.iter().copied().find(|m| m.name() == name)
    }

    /// The metric's output columns.
    pub fn columns(self) -> Vec<String> {
        match self {
            Metric::StopsByReason => StopReason::ALL
                .iter()
                .map(|r| format!("stops.{}", r.name()))
                .collect(),
            Metric::PendingTimeByReason => pending_reason_names()
                .iter()
                .map(|r| format!("pending_time.{r}"))
                .collect(),
            m => vec![m.name().to_string()],
        }
    }
}

/// Every `PENDING_JOB_REASON_*` name the model can report, in code order: taken from the
/// model's own table (all blockers at once), so a new reason gets a column without an edit here.
pub fn pending_reason_names() -> Vec<&'static str> {
    Blockers(u32::MAX).pending_reasons()
}

/// Every metric name, for error messages.
pub fn names_list() -> String {
    Metric::ALL
        .iter()
        .map(|m| format!("`{}`", m.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_reasons_expand() {
        for m in Metric::ALL {
            assert_eq!(Metric::from_name(m.name()), Some(m));
        }
        assert_eq!(Metric::StopsByReason.columns().len(), StopReason::ALL.len());
        let pending = Metric::PendingTimeByReason.columns();
        assert!(pending.contains(&"pending_time.PENDING_JOB_REASON_DEVICE_STATE".to_string()));
        let mut dedup = pending.clone();
        dedup.dedup();
        assert_eq!(dedup, pending);
    }
}
