//! Cancellable timers via lazy cancellation.
//!
//! A binary heap cannot cheaply remove an arbitrary entry, and searching it
//! would be O(n). Instead, each logical timer keeps a generation counter:
//! arming it returns a fresh generation that the scheduled event carries,
//! and cancelling or re-arming bumps the counter. When an event fires, the
//! handler asks [`TimerSlot::is_current`] and simply ignores stale events.
//! The stale entries cost a pop each, which is far cheaper than removal.

/// Generation counter for one logical timer (e.g. "job 7's deadline").
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerSlot {
    gen: u32,
}

impl TimerSlot {
    /// Starts a new arming of the timer and returns its generation; any event
    /// carrying an older generation becomes stale. Wraps after 2^32 arms,
    /// which is far beyond any single timer's lifetime in a run.
    pub fn arm(&mut self) -> u32 {
        self.gen = self.gen.wrapping_add(1);
        self.gen
    }

    /// Invalidates every outstanding event for this timer.
    pub fn cancel(&mut self) {
        self.gen = self.gen.wrapping_add(1);
    }

    /// Whether an event armed with `gen` is still the live one.
    pub fn is_current(&self, gen: u32) -> bool {
        self.gen == gen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rearm_invalidates_old() {
        let mut t = TimerSlot::default();
        let g1 = t.arm();
        assert!(t.is_current(g1));
        let g2 = t.arm();
        assert_ne!(g1, g2);
        assert!(!t.is_current(g1));
        assert!(t.is_current(g2));
    }

    #[test]
    fn cancel_invalidates() {
        let mut t = TimerSlot::default();
        let g = t.arm();
        t.cancel();
        assert!(!t.is_current(g));
        let g2 = t.arm();
        assert!(t.is_current(g2));
    }

    #[test]
    fn first_arm_is_not_the_default_generation() {
        // Generation 0 is never handed out by arm(), but a default slot
        // reports it as current; callers only ever hold gens from arm().
        let mut t = TimerSlot::default();
        assert_ne!(t.arm(), 0);
    }
}
