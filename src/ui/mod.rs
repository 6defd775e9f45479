//! The terminal UI: app state machine, panes, widgets. Pure apart from the terminal itself.

pub mod app;
pub mod palette;
pub mod panes;
pub mod render;
pub mod state;
pub mod widgets;

pub use app::{App, UiMsg};
pub use state::Intent;
