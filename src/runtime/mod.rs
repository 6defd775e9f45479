//! Wiring: sources → model → UI, and UI intents → actions.

pub mod act;
pub mod fleet;
pub mod intents;
pub mod memory;
pub mod snapshot;
pub mod tui;
