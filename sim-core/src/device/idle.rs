//! Screen, doze (DeviceIdleController) and JobScheduler's own idle signal (IdleController).
//!
//! Doze: with the screen off and no power, the device enters light idle after
//! `light_after_inactive_to_ms` and deep idle after `inactive_to_ms` plus the sensing and locating
//! stages (`deep_idle_settle_ms`); the screen turning on or power connecting exits at once.
//! IdleController's idle (for `setRequiresDeviceIdle`) holds after the screen has been off for
//! `idle_inactivity_threshold_ms`, and clears when it turns on (reference §3.4).

use serde::Serialize;

/// DeviceIdleController's state as JobScheduler sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DozeState {
    Active,
    LightIdle,
    /// A light-idle maintenance window: deferred work may run.
    LightMaintenance,
    DeepIdle,
    /// A deep-idle maintenance window (`IDLE_MAINTENANCE`).
    DeepMaintenance,
}

impl DozeState {
    /// Deep or light idle make `DEVICE_NOT_DOZING` false for apps off the allowlist; maintenance
    /// windows lift it.
    pub fn is_dozing(self) -> bool {
        matches!(self, DozeState::LightIdle | DozeState::DeepIdle)
    }

    /// Whether the state belongs to the deep state machine (which supersedes light idle).
    pub fn is_deep(self) -> bool {
        matches!(self, DozeState::DeepIdle | DozeState::DeepMaintenance)
    }
}

/// Screen and idle state. The modeled doze stage is advanced by timer events the world arms when
/// the screen goes off unplugged; a forced state (`dumpsys deviceidle force-idle`) wins while set.
#[derive(Clone, Debug)]
pub struct ScreenIdle {
    pub screen_on: bool,
    modeled: DozeState,
    forced: Option<DozeState>,
    /// IdleController's "device is idle" for the idle constraint.
    pub js_idle: bool,
}

impl ScreenIdle {
    pub fn new(screen_on: bool) -> Self {
        Self {
            screen_on,
            modeled: DozeState::Active,
            forced: None,
            js_idle: false,
        }
    }

    pub fn doze(&self) -> DozeState {
        self.forced.unwrap_or(self.modeled)
    }

    pub fn is_forced(&self) -> bool {
        self.forced.is_some()
    }

    pub fn set_modeled(&mut self, s: DozeState) {
        self.modeled = s;
    }

    pub fn force(&mut self, s: Option<DozeState>) {
        self.forced = s;
    }

    /// Whether the conditions for entering doze hold (screen off and unplugged).
    pub fn can_doze(&self, plugged: bool) -> bool {
        !self.screen_on && !plugged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_state_wins() {
        let mut s = ScreenIdle::new(false);
        s.set_modeled(DozeState::LightIdle);
        s.force(Some(DozeState::DeepIdle));
        assert_eq!(s.doze(), DozeState::DeepIdle);
        s.force(None);
        assert_eq!(s.doze(), DozeState::LightIdle);
        assert!(s.doze().is_dozing());
        assert!(s.can_doze(false));
        assert!(!s.can_doze(true));
    }
}
