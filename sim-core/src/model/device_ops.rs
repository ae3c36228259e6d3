//! Device dynamics inside the world: integrating the continuous models between events, and
//! turning their threshold crossings and scripted changes into records and re-evaluation.

use super::event::Event;
use super::record::Record;
use super::world::World;
use super::Cx;
use crate::app::ProcState;
use crate::device::{DozeState, HeatSources, MemoryPressure, Transport};
use crate::engine::Ctx;
use crate::job::Verb;
use crate::policy::Tunables;
use crate::rng::exp_sample;
use crate::time::SimDuration;

impl World {
    fn heat_sources(&self) -> HeatSources {
        let screen_on = self.device.screen.screen_on;
        let fg = screen_on && self.apps.iter().any(|a| a.proc == ProcState::Top);
        let (mut jobs, mut transfers) = (0u32, 0u32);
        for &j in &self.running {
            let Some(r) = self.jobs[j].run.as_ref() else {
                continue;
            };
            if r.verb == Verb::Executing {
                jobs += 1;
                if r.rates[0] > 0.0 || r.rates[1] > 0.0 {
                    transfers += 1;
                }
            }
        }
        // Foreground-service transfers work the CPU and radio like jobs do.
        let (fgs_work, fgs_transfers) = self.fgs_load();
        jobs += fgs_work;
        transfers += fgs_transfers;
        HeatSources {
            screen_on,
            foreground_app: fg,
            running_jobs: jobs,
            transfers,
            charging: self.device.battery.is_charging(),
        }
    }

    fn current_draw_ma(&self, heat: HeatSources) -> f64 {
        let d = &self.device.battery.params.draw;
        let base = if self.device.screen.doze() == DozeState::DeepIdle {
            d.doze_base.0
        } else {
            d.base.0
        };
        let radio = match self.device.network.current().transport {
            Transport::Cellular => d.cellular_transfer.0,
            Transport::None => 0.0,
            _ => d.wifi_transfer.0,
        };
        base + if heat.screen_on { d.screen.0 } else { 0.0 }
            + if heat.foreground_app {
                d.foreground_app.0
            } else {
                0.0
            }
            + f64::from(heat.running_jobs) * d.per_running_job.0
            + if heat.transfers > 0 { radio } else { 0.0 }
    }

    /// Integrates battery, temperature and job progress from the last settle to now, at the
    /// rates in force since then (they are piecewise constant between events).
    pub fn settle(&mut self, cx: &mut Cx) {
        let now = cx.now();
        let dt = now.saturating_since(self.last_settle).as_millis();
        if dt > 0 {
            let heat = self.heat_sources();
            let draw = self.current_draw_ma(heat);
            self.device.thermal.advance(dt, heat);
            self.device.battery.advance(dt, draw);
            self.last_settle = now;
        }
        self.settle_progress(now);
        self.report_device_changes(cx);
    }

    /// Emits a record for each discrete device value that changed, and marks everything dirty.
    /// Runs at every settle, where usually nothing changed: the values are compared first, and
    /// only a change takes the (out-of-line) path that records it.
    #[inline(always)]
    pub fn report_device_changes(&mut self, cx: &mut Cx) {
        let b = &self.device.battery;
        let unchanged = b.level_percent() == self.shown.level
            && b.is_not_low() != self.shown.low
            && b.saver_on() == self.shown.saver
            && self.device.thermal.status() as u8 == self.shown.thermal
            && self.device.storage.is_low() == self.shown.storage_low
            && self.max_running() == self.shown.max_running;
        if !unchanged {
            self.record_device_changes(cx);
        }
    }

    #[inline(never)]
    fn record_device_changes(&mut self, cx: &mut Cx) {
        let b = &self.device.battery;
        let (level, low, saver) = (b.level_percent(), !b.is_not_low(), b.saver_on());
        let charging = b.is_charging();
        if level != self.shown.level {
            self.shown.level = level;
            cx.emit(Record::BatteryLevel { level, charging });
        }
        if low != self.shown.low {
            self.shown.low = low;
            self.dirty_all = true;
            cx.emit(Record::BatteryLow { low, level });
        }
        if saver != self.shown.saver {
            self.shown.saver = saver;
            self.dirty_all = true;
            cx.emit(Record::BatterySaver { on: saver });
            if saver {
                self.stop_overtime_jobs(cx, "battery saver");
            }
        }
        let t = &self.device.thermal;
        let status = t.status();
        if status as u8 != self.shown.thermal {
            self.shown.thermal = status as u8;
            self.dirty_all = true;
            cx.emit(Record::Thermal {
                status: status.name(),
                temperature_c: (t.temperature_c() * 10.0).round() / 10.0,
                overridden: t.is_overridden(),
            });
        }
        let s = &self.device.storage;
        if s.is_low() != self.shown.storage_low {
            self.shown.storage_low = s.is_low();
            self.dirty_all = true;
            cx.emit(Record::StorageLow {
                low: s.is_low(),
                free_bytes: s.free(),
            });
        }
        let max = self.max_running();
        if max != self.shown.max_running {
            self.shown.max_running = max;
            self.dirty_all = true;
            cx.emit(Record::MemoryPressure {
                level: self.device.memory.pressure(),
                max_running: max,
                concurrency_limit: self.concurrency_limit,
            });
        }
    }

