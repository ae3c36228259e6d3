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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_totals_from_the_reference() {
        assert_eq!(max_total(16, true, MemoryPressure::Normal), 12);
        assert_eq!(max_total(16, false, MemoryPressure::Normal), 16);
        assert_eq!(max_total(16, false, MemoryPressure::Critical), 6);
        assert_eq!(max_total(20, true, MemoryPressure::Normal), 15);
        assert_eq!(max_total(20, false, MemoryPressure::Low), 12);
    }
}
