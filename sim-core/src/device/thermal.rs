//! Skin temperature and the platform's thermal status.
//!
//! The temperature follows a first-order (Newton cooling) model: the device relaxes toward
//! `ambient + Σ rise(source)` with time constant τ, so between two changes of the heat sources
//! `T(t) = target + (T0 − target)·e^(−t/τ)` exactly. The status is PowerManager's
//! `THERMAL_STATUS_*` ladder, stepped up when the temperature reaches a level's threshold and down
//! only once it falls `hysteresis` below it, like a thermal HAL's trip points. A scripted override
//! (`cmd thermalservice override-status N`) wins while it is set.

use serde::Serialize;

/// `PowerManager.THERMAL_STATUS_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThermalStatus {
    None = 0,
    Light = 1,
    Moderate = 2,
    Severe = 3,
    Critical = 4,
    Emergency = 5,
    Shutdown = 6,
}

impl ThermalStatus {
    const LADDER: [ThermalStatus; 6] = [
        Self::Light,
        Self::Moderate,
        Self::Severe,
        Self::Critical,
        Self::Emergency,
        Self::Shutdown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::None => "NONE",
            Self::Light => "LIGHT",
            Self::Moderate => "MODERATE",
            Self::Severe => "SEVERE",
            Self::Critical => "CRITICAL",
            Self::Emergency => "EMERGENCY",
            Self::Shutdown => "SHUTDOWN",
        }
    }
}

/// Running jobs beyond this many add no heat: they share the CPU's big cores rather than add
/// cores, so CPU heat saturates.
pub const CPU_HEAT_CAP: u32 = 4;

/// How much each heat source raises the steady-state skin temperature, in °C.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatRises {
    pub screen: f64,
    pub foreground_app: f64,
    pub per_running_job: f64,
    /// Heat of the radio while any job transfers (one radio, however many transfers).
    pub per_transfer: f64,
    pub charging: f64,
}

/// Parameters of the thermal model.
#[derive(Clone, Debug, PartialEq)]
pub struct ThermalParams {
    pub ambient_c: f64,
    pub initial_c: f64,
    pub time_constant_ms: u64,
    pub rises: HeatRises,
    /// Temperatures at which LIGHT, MODERATE, SEVERE, CRITICAL, EMERGENCY, SHUTDOWN begin.
    pub thresholds_c: [f64; 6],
    pub hysteresis_c: f64,
}

impl Default for ThermalParams {
    /// Typical phone skin trip points; devices differ, so every number is a scenario field.
    fn default() -> Self {
        Self {
            ambient_c: 25.0,
            initial_c: 30.0,
            time_constant_ms: 5 * 60_000,
            rises: HeatRises {
                screen: 3.0,
                foreground_app: 5.0,
                per_running_job: 1.5,
                per_transfer: 2.0,
                charging: 4.0,
            },
            thresholds_c: [39.0, 41.0, 43.0, 46.0, 49.0, 52.0],
            hysteresis_c: 1.0,
        }
    }
}

/// What currently heats the device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeatSources {
    pub screen_on: bool,
    pub foreground_app: bool,
    pub running_jobs: u32,
    pub transfers: u32,
    pub charging: bool,
}

/// The thermal state machine.
#[derive(Clone, Debug)]
pub struct Thermal {
    pub params: ThermalParams,
    temp_c: f64,
    modeled: ThermalStatus,
    overridden: Option<ThermalStatus>,
    /// The last decay computed: `(dt_ms, time_constant_ms, e^(-dt/τ))`. The world settles at
    /// every event, and between two ticks with nothing else in between `dt` is the tick again
    /// (about half the settles of the bench's device day); `exp` of the same input is the same
    /// value, so reusing it is exact.
    decay: Option<(u64, u64, f64)>,
}

impl Thermal {
    pub fn new(params: ThermalParams) -> Self {
        let mut t = Self {
            temp_c: params.initial_c,
            params,
            modeled: ThermalStatus::None,
            overridden: None,
            decay: None,
        };
        t.modeled = t.status_for_rising(ThermalStatus::None);
        t
    }

    pub fn temperature_c(&self) -> f64 {
        self.temp_c
    }

    /// The status the platform reports: the override while set, else the modeled one.
    pub fn status(&self) -> ThermalStatus {
        self.overridden.unwrap_or(self.modeled)
    }

    pub fn is_overridden(&self) -> bool {
        self.overridden.is_some()
    }

