//! Simulated TR-069 CPEs that speak real CWMP over real TCP: a TR-181 (or TR-098) data
//! model loaded from a file, every RPC an ACS can send, Connection Requests with Digest,
//! reboots, transfers and deployment-unit changes completed in later sessions (and reflected
//! in the data model), and faults and delays on demand. The same code is the load generator.
//!
//! It knows the ACS only through the wire: nothing here depends on dmgate's server crates.

pub mod behaviour;
pub mod device;
pub mod fleet;
pub mod http;
pub mod load;
pub mod model;
pub mod session;

pub use behaviour::Behaviour;
pub use device::DeviceState;
pub use fleet::{Fleet, FleetConfig, FleetEvent};
pub use http::{AcsTarget, Credentials};
pub use load::{LoadConfig, LoadReport, run_load};
pub use model::DataModel;
pub use session::{AcsEndpoint, SessionOutcome, run_session};

/// The home-gateway model the simulator ships with (TR-181 Device:2).
pub const HOME_GATEWAY_MODEL: &str = include_str!("../models/home-gateway.model");

/// A legacy home gateway (TR-098 InternetGatewayDevice:1, root `InternetGatewayDevice.`):
/// devices built from it send TR-098 Informs.
pub const TR098_GATEWAY_MODEL: &str = include_str!("../models/tr098-gateway.model");
