//! JobConcurrencyManager's limits (reference §6.1): the total concurrency from RAM or the
//! `concurrency_limit` tunable, and the maximum running jobs of the configuration for the screen
//! state and memory trim level. (Per-work-type reserved and maximum slots build on this.)

use crate::device::MemoryPressure;

/// `maxTotal` of the screen × memory configuration, integer arithmetic as the platform does:
/// screen on: normal L·3/4, moderate L/2, low and critical L·4/10;
/// screen off: normal L, moderate L·9/10, low L·6/10, critical L·4/10.
pub fn max_total(limit: u32, screen_on: bool, pressure: MemoryPressure) -> u32 {
    let (num, den) = match (screen_on, pressure) {
        (true, MemoryPressure::Normal) => (3, 4),
        (true, MemoryPressure::Moderate) => (1, 2),
        (true, _) => (4, 10),
        (false, MemoryPressure::Normal) => (1, 1),
        (false, MemoryPressure::Moderate) => (9, 10),
        (false, MemoryPressure::Low) => (6, 10),
        (false, MemoryPressure::Critical) => (4, 10),
    };
    (limit * num / den).max(1)
}

/// JobConcurrencyManager's work types, in importance order (lower is more important; the bit
/// values are TOP=1, FGS=2, UI=4, EJ=8, BG=16, BGUSER_IMPORTANT=32, BGUSER=64).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum WorkType {
    #[serde(rename = "TOP")]
    Top,
    #[serde(rename = "FGS")]
    Fgs,
    #[serde(rename = "UI")]
    Ui,
    #[serde(rename = "EJ")]
    Ej,
    #[serde(rename = "BG")]
    Bg,
    #[serde(rename = "BGUSER_IMPORTANT")]
    BgUserImportant,
    #[serde(rename = "BGUSER")]
    BgUser,
}

impl WorkType {
    pub const ALL: [WorkType; 7] = [
        Self::Top,
        Self::Fgs,
        Self::Ui,
        Self::Ej,
        Self::Bg,
        Self::BgUserImportant,
        Self::BgUser,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Top => "TOP",
            Self::Fgs => "FGS",
            Self::Ui => "UI",
            Self::Ej => "EJ",
            Self::Bg => "BG",
            Self::BgUserImportant => "BGUSER_IMPORTANT",
            Self::BgUser => "BGUSER",
        }
    }

    /// The work types a foreground-user job may run as, most important first: EJ (when treated
    /// as expedited) or UI (when treated as user-initiated) ranks by its bit value among TOP
    /// (bias ≥ 40), FGS (≥ 35) or BG.
    pub fn for_job(bias: i32, expedited: bool, user_initiated: bool) -> JobWorkTypes {
        let base = if bias >= crate::app::BIAS_TOP_APP {
            Self::Top
        } else if bias >= crate::app::BIAS_FOREGROUND_SERVICE {
            Self::Fgs
        } else {
            Self::Bg
        };
        let extra = if expedited {
            Some(Self::Ej)
        } else if user_initiated {
            Some(Self::Ui)
        } else {
            None
        };
        match extra {
            None => JobWorkTypes {
                items: [base, base],
                len: 1,
            },
            Some(e) => JobWorkTypes {
                items: [base.min(e), base.max(e)],
                len: 2,
            },
        }
    }
}

/// A job's one or two candidate work types, most important first (no allocation: assignment
/// computes these for every ready job on every pass).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobWorkTypes {
    items: [WorkType; 2],
    len: u8,
}

impl JobWorkTypes {
    pub fn first(&self) -> WorkType {
        self.items[0]
    }

    pub fn as_slice(&self) -> &[WorkType] {
        &self.items[..usize::from(self.len)]
    }
}

/// Reserved minimum and maximum running jobs per work type in one configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotConfig {
    pub max_total: u32,
    pub min: [u32; 7],
    pub max: [u32; 7],
}

/// The minimum ratios (TOP, FGS, UI, EJ, BG, BGUSER_IMPORTANT) and maximum ratios (BG,
/// BGUSER_IMPORTANT, BGUSER) of each screen × memory configuration (reference §6.1).
fn ratios(screen_on: bool, pressure: MemoryPressure) -> ([f64; 6], [f64; 3]) {
    use MemoryPressure::*;
    match (screen_on, pressure) {
        (true, Normal) => ([0.4, 0.2, 0.1, 0.1, 0.05, 0.05], [0.5, 0.25, 0.2]),
        (true, Moderate) => ([0.4, 0.1, 0.1, 0.1, 0.1, 0.1], [0.4, 0.1, 0.1]),
        (true, Low) => (
            [0.6, 0.1, 0.1, 0.1, 0.0, 0.0],
            [1.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0],
        ),
        (true, Critical) => (
            [0.7, 0.1, 0.1, 0.05, 0.0, 0.0],
            [1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0],
        ),
        (false, Normal) => ([0.3, 0.2, 0.2, 0.15, 0.1, 0.05], [0.6, 0.2, 0.2]),
        (false, Moderate) => ([0.3, 0.2, 0.2, 0.15, 0.1, 0.05], [0.5, 0.1, 0.1]),
        (false, Low) => ([0.3, 0.15, 0.15, 0.1, 0.05, 0.05], [0.25, 0.1, 0.1]),
        (false, Critical) => ([0.3, 0.1, 0.1, 0.05, 0.0, 0.0], [0.1, 0.1, 0.1]),
    }
}