    /// `cmd thermalservice override-status` (Some) or `reset` (None).
    pub fn set_override(&mut self, status: Option<ThermalStatus>) {
        self.overridden = status;
    }

    /// Steady-state temperature for the given sources.
    pub fn target_c(&self, heat: HeatSources) -> f64 {
        let r = &self.params.rises;
        let on = |b: bool, v: f64| if b { v } else { 0.0 };
        self.params.ambient_c
            + on(heat.screen_on, r.screen)
            + on(heat.foreground_app, r.foreground_app)
            + f64::from(heat.running_jobs.min(CPU_HEAT_CAP)) * r.per_running_job
            + f64::from(heat.transfers.min(1)) * r.per_transfer
            + on(heat.charging, r.charging)
    }

    /// Integrates `dt_ms` of constant heat exactly, then re-derives the status with hysteresis.
    /// Inlined into the world's settle, its one caller, at every event.
    #[inline]
    pub fn advance(&mut self, dt_ms: u64, heat: HeatSources) {
        if dt_ms == 0 {
            return;
        }
        let target = self.target_c(heat);
        self.temp_c = target + (self.temp_c - target) * self.decay(dt_ms);
        self.modeled = self.next_status();
    }

    /// `e^(-dt/τ)`, the fraction of the gap to the target left after `dt_ms`.
    fn decay(&mut self, dt_ms: u64) -> f64 {
        let tau_ms = self.params.time_constant_ms;
        match self.decay {
            Some((dt, tau, factor)) if dt == dt_ms && tau == tau_ms => factor,
            _ => {
                let factor = libm::exp(-(dt_ms as f64) / tau_ms.max(1) as f64);
                self.decay = Some((dt_ms, tau_ms, factor));
                factor
            }
        }
    }

    /// Sets the temperature directly (a scripted `temperature:` action).
    pub fn set_temperature(&mut self, temp_c: f64) {
        self.temp_c = temp_c;
        self.modeled = self.next_status();
    }

    fn next_status(&self) -> ThermalStatus {
        let rising = self.status_for_rising(self.modeled);
        if rising > self.modeled {
            return rising;
        }
        // Falling: leave a level only once below its threshold minus the hysteresis.
        let mut s = self.modeled;
        while s > ThermalStatus::None {
            let idx = s as usize - 1;
            if self.temp_c < self.params.thresholds_c[idx] - self.params.hysteresis_c {
                s = if idx == 0 {
                    ThermalStatus::None
                } else {
                    ThermalStatus::LADDER[idx - 1]
                };
            } else {
                break;
            }
        }
        s
    }

    fn status_for_rising(&self, floor: ThermalStatus) -> ThermalStatus {
        let mut s = floor;
        for (i, level) in ThermalStatus::LADDER.iter().enumerate() {
            if self.temp_c >= self.params.thresholds_c[i] && *level > s {
                s = *level;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxes_toward_target_with_time_constant() {
        let mut t = Thermal::new(ThermalParams {
            initial_c: 25.0,
            ..Default::default()
        });
        let heat = HeatSources {
            screen_on: true,
            foreground_app: true,
            ..Default::default()
        };
        // target = 25 + 3 + 5 = 33; after one τ the gap closes to e^-1 ≈ 36.8 %.
        t.advance(5 * 60_000, heat);
        let expected = 33.0 - 8.0 * (-1.0f64).exp();
        assert!((t.temperature_c() - expected).abs() < 1e-9);
    }

    #[test]
    fn status_has_hysteresis() {
        let mut t = Thermal::new(ThermalParams::default());
        t.set_temperature(43.0);
        assert_eq!(t.status(), ThermalStatus::Severe);
        t.set_temperature(42.5);
        assert_eq!(
            t.status(),
            ThermalStatus::Severe,
            "within 1 °C of the SEVERE trip"
        );
        t.set_temperature(41.9);
        assert_eq!(t.status(), ThermalStatus::Moderate);
        t.set_temperature(30.0);
        assert_eq!(t.status(), ThermalStatus::None);
    }

    #[test]
    fn override_wins_while_set() {
        let mut t = Thermal::new(ThermalParams::default());
        t.set_override(Some(ThermalStatus::Severe));
        assert_eq!(t.status(), ThermalStatus::Severe);
        t.set_override(None);
        assert_eq!(t.status(), ThermalStatus::None);
    }
}
