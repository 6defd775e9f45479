//! UI state that is not the fleet: where the user is, overlays, selections.

use crate::actions::Plan;
use crate::fleet::{ClusterId, Kind, ObjKey};
use crate::views::{SortSpec, Tab, Tone};

/// The cluster drill-down.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterView {
    pub id: ClusterId,
    pub tab: Tab,
    pub selected: usize,
    pub sort: SortSpec,
    pub filter: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    Fleet,
    Cluster(ClusterView),
}

#[derive(Clone, Debug, PartialEq)]
pub struct PaletteItem {
    pub label: String,
    pub target: PaletteTarget,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PaletteTarget {
    Fleet,
    Help,
    Cluster(ClusterId),
    Tab(ClusterId, Tab),
    Object(ClusterId, Tab, ObjKey),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PaletteState {
    pub query: String,
    pub selected: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct YamlState {
    pub title: String,
    /// None while the fetch is under way.
    pub text: Option<Result<String, String>>,
    pub scroll: u16,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConfirmStage {
    /// Showing the plan, waiting for the user.
    Asking,
    /// Dry-run and apply under way.
    Applying,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConfirmState {
    pub plan: Plan,
    pub stage: ConfirmStage,
    pub scroll: u16,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    Help { scroll: u16 },
    Palette(PaletteState),
    Yaml(YamlState),
    Confirm(ConfirmState),
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatusMsg {
    pub text: String,
    pub tone: Tone,
}

/// What the UI asks the runtime to do (I/O happens outside the UI).
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    FetchYaml {
        cluster: ClusterId,
        kind: Kind,
        key: ObjKey,
    },
    /// Plan a cordon (true) or uncordon (false) of a Karmada member: `control_plane` holds its
    /// Cluster object named `member`.
    PlanCordon {
        control_plane: ClusterId,
        member: String,
        cordon: bool,
    },
    Execute(Plan),
}
