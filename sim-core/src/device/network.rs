//! The default network: transport, metering, bandwidth, congestion and cellular signal, with
//! seeded random flaps (the link drops and returns after exponentially distributed times).

use crate::units::Bandwidth;
use serde::Serialize;

/// Transport of the default network; `None` means no network at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    None,
    Wifi,
    Cellular,
    Ethernet,
}

/// `CellSignalStrength.SIGNAL_STRENGTH_*` buckets that ConnectivityController looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalStrength {
    None,
    Poor,
    Moderate,
    Good,
    Great,
}

/// One network configuration as a scenario states it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkState {
    pub transport: Transport,
    pub metered: bool,
    pub roaming: bool,
    pub down: Bandwidth,
    pub up: Bandwidth,
    pub congested: bool,
    pub signal: SignalStrength,
}

impl NetworkState {
    /// No network.
    pub fn none() -> Self {
        Self {
            transport: Transport::None,
            metered: false,
            roaming: false,
            down: Bandwidth { kbps: 0 },
            up: Bandwidth { kbps: 0 },
            congested: false,
            signal: SignalStrength::None,
        }
    }

    /// Typical values for a transport: Wi-Fi and Ethernet unmetered, cellular metered.
    pub fn typical(transport: Transport) -> Self {
        let (down, up, metered) = match transport {
            Transport::None => return Self::none(),
            Transport::Wifi => (50_000, 10_000, false),
            Transport::Ethernet => (100_000, 50_000, false),
            Transport::Cellular => (20_000, 5_000, true),
        };
        Self {
            transport,
            metered,
            roaming: false,
            down: Bandwidth { kbps: down },
            up: Bandwidth { kbps: up },
            congested: false,
            signal: if transport == Transport::Cellular {
                SignalStrength::Good
            } else {
                SignalStrength::None
            },
        }
    }

    pub fn is_connected(&self) -> bool {
        self.transport != Transport::None
    }
}

/// Parameters of the random link-flap process; `None` in the scenario means a stable link.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlapParams {
    pub mean_up_ms: u64,
    pub mean_down_ms: u64,
}

/// The network as the device sees it: the configured network, and whether a flap has it down.
#[derive(Clone, Debug)]
pub struct Network {
    configured: NetworkState,
    flapped_down: bool,
    pub flaps: Option<FlapParams>,
    /// Data Saver (NetworkPolicyManager `setRestrictBackground`): background apps not on its
    /// allowlist are blocked from metered networks (`BLOCKED_METERED_REASON_DATA_SAVER`).
    pub data_saver: bool,
}

impl Network {
    pub fn new(configured: NetworkState, flaps: Option<FlapParams>) -> Self {
        Self {
            configured,
            flapped_down: false,
            flaps,
            data_saver: false,
        }
    }

    /// The default network in force: none while a flap has the link down.
    pub fn current(&self) -> NetworkState {
        if self.flapped_down {
            NetworkState::none()
        } else {
            self.configured.clone()
        }
    }

    pub fn is_connected(&self) -> bool {
        !self.flapped_down && self.configured.is_connected()
    }

    pub fn set_configured(&mut self, state: NetworkState) {
        self.configured = state;
    }

    pub fn configured(&self) -> &NetworkState {
        &self.configured
    }

    pub fn set_flapped_down(&mut self, down: bool) {
        self.flapped_down = down;
    }

    pub fn is_flapped_down(&self) -> bool {
        self.flapped_down
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flap_hides_the_configured_network() {
        let mut n = Network::new(NetworkState::typical(Transport::Wifi), None);
        assert!(n.is_connected());
        n.set_flapped_down(true);
        assert_eq!(n.current().transport, Transport::None);
        n.set_flapped_down(false);
        assert_eq!(n.current().down.kbps, 50_000);
    }

    #[test]
    fn cellular_is_metered_by_default() {
        assert!(NetworkState::typical(Transport::Cellular).metered);
        assert!(!NetworkState::typical(Transport::Wifi).metered);
    }
}
