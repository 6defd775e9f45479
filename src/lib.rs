//! fleetdeck: a terminal cockpit for multi-cluster Kubernetes fleets.
//!
//! Data flows one way: sources → [`fleet::FleetEvent`] channel → [`fleet::FleetModel`] →
//! [`views`] → [`ui`] panes; UI intents → [`actions`] planners → executor → audit.

pub mod actions;
pub mod cli;
pub mod config;
pub mod fleet;
pub mod logging;
pub mod runtime;
pub mod sources;
pub mod ui;
pub mod views;