/// The slot configuration: counts are `(int)(maxTotal × ratio)`; the minimums are handed out in
/// work-type order from what remains of the total (TOP gets at least one); maximums are at
/// least one; work types without a maximum ratio may use every slot.
pub fn slot_config(limit: u32, screen_on: bool, pressure: MemoryPressure) -> SlotConfig {
    let total = max_total(limit, screen_on, pressure);
    let (mins, maxs) = ratios(screen_on, pressure);
    let share = |r: f64| (f64::from(total) * r) as u32;
    let mut min = [0u32; 7];
    let mut left = total;
    for (i, r) in mins.iter().enumerate() {
        let want = if i == 0 { share(*r).max(1) } else { share(*r) };
        min[i] = want.min(left);
        left -= min[i];
    }
    let mut max = [total; 7];
    for (k, r) in maxs.iter().enumerate() {
        max[4 + k] = share(*r).max(1);
    }
    SlotConfig {
        max_total: total,
        min,
        max,
    }
}

impl SlotConfig {
    /// Whether a job may start as work type `t` (`WorkCountTracker.canJobStart`): below the
    /// type's maximum and the total, and either inside the type's reserved minimum or with a
    /// free slot that no other type with waiting work still has reserved.
    pub fn can_start(&self, t: WorkType, running: &[u32; 7], pending: &[u32; 7]) -> bool {
        let i = t as usize;
        let total: u32 = running.iter().sum();
        if running[i] >= self.max[i] || total >= self.max_total {
            return false;
        }
        if running[i] < self.min[i] {
            return true;
        }
        let reserved_for_others: u32 = (0..7)
            .filter(|&u| u != i)
            .map(|u| {
                self.min[u]
                    .min(running[u] + pending[u])
                    .saturating_sub(running[u])
            })
            .sum();
        self.max_total - total > reserved_for_others
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_configs_from_the_reference() {
        // L = 16, screen on, normal: total 12, min TOP 4 / FGS 2 / UI 1 / EJ 1, max BG 6 / BGUI 3 / BGUSER 2.
        let c = slot_config(16, true, MemoryPressure::Normal);
        assert_eq!(c.max_total, 12);
        assert_eq!(&c.min[..6], &[4, 2, 1, 1, 0, 0]);
        assert_eq!(&c.max[4..], &[6, 3, 2]);
        // L = 20, screen off, normal: total 20, min TOP 6 / FGS 4 / UI 4 / EJ 3 / BG 2 / BGUI 1, BG ≤ 12.
        let c = slot_config(20, false, MemoryPressure::Normal);
        assert_eq!(&c.min[..6], &[6, 4, 4, 3, 2, 1]);
        assert_eq!(c.max[4], 12);
        // L = 16, screen off, critical: total 6, min TOP 1, max BG 1.
        let c = slot_config(16, false, MemoryPressure::Critical);
        assert_eq!((c.max_total, c.min[0], c.max[4]), (6, 1, 1));
    }

    #[test]
    fn background_jobs_leave_reserved_slots_to_waiting_types() {
        let c = slot_config(16, true, MemoryPressure::Normal);
        let mut running = [0u32; 7];
        running[WorkType::Bg as usize] = 6;
        assert!(
            !c.can_start(WorkType::Bg, &running, &[0; 7]),
            "BG at its maximum of 6"
        );
        running[WorkType::Bg as usize] = 3;
        running[WorkType::Top as usize] = 6;
        let mut pending = [0u32; 7];
        pending[WorkType::Ui as usize] = 1;
        // 3 free slots, 1 reserved for the waiting UI job: BG may still take one.
        assert!(c.can_start(WorkType::Bg, &running, &pending));
        running[WorkType::Bg as usize] = 5;
        // 1 free slot, reserved for UI.
        assert!(!c.can_start(WorkType::Bg, &running, &pending));
        assert!(c.can_start(WorkType::Ui, &running, &pending));
    }

    #[test]
    fn job_work_types_in_importance_order() {
        assert_eq!(
            WorkType::for_job(0, true, false).as_slice(),
            vec![WorkType::Ej, WorkType::Bg]
        );
        assert_eq!(
            WorkType::for_job(40, false, true).as_slice(),
            vec![WorkType::Top, WorkType::Ui]
        );
    }

    #[test]
    fn derived_totals_from_the_reference() {
        assert_eq!(max_total(16, true, MemoryPressure::Normal), 12);
        assert_eq!(max_total(16, false, MemoryPressure::Normal), 16);
        assert_eq!(max_total(16, false, MemoryPressure::Critical), 6);
        assert_eq!(max_total(20, true, MemoryPressure::Normal), 15);
        assert_eq!(max_total(20, false, MemoryPressure::Low), 12);
    }
}
