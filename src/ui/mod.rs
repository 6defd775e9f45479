//! The terminal UI: the app (a stack of panes and overlays), panes, overlays, widgets. Pure
//! apart from the terminal itself.

pub mod app;
pub mod kind_table;
pub mod list_table;
pub mod nav;
pub mod overlays;
pub mod pane;
pub mod panes;
pub mod render;
pub mod search;
pub mod sliders;
pub mod widgets;

pub use app::App;
pub use pane::{Reply, Request};
