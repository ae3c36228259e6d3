//! RAM size and memory pressure (ProcessStats `ADJ_MEM_FACTOR_*`), which set JobScheduler's
//! concurrency (reference §6.1) and drive the low-memory killer.

use crate::units::Bytes;
use serde::Serialize;

/// Memory trim level as JobConcurrencyManager reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemoryPressure {
    Normal,
    Moderate,
    Low,
    Critical,
}

impl MemoryPressure {
    pub fn name(self) -> &'static str {
        match self {
            Self::Normal => "NORMAL",
            Self::Moderate => "MODERATE",
            Self::Low => "LOW",
            Self::Critical => "CRITICAL",
        }
    }
}

const GIB: u64 = 1 << 30;

/// `JobConcurrencyManager` default concurrency by device RAM: a low-RAM device gets 8; up to
/// 6 GiB 16; up to 8 GiB 20; up to 12 GiB 32; more 40. (RAM is compared in GiB.)
pub fn default_concurrency_limit(ram: Bytes, low_ram_device: bool) -> u32 {
    if low_ram_device {
        8
    } else if ram.0 <= 6 * GIB {
        16
    } else if ram.0 <= 8 * GIB {
        20
    } else if ram.0 <= 12 * GIB {
        32
    } else {
        40
    }
}

/// Memory state: the scripted level, and the level the foreground app pushes it to.
#[derive(Clone, Debug)]
pub struct Memory {
    pub ram: Bytes,
    pub low_ram_device: bool,
    scripted: MemoryPressure,
    from_foreground: MemoryPressure,
}

impl Memory {
    pub fn new(ram: Bytes, low_ram_device: bool, initial: MemoryPressure) -> Self {
        Self {
            ram,
            low_ram_device,
            scripted: initial,
            from_foreground: MemoryPressure::Normal,
        }
    }

    /// The pressure in force: the worse of the scripted level and the foreground app's.
    pub fn pressure(&self) -> MemoryPressure {
        self.scripted.max(self.from_foreground)
    }

    pub fn set_scripted(&mut self, p: MemoryPressure) {
        self.scripted = p;
    }

    pub fn set_from_foreground(&mut self, p: MemoryPressure) {
        self.from_foreground = p;
    }
}

/// The default concurrency for a device's memory.
pub fn default_concurrency_limit_for(m: &Memory) -> u32 {
    default_concurrency_limit(m.ram, m.low_ram_device)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrency_by_ram() {
        assert_eq!(default_concurrency_limit(Bytes(4 * GIB), false), 16);
        assert_eq!(default_concurrency_limit(Bytes(8 * GIB), false), 20);
        assert_eq!(default_concurrency_limit(Bytes(12 * GIB), false), 32);
        assert_eq!(default_concurrency_limit(Bytes(16 * GIB), false), 40);
        assert_eq!(default_concurrency_limit(Bytes(16 * GIB), true), 8);
    }

    #[test]
    fn foreground_app_can_raise_pressure() {
        let mut m = Memory::new(Bytes(8 * GIB), false, MemoryPressure::Normal);
        m.set_from_foreground(MemoryPressure::Critical);
        assert_eq!(m.pressure(), MemoryPressure::Critical);
        m.set_from_foreground(MemoryPressure::Normal);
        m.set_scripted(MemoryPressure::Moderate);
        assert_eq!(m.pressure(), MemoryPressure::Moderate);
    }
}
