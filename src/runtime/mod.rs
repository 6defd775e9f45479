//! Wiring: sources → model → UI, and UI intents → actions.

pub mod fleet;
pub mod intents;
pub mod snapshot;
pub mod tui;
