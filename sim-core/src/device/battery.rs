//! Battery level, charging and the battery-low/okay and battery-saver states.
//!
//! Level changes with the net current: charge current when plugged (constant until `taper_from`,
//! then falling linearly to zero at 100 %, a CC/CV-like curve) minus the device's draw. The low
//! flag follows BatteryService: it is raised when unplugged at or below the warning level and
//! cleared when plugged or at warning + 5 % (`config_lowBatteryCloseWarningBump`), so
//! battery-not-low always holds on power (reference §12).

use crate::units::{MilliAmpHours, MilliAmps};
use serde::Serialize;

/// How power is connected (`BatteryManager.BATTERY_PLUGGED_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlugType {
    Ac,
    Usb,
    Wireless,
}

/// Current draw of each consumer, in mA.
#[derive(Clone, Debug, PartialEq)]
pub struct PowerDraw {
    pub base: MilliAmps,
    pub doze_base: MilliAmps,
    pub screen: MilliAmps,
    pub foreground_app: MilliAmps,
    pub per_running_job: MilliAmps,
    pub wifi_transfer: MilliAmps,
    pub cellular_transfer: MilliAmps,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BatteryParams {
    pub capacity: MilliAmpHours,
    /// Percent.
    pub initial_level: f64,
    pub draw: PowerDraw,
    pub charge_current: MilliAmps,
    /// Percent at which the charge current starts to taper.
    pub taper_from: f64,
    /// `config_lowBatteryWarningLevel` (device overlays vary; 15 % is the older AOSP default).
    pub low_level: f64,
    /// `config_lowBatteryCloseWarningBump`.
    pub okay_bump: f64,
    /// Automatic battery saver trigger level, if enabled.
    pub auto_saver_at: Option<f64>,
}

impl Default for BatteryParams {
    fn default() -> Self {
        Self {
            capacity: MilliAmpHours(4500),
            initial_level: 80.0,
            draw: PowerDraw {
                base: MilliAmps(25.0),
                doze_base: MilliAmps(5.0),
                screen: MilliAmps(150.0),
                foreground_app: MilliAmps(200.0),
                per_running_job: MilliAmps(60.0),
                wifi_transfer: MilliAmps(120.0),
                cellular_transfer: MilliAmps(280.0),
            },
            charge_current: MilliAmps(2000.0),
            taper_from: 80.0,
            low_level: 15.0,
            okay_bump: 5.0,
            auto_saver_at: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Battery {
    pub params: BatteryParams,
    level: f64,
    /// `level` as the integer percent BatteryManager reports, kept with it (every change of
    /// `level` goes through `update_flags`): read at every settle.
    percent: u32,
    plugged: Option<PlugType>,
    low: bool,
    manual_saver: bool,
    auto_saver: bool,
    consumed_mah: f64,
}

impl Battery {
    pub fn new(params: BatteryParams) -> Self {
        let mut b = Self {
            level: params.initial_level,
            percent: 0,
            params,
            plugged: None,
            low: false,
            manual_saver: false,
            auto_saver: false,
            consumed_mah: 0.0,
        };
        b.update_flags();
        b
    }

    /// Level in percent, with its fraction.
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The integer level BatteryManager reports.
    pub fn level_percent(&self) -> u32 {
        self.percent
    }

    pub fn plugged(&self) -> Option<PlugType> {
        self.plugged
    }

    /// `ACTION_CHARGING`: power connected and not full.
    pub fn is_charging(&self) -> bool {
        self.plugged.is_some()
    }

    /// The battery-not-low constraint's view (`ACTION_BATTERY_OKAY` state).
    pub fn is_not_low(&self) -> bool {
        !self.low
    }

    pub fn saver_on(&self) -> bool {
        self.manual_saver || self.auto_saver
    }

    /// Total charge drawn from the battery so far (for reports and sweeps).
    pub fn consumed_mah(&self) -> f64 {
        self.consumed_mah
    }

    pub fn set_plugged(&mut self, plug: Option<PlugType>) {
        self.plugged = plug;
        self.update_flags();
    }

    pub fn set_manual_saver(&mut self, on: bool) {
        self.manual_saver = on;
    }

    pub fn set_level(&mut self, level: f64) {
        self.level = level.clamp(0.0, 100.0);
        self.update_flags();
    }

    /// Charge current the charger delivers at the current level.
    fn charge_ma(&self) -> f64 {
        if self.plugged.is_none() {
            return 0.0;
        }
        let full = self.params.charge_current.0;
        let from = self.params.taper_from.min(99.0);
        if self.level < from {
            full
        } else {
            full * ((100.0 - self.level) / (100.0 - from)).max(0.02)
        }
    }

    /// Integrates `dt_ms` at a constant draw of `draw_ma`.
    /// Inlined into the world's settle, its one caller, at every event.
    #[inline]
    pub fn advance(&mut self, dt_ms: u64, draw_ma: f64) {
        if dt_ms == 0 {
            return;
        }
        let hours = dt_ms as f64 / 3_600_000.0;
        let net_ma = self.charge_ma() - draw_ma;
        if self.plugged.is_none() {
            self.consumed_mah += draw_ma * hours;
        }
        let capacity = f64::from(self.params.capacity.0.max(1));
        self.level = (self.level + net_ma * hours / capacity * 100.0).clamp(0.0, 100.0);
        self.update_flags();
    }

    fn update_flags(&mut self) {
        self.percent = percent_of(self.level);
        let level = f64::from(self.percent);
        let warn = self.params.low_level;
        if self.plugged.is_some() || level >= warn + self.params.okay_bump {
            self.low = false;
        } else if level <= warn {
            self.low = true;
        }
        if let Some(at) = self.params.auto_saver_at {
            if self.plugged.is_some() {
                self.auto_saver = false;
            } else if level <= at {
                self.auto_saver = true;
            }
        }
    }
}

/// `level.round().clamp(0.0, 100.0) as u32`. A level in [0, 100] (always, but for a scenario's
/// initial level) is rounded without a call into the math library: the integer part truncates,
/// and the fraction `level - int` is exact (the integer part is within a factor of two of
/// `level`, or zero), so comparing it with one half rounds half away from zero like `round`.
fn percent_of(level: f64) -> u32 {
    if (0.0..=100.0).contains(&level) {
        let int = level as u32;
        int + u32::from(level - f64::from(int) >= 0.5)
    } else {
        level.round().clamp(0.0, 100.0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drains_by_current_over_capacity() {
        let mut b = Battery::new(BatteryParams::default());
        // 450 mA for one hour from a 4500 mAh battery: 10 % of capacity.
        b.advance(3_600_000, 450.0);
        assert!((b.level() - 70.0).abs() < 1e-9);
        assert!((b.consumed_mah() - 450.0).abs() < 1e-9);
    }

    #[test]
    fn low_flag_follows_battery_service() {
        let mut b = Battery::new(BatteryParams {
            initial_level: 16.0,
            ..Default::default()
        });
        assert!(b.is_not_low());
        b.set_level(15.0);
        assert!(!b.is_not_low(), "low at the warning level");
        b.set_plugged(Some(PlugType::Ac));
        assert!(b.is_not_low(), "never low while plugged");
        b.set_plugged(None);
        assert!(
            !b.is_not_low(),
            "unplugged at the warning level: low again at once"
        );
        b.set_level(19.0);
        assert!(!b.is_not_low(), "stays low until warning + 5 %");
        b.set_level(20.0);
        assert!(b.is_not_low());
    }

    #[test]
    fn auto_saver_turns_on_at_level_and_off_on_power() {
        let mut b = Battery::new(BatteryParams {
            auto_saver_at: Some(20.0),
            ..Default::default()
        });
        assert!(!b.saver_on());
        b.set_level(20.0);
        assert!(b.saver_on());
        b.set_plugged(Some(PlugType::Usb));
        assert!(!b.saver_on());
    }

    #[test]
    fn percent_rounds_like_round() {
        let half_below = 0.5 - f64::EPSILON / 4.0;
        for level in [
            0.0,
            -0.0,
            half_below,
            0.5,
            1.4999999999999998,
            1.5,
            2.5,
            14.5,
            15.499999999999998,
            99.49999999999999,
            99.5,
            100.0,
            -3.0,
            150.0,
            f64::NAN,
        ] {
            assert_eq!(
                percent_of(level),
                level.round().clamp(0.0, 100.0) as u32,
                "{level}"
            );
        }
        for i in 0..=100_000 {
            let level = f64::from(i) / 1000.0;
            assert_eq!(percent_of(level), level.round() as u32, "{level}");
        }
    }

    #[test]
    fn charging_tapers_near_full() {
        let mut b = Battery::new(BatteryParams {
            initial_level: 90.0,
            ..Default::default()
        });
        b.set_plugged(Some(PlugType::Ac));
        // At 90 % the current is 2000 mA * (10/20) = 1000 mA.
        assert!((b.charge_ma() - 1000.0).abs() < 1e-9);
    }
}