    /// The first records of a trace: the device as the scenario starts it. Every tracked value
    /// is marked as "shown differently" so that `report_device_changes` writes it once.
    pub fn emit_device_snapshot(&mut self, cx: &mut Cx) {
        cx.emit(Record::Screen {
            on: self.device.screen.screen_on,
        });
        cx.emit(Record::Power {
            plugged: self.device.battery.plugged(),
            charging: self.device.battery.is_charging(),
        });
        self.emit_network(cx);
        // Data Saver is recorded at the start only when on (off is the platform's default).
        if self.device.network.data_saver {
            cx.emit(Record::DataSaver { on: true });
        }
        let b = &self.device.battery;
        self.shown = super::world::Shown {
            level: u32::MAX,
            low: b.is_not_low(),
            saver: !b.saver_on(),
            thermal: u8::MAX,
            storage_low: !self.device.storage.is_low(),
            max_running: u32::MAX,
        };
        self.report_device_changes(cx);
    }

    pub fn emit_network(&self, cx: &mut Cx) {
        let n = self.device.network.current();
        cx.emit(Record::Network {
            transport: n.transport,
            metered: n.metered,
            down_kbps: n.down.kbps,
            up_kbps: n.up.kbps,
            congested: n.congested,
            signal: n.signal,
        });
    }

    pub fn on_tick(&mut self, cx: &mut Cx) {
        cx.after(self.tick, Event::Tick);
    }

    /// Arms the next random flap, if flaps are on.
    pub fn arm_flap(&mut self, cx: &mut Cx) {
        let Some(f) = self.device.network.flaps else {
            self.flap_timer.cancel();
            return;
        };
        let mean = if self.device.network.is_flapped_down() {
            f.mean_down_ms
        } else {
            f.mean_up_ms
        };
        let wait = exp_sample(&mut self.rng_network, mean as f64)
            .round()
            .max(1.0);
        let gen = self.flap_timer.arm();
        cx.after(
            SimDuration::from_millis(wait.min(1e15) as u64),
            Event::Flap { gen },
        );
    }

    pub fn on_flap(&mut self, gen: u32, cx: &mut Cx) {
        if !self.flap_timer.is_current(gen) {
            return;
        }
        let down = !self.device.network.is_flapped_down();
        self.device.network.set_flapped_down(down);
        self.network_changed(cx);
        self.arm_flap(cx);
    }

    /// After any change of the default network: record it and re-evaluate everything.
    pub fn network_changed(&mut self, cx: &mut Cx) {
        self.emit_network(cx);
        self.dirty_all = true;
    }

    /// Screen or power changed: doze, IdleController and the concurrency configuration follow.
    pub fn on_screen_or_power_changed(&mut self, cx: &mut Cx) {
        let t = self.policy.tunables.clone();
        self.update_doze_conditions(cx);
        if self.device.screen.screen_on {
            self.js_idle_timer.cancel();
            if self.device.screen.js_idle {
                self.device.screen.js_idle = false;
                cx.emit(Record::DeviceIdle { idle: false });
            }
            self.config_timer.cancel();
            self.config_screen_on = true;
        } else {
            if !self.device.screen.js_idle {
                let gen = self.js_idle_timer.arm();
                cx.after(
                    SimDuration::from_millis(Tunables::ms(t.idle_inactivity_threshold_ms)),
                    Event::JsIdle { gen },
                );
            }
            if self.config_screen_on {
                let gen = self.config_timer.arm();
                cx.after(
                    SimDuration::from_millis(Tunables::ms(t.screen_off_adjustment_delay_ms)),
                    Event::ScreenConfig { gen },
                );
            }
        }
        self.dirty_all = true;
    }

    pub fn on_js_idle(&mut self, gen: u32, cx: &mut Cx) {
        if self.js_idle_timer.is_current(gen) && !self.device.screen.js_idle {
            self.device.screen.js_idle = true;
            cx.emit(Record::DeviceIdle { idle: true });
            self.dirty_all = true;
        }
    }

    pub fn on_screen_config(&mut self, gen: u32, cx: &mut Cx) {
        if self.config_timer.is_current(gen) {
            self.config_screen_on = false;
            self.dirty_all = true;
            self.report_device_changes(cx);
        }
    }

    /// Memory pressure changed; at CRITICAL the low-memory killer kills background processes
    /// not protected by a perceptible binding (apps running only regular jobs, or cached).
    pub fn memory_changed(&mut self, cx: &mut Ctx<'_, Event, Record>) {
        self.dirty_all = true;
        self.report_device_changes(cx);
        if self.device.memory.pressure() != MemoryPressure::Critical {
            return;
        }
        let victims: Vec<usize> = (0..self.apps.len())
            .filter(|&a| {
                matches!(self.apps[a].proc, ProcState::Background | ProcState::Cached)
                    && !self.running.iter().any(|&j| {
                        self.jobs[j].app == a
                            && self.jobs[j]
                                .run
                                .as_ref()
                                .is_some_and(|r| r.user_visible || r.expedited)
                    })
            })
            .collect();
        for a in victims {
            self.kill_process(a, "low_memory_killer", None, cx);
        }
    }
}
