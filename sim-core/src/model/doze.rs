//! DeviceIdleController's state machines as JobScheduler sees them (reference §9).
//!
//! With the screen off and no power, light idle starts after `light_after_inactive_to` and then
//! alternates light-idle periods (5 min, growing ×2 up to 15 min) with maintenance windows
//! (1 min, extended up to 5 min while jobs still run). Deep idle starts after `inactive_to` plus
//! sensing and locating, supersedes light idle, and alternates deep-idle periods (60 min, ×2 up
//! to 6 h) with maintenance windows (5 min, ×2 up to 10 min). The screen turning on or power
//! connecting ends everything at once. Maintenance windows lift the "device not dozing"
//! constraint; going back to idle stops the jobs it restricts.

use super::event::Event;
use super::record::Record;
use super::world::World;
use super::Cx;
use crate::device::DozeState;
use crate::policy::Tunables;
use crate::time::{SimDuration, SimTime};

/// The growing periods of the two idle cycles.
#[derive(Clone, Copy, Debug, Default)]
pub struct DozeCycle {
    pub armed: bool,
    pub light_idle_ms: u64,
    pub light_window_start: Option<SimTime>,
    pub deep_idle_ms: u64,
    pub deep_window_ms: u64,
}

fn grow(cur: u64, factor: f64, max: u64) -> u64 {
    ((cur as f64 * factor.max(1.0)) as u64).min(max)
}

impl World {
    fn ms(v: i64) -> SimDuration {
        SimDuration::from_millis(Tunables::ms(v))
    }

    /// Screen or power changed: start the idle countdowns, or end doze.
    pub fn update_doze_conditions(&mut self, cx: &mut Cx) {
        let plugged = self.device.battery.plugged().is_some();
        if !self.device.screen.can_doze(plugged) {
            self.doze_timer.cancel();
            self.doze.armed = false;
            self.set_doze(DozeState::Active, cx);
            return;
        }
        if self.doze.armed || self.device.screen.doze() != DozeState::Active {
            return;
        }
        let t = &self.policy.tunables;
        self.doze = DozeCycle {
            armed: true,
            light_idle_ms: Tunables::ms(t.light_idle_to_ms),
            light_window_start: None,
            deep_idle_ms: Tunables::ms(t.idle_to_ms),
            deep_window_ms: Tunables::ms(t.idle_pending_to_ms),
        };
        let light = Self::ms(t.light_after_inactive_to_ms);
        let deep = Self::ms(t.inactive_to_ms) + Self::ms(t.deep_idle_settle_ms);
        let gen = self.doze_timer.arm();
        cx.after(
            light,
            Event::DozeStep {
                gen,
                to: DozeState::LightIdle,
            },
        );
        cx.after(
            deep,
            Event::DozeStep {
                gen,
                to: DozeState::DeepIdle,
            },
        );
    }

    pub fn on_doze_step(&mut self, gen: u32, to: DozeState, cx: &mut Cx) {
        if !self.doze_timer.is_current(gen) {
            return;
        }
        let now = cx.now();
        let current = self.device.screen.doze();
        // Deep idle supersedes the light cycle: its pending steps are ignored from then on.
        if current.is_deep() && !to.is_deep() {
            return;
        }
        let t = self.policy.tunables.clone();
        match to {
            DozeState::LightIdle => {
                if let (DozeState::LightMaintenance, Some(start)) =
                    (current, self.doze.light_window_start)
                {
                    // The window closes at its minimum budget unless jobs still run, then at the
                    // maximum budget.
                    let max_end =
                        start.saturating_add(Self::ms(t.light_idle_maintenance_max_budget_ms));
                    if !self.running.is_empty() && now < max_end {
                        cx.at(
                            max_end,
                            Event::DozeStep {
                                gen,
                                to: DozeState::LightIdle,
                            },
                        );
                        return;
                    }
                    self.doze.light_idle_ms = grow(
                        self.doze.light_idle_ms,
                        t.light_idle_factor,
                        Tunables::ms(t.light_max_idle_to_ms),
                    );
                }
                self.set_doze(DozeState::LightIdle, cx);
                let period = SimDuration::from_millis(self.doze.light_idle_ms);
                cx.after(
                    period,
                    Event::DozeStep {
                        gen,
                        to: DozeState::LightMaintenance,
                    },
                );
            }
            DozeState::LightMaintenance => {
                self.doze.light_window_start = Some(now);
                self.set_doze(DozeState::LightMaintenance, cx);
                let window = Self::ms(t.light_idle_maintenance_min_budget_ms);
                cx.after(
                    window,
                    Event::DozeStep {
                        gen,
                        to: DozeState::LightIdle,
                    },
                );
            }
            DozeState::DeepIdle => {
                if current == DozeState::DeepMaintenance {
                    self.doze.deep_idle_ms = grow(
                        self.doze.deep_idle_ms,
                        t.idle_factor,
                        Tunables::ms(t.max_idle_to_ms),
                    );
                    self.doze.deep_window_ms = grow(
                        self.doze.deep_window_ms,
                        t.idle_pending_factor,
                        Tunables::ms(t.max_idle_pending_to_ms),
                    );
                }
                self.set_doze(DozeState::DeepIdle, cx);
                let period = SimDuration::from_millis(self.doze.deep_idle_ms);
                cx.after(
                    period,
                    Event::DozeStep {
                        gen,
                        to: DozeState::DeepMaintenance,
                    },
                );
            }
            DozeState::DeepMaintenance => {
                self.set_doze(DozeState::DeepMaintenance, cx);
                let window = SimDuration::from_millis(self.doze.deep_window_ms);
                cx.after(
                    window,
                    Event::DozeStep {
                        gen,
                        to: DozeState::DeepIdle,
                    },
                );
            }
            DozeState::Active => self.set_doze(DozeState::Active, cx),
        }
    }

    /// Sets the modeled doze stage; entering deep idle stops non-exempt running jobs and every
    /// job past its minimum guarantee (JobConcurrencyManager, reference §9).
    pub fn set_doze(&mut self, to: DozeState, cx: &mut Cx) {
        let before = self.device.screen.doze();
        self.device.screen.set_modeled(to);
        let after = self.device.screen.doze();
        if before != after {
            self.doze_changed(after, cx);
        }
    }

    /// Records a doze change and applies what it restricts.
    pub fn doze_changed(&mut self, state: DozeState, cx: &mut Cx) {
        cx.emit(Record::Doze {
            state,
            forced: self.device.screen.is_forced(),
        });
        self.dirty_all = true;
        if state == DozeState::DeepIdle {
            self.stop_overtime_jobs(cx, "deep doze");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::grow;

    #[test]
    fn periods_grow_to_their_caps() {
        // 60 min -> 2 h -> 4 h -> 6 h (capped).
        let mut d = 3_600_000;
        let series: Vec<u64> = (0..4)
            .map(|_| {
                d = grow(d, 2.0, 21_600_000);
                d
            })
            .collect();
        assert_eq!(series, vec![7_200_000, 14_400_000, 21_600_000, 21_600_000]);
    }
}
