//! fleetdeck: a terminal cockpit for multi-cluster Kubernetes fleets.
//!
//! Data flows one way: sources → [`fleet::FleetEvent`] channel → [`fleet::FleetModel`] →
//! [`views`] → [`ui`] panes; UI intents → [`actions`] planners → executor → audit.

// Errors here are rare and carry what the user is told (step, object, reverts): kept whole.
#![allow(clippy::result_large_err)]

pub mod actions;
pub mod cli;
pub mod config;
pub mod fleet;
pub mod karmada;
pub mod kinds;
pub mod logging;
pub mod mesh;
pub mod runtime;
pub mod sources;
pub mod ui;
pub mod views;
