//! The modeled device: one state machine per file. Each part can be set by the scenario's
//! timeline and also evolves by itself under its model's parameters.

pub mod battery;
pub mod idle;
pub mod memory;
pub mod network;
pub mod storage;
pub mod thermal;

pub use battery::{Battery, BatteryParams, PlugType, PowerDraw};
pub use idle::{DozeState, ScreenIdle};
pub use memory::{
    default_concurrency_limit, default_concurrency_limit_for, Memory, MemoryPressure,
};
pub use network::{FlapParams, Network, NetworkState, SignalStrength, Transport};
pub use storage::Storage;
pub use thermal::{HeatRises, HeatSources, Thermal, ThermalParams, ThermalStatus};

/// The whole device.
#[derive(Clone, Debug)]
pub struct Device {
    pub battery: Battery,
    pub thermal: Thermal,
    pub memory: Memory,
    pub network: Network,
    pub storage: Storage,
    pub screen: ScreenIdle,
    /// Device API level (34 = Android 14, the first with user-initiated jobs).
    pub api_level: u32,
}
