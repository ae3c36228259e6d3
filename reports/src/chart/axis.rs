//! The time axis: maps simulated time to pixels and picks round tick steps, so spans from a
//! minute to a week get 4–12 labelled ticks in `h:mm` (`h:mm:ss` under a minute's step, and a day
//! prefix past two days).

use sim_core::time::SimTime;

const SECOND: u64 = 1_000;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

/// Round steps a person counts in.
const STEPS: [u64; 20] = [
    SECOND,
    2 * SECOND,
    5 * SECOND,
    10 * SECOND,
    15 * SECOND,
    30 * SECOND,
    MINUTE,
    2 * MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
];

/// Maps `[0, end]` onto the pixel columns `[x0, x0 + width]`.
#[derive(Clone, Copy, Debug)]
pub struct TimeAxis {
    pub x0: i32,
    pub width: i32,
    pub end_ms: u64,
}

impl TimeAxis {
    pub fn new(x0: i32, width: i32, end: SimTime) -> Self {
        TimeAxis {
            x0,
            width: width.max(1),
            end_ms: end.as_millis().max(1),
        }
    }

    /// The pixel column of `t` (integer arithmetic, so the same on every machine).
    pub fn x(&self, t: SimTime) -> i32 {
        let t = t.as_millis().min(self.end_ms);
        self.x0 + (u128::from(t) * self.width as u128 / u128::from(self.end_ms)) as i32
    }

    /// The tick step: the smallest round step giving at most one tick per `min_px` pixels.
    pub fn step_ms(&self, min_px: i32) -> u64 {
        let max_ticks = (self.width / min_px.max(1)).max(1) as u64;
        STEPS
            .iter()
            .copied()
            .find(|s| self.end_ms / s <= max_ticks)
            .unwrap_or(7 * DAY)
    }

    /// Tick instants from 0 to the end.
    pub fn ticks(&self, min_px: i32) -> (u64, Vec<SimTime>) {
        let step = self.step_ms(min_px);
        let n = self.end_ms / step;
        (
            step,
            (0..=n).map(|i| SimTime::from_millis(i * step)).collect(),
        )
    }
}

/// A tick label: `h:mm`, `h:mm:ss` when the step is under a minute, `Nd h:mm` for spans past
/// two days.
pub fn tick_label(t: SimTime, step_ms: u64, end_ms: u64) -> String {
    let ms = t.as_millis();
    let (d, h, m, s) = (
        ms / DAY,
        ms / HOUR,
        (ms % HOUR) / MINUTE,
        (ms % MINUTE) / SECOND,
    );
    if end_ms > 2 * DAY {
        format!("{d}d {}:{m:02}", h % 24)
    } else if step_ms < MINUTE {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{h}:{m:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(end_ms: u64) -> TimeAxis {
        TimeAxis::new(0, 1200, SimTime::from_millis(end_ms))
    }

    #[test]
    fn steps_are_round_for_every_span_from_a_minute_to_a_week() {
        // 1200 px at one tick per 100 px allows 12 ticks.
        assert_eq!(axis(MINUTE).step_ms(100), 5 * SECOND);
        assert_eq!(axis(2 * HOUR).step_ms(100), 10 * MINUTE);
        assert_eq!(axis(8 * HOUR).step_ms(100), HOUR);
        assert_eq!(axis(DAY).step_ms(100), 2 * HOUR);
        assert_eq!(axis(7 * DAY).step_ms(100), DAY);
    }

    #[test]
    fn labels_use_seconds_only_for_short_steps_and_days_for_long_spans() {
        let t = SimTime::from_millis(HOUR + 2 * MINUTE + 3 * SECOND);
        assert_eq!(tick_label(t, 5 * SECOND, HOUR), "1:02:03");
        assert_eq!(tick_label(t, 15 * MINUTE, 2 * HOUR), "1:02");
        let t = SimTime::from_millis(DAY + 6 * HOUR);
        assert_eq!(tick_label(t, 12 * HOUR, 3 * DAY), "1d 6:00");
    }

    #[test]
    fn x_maps_the_span_onto_the_width() {
        let a = TimeAxis::new(100, 1000, SimTime::from_millis(10_000));
        assert_eq!(a.x(SimTime::ZERO), 100);
        assert_eq!(a.x(SimTime::from_millis(5_000)), 600);
        assert_eq!(a.x(SimTime::from_millis(99_000)), 1100);
    }
}
