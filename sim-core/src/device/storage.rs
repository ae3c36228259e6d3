//! Free storage and the storage-low state (`ACTION_DEVICE_STORAGE_LOW/OK`, StorageController).
//! The low threshold is StorageManager's `min(5 % of the volume, 500 MiB)` (reference §3.3).

use crate::units::Bytes;

const LOW_CAP: u64 = 500 << 20;

#[derive(Clone, Debug)]
pub struct Storage {
    pub total: Bytes,
    free: u64,
}

impl Storage {
    pub fn new(total: Bytes, free: Bytes) -> Self {
        Self {
            free: free.0.min(total.0),
            total,
        }
    }

    /// `StorageManager.getStorageLowBytes`: 5 % of the volume, at most 500 MiB.
    pub fn low_threshold(&self) -> u64 {
        (self.total.0 / 20).min(LOW_CAP)
    }

    pub fn free(&self) -> u64 {
        self.free
    }

    pub fn is_low(&self) -> bool {
        self.free < self.low_threshold()
    }

    /// Bytes written by a download.
    pub fn consume(&mut self, bytes: u64) {
        self.free = self.free.saturating_sub(bytes);
    }

    pub fn set_free(&mut self, free: Bytes) {
        self.free = free.0.min(self.total.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_is_five_percent_capped_at_500_mib() {
        assert_eq!(
            Storage::new(Bytes(4 << 30), Bytes(0)).low_threshold(),
            (4u64 << 30) / 20
        );
        assert_eq!(
            Storage::new(Bytes(128 << 30), Bytes(0)).low_threshold(),
            500 << 20
        );
    }

    #[test]
    fn downloads_can_make_storage_low() {
        let mut s = Storage::new(Bytes(128 << 30), Bytes(600 << 20));
        assert!(!s.is_low());
        s.consume(101 << 20);
        assert!(s.is_low());
    }
}
