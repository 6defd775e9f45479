//! Karmada's own rules, pure: which clusters a placement admits, the static weights it gives
//! them and how karmada-scheduler divides replicas by them. Panes preview with these, and the
//! planners compute the same from the objects they fetch.

pub mod affinity;
pub mod division;
pub mod names;
pub mod placement;
pub mod preview;
