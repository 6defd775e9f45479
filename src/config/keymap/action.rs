//! The actions a key can be bound to, and the keymap layers they live in.

/// Where keys are looked up: the focused layer first, then [`Layer::Global`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Everywhere (unless the focused layer binds the key).
    Global,
    /// Tables and the views over them: move, sort, filter, open, act on the selected row.
    Table,
    /// The object editor.
    Editor,
    /// Weight sliders.
    Slider,
    /// The confirm dialog of a plan.
    Confirm,
    /// A short list to pick one entry from (the cluster to drain, the plan to restore).
    Chooser,
    /// The `:` palette (typed text goes to the query).
    Palette,
    /// Typing a `/` filter (typed text goes to the filter).
    Filter,
}

impl Layer {
    pub const ALL: [Layer; 8] = [
        Layer::Global,
        Layer::Table,
        Layer::Editor,
        Layer::Slider,
        Layer::Confirm,
        Layer::Chooser,
        Layer::Palette,
        Layer::Filter,
    ];

    /// The section name in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Global => "global",
            Layer::Table => "table",
            Layer::Editor => "editor",
            Layer::Slider => "slider",
            Layer::Confirm => "confirm",
            Layer::Chooser => "chooser",
            Layer::Palette => "palette",
            Layer::Filter => "filter",
        }
    }

    pub fn from_name(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Printable keys type text here (unless the layer binds them): global keys like `q` do not
    /// apply.
    pub fn takes_text(self) -> bool {
        matches!(self, Layer::Palette | Layer::Filter | Layer::Editor)
    }

    /// Whether typing `c` here types it (unless the layer binds it): any printable key in a
    /// text layer, digits on the sliders (a weight typed in).
    pub fn types(self, c: char) -> bool {
        self.takes_text() || (self == Layer::Slider && c.is_ascii_digit())
    }

    /// The actions that may be bound in this layer.
    pub fn actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            Layer::Global => &[Quit, Help, Palette, Back, GotoFleet, GotoWarnings],
            Layer::Table => &[
                Select,
                Up,
                Down,
                PageUp,
                PageDown,
                Top,
                Bottom,
                Left,
                Right,
                NextTab,
                PrevTab,
                Filter,
                SortNext,
                SortReverse,
                Yaml,
                Cordon,
                Uncordon,
                Drain,
                Restore,
                Edge,
                Edit,
                Propagated,
            ],
            Layer::Editor => &[Save, Undo, Redo, Search, SearchNext, SearchPrev, Cancel],
            Layer::Slider => &[
                Up,
                Down,
                Dec,
                Inc,
                DecBig,
                IncBig,
                Equal,
                ShiftWeight,
                Undo,
                Redo,
                Reset,
                Pin,
                Apply,
                Cancel,
            ],
            Layer::Confirm => &[Confirm, Cancel, Up, Down, PageUp, PageDown],
            Layer::Chooser => &[Up, Down, Accept, Cancel, Cordon],
            Layer::Palette => &[Up, Down, PageUp, PageDown, Accept, Cancel, Clear],
            Layer::Filter => &[Accept, Cancel, Clear],
        }
    }
}

/// Something the user can ask fleetdeck to do from the keyboard.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    Palette,
    Back,
    GotoFleet,
    GotoWarnings,
    Select,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    NextTab,
    PrevTab,
    Filter,
    SortNext,
    SortReverse,
    Yaml,
    Cordon,
    Uncordon,
    Confirm,
    Cancel,
    Accept,
    Clear,
    Save,
    Dec,
    Inc,
    DecBig,
    IncBig,
    Reset,
    Apply,
    Equal,
    ShiftWeight,
    Undo,
    Redo,
    Pin,
    Drain,
    Restore,
    Edge,
    Edit,
    Search,
    SearchNext,
    SearchPrev,
    Propagated,
}

/// `(action, TOML name, help text)`, in declaration order.
const TABLE: [(Action, &str, &str); 47] = [
    (Action::Quit, "quit", "quit fleetdeck"),
    (Action::Help, "help", "show the keys"),
    (
        Action::Palette,
        "palette",
        "go to a pane, cluster, kind or object (fuzzy)",
    ),
    (Action::Back, "back", "close / go back a level"),
    (Action::GotoFleet, "goto_fleet", "go to the fleet overview"),
    (
        Action::GotoWarnings,
        "goto_warnings",
        "go to the fleet's warnings",
    ),
    (Action::Select, "select", "open the selected row"),
    (Action::Up, "up", "move up"),
    (Action::Down, "down", "move down"),
    (Action::PageUp, "page_up", "page up"),
    (Action::PageDown, "page_down", "page down"),
    (Action::Top, "top", "first row"),
    (Action::Bottom, "bottom", "last row"),
    (Action::Left, "left", "previous tab"),
    (Action::Right, "right", "next tab"),
    (Action::NextTab, "next_tab", "next tab"),
    (Action::PrevTab, "prev_tab", "previous tab"),
    (Action::Filter, "filter", "filter the rows"),
    (Action::SortNext, "sort_next", "sort by the next column"),
    (Action::SortReverse, "sort_reverse", "reverse the sort"),
    (Action::Yaml, "yaml", "show the object's YAML"),
    (
        Action::Cordon,
        "cordon",
        "cordon a Karmada member cluster (asks first)",
    ),
    (
        Action::Uncordon,
        "uncordon",
        "uncordon a Karmada member cluster (asks first)",
    ),
    (Action::Confirm, "confirm", "apply (server dry-run first)"),
    (Action::Cancel, "cancel", "cancel"),
    (Action::Accept, "accept", "accept"),
    (Action::Clear, "clear", "clear the text"),
    (Action::Save, "save", "save (shows the diff first)"),
    (Action::Dec, "dec", "decrease by 1"),
    (Action::Inc, "inc", "increase by 1"),
    (Action::DecBig, "dec_big", "decrease by 10"),
    (Action::IncBig, "inc_big", "increase by 10"),
    (Action::Reset, "reset", "back to the current values"),
    (
        Action::Apply,
        "apply",
        "plan the change (shows the diff first)",
    ),
    (Action::Equal, "equal", "equal weights"),
    (
        Action::ShiftWeight,
        "shift",
        "shift a share of the selected weight to another row (asks how much and where)",
    ),
    (Action::Undo, "undo", "undo"),
    (Action::Redo, "redo", "redo"),
    (
        Action::Pin,
        "pin",
        "pin clusters by name (rewrite the weight rules one per cluster)",
    ),
    (
        Action::Drain,
        "drain",
        "drain a cluster out of the mesh (asks which, then shows the plan)",
    ),
    (
        Action::Restore,
        "restore",
        "restore a recent plan from the audit log (asks which, then shows the plan)",
    ),
    (
        Action::Edge,
        "edge",
        "the KubeEdge edge nodes of the selected cluster",
    ),
    (
        Action::Edit,
        "edit",
        "edit the selected policy as YAML; on a control plane's Deployment: propagate it",
    ),
    (Action::Search, "search", "search the text"),
    (Action::SearchNext, "search_next", "next match"),
    (Action::SearchPrev, "search_prev", "previous match"),
    (
        Action::Propagated,
        "propagated",
        "what Karmada propagates to this member cluster",
    ),
];

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 47] = {
        let mut all = [Action::Quit; 47];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    /// The snake_case name used in keymap files.
    pub fn name(self) -> &'static str {
        TABLE[self as usize].1
    }

    /// One line for the help screen.
    pub fn description(self) -> &'static str {
        TABLE[self as usize].2
    }

    /// One line for the help screen, for the action as `layer` uses it.
    pub fn description_in(self, layer: Layer) -> &'static str {
        use Action::*;
        match (layer, self) {
            (Layer::Filter, Accept) => "keep the filter, back to the table",
            (Layer::Filter, Cancel) => "clear the filter, back to the table",
            (Layer::Palette, Accept) => "go to the selected entry",
            (Layer::Palette, Cancel) => "close the palette",
            (Layer::Confirm, Cancel) => "cancel: nothing is changed",
            (Layer::Confirm, Up | Down | PageUp | PageDown) => "scroll the diff",
            (Layer::Slider, Up) => "previous slider",
            (Layer::Slider, Down) => "next slider",
            (Layer::Slider, Cancel) => "leave, changing nothing (asks when changes are pending)",
            (Layer::Slider, Reset) => "revert every pending change",
            (Layer::Slider, Undo) => "undo a pending change",
            (Layer::Slider, Redo) => "redo a pending change",
            (Layer::Editor, Save) => "save: parse, then the diff and the confirm (server dry-run)",
            (Layer::Editor, Cancel) => "leave without saving (asks when there are edits)",
            (Layer::Editor, Undo) => "undo an edit",
            (Layer::Editor, Redo) => "redo an edit",
            (Layer::Palette, Up | Down | PageUp | PageDown) => "move in the results",
            (Layer::Chooser, Up | Down) => "move in the list",
            (Layer::Chooser, Accept) => "plan it with the selected entry (shows the diff first)",
            (Layer::Chooser, Cancel) => "close the list: nothing is changed",
            (Layer::Chooser, Cordon) => "drain: also cordon the cluster in Karmada (on/off)",
            (Layer::Table, Cordon) => "cordon (a Karmada member cluster, an edge node; asks first)",
            (Layer::Table, Uncordon) => {
                "uncordon (a Karmada member cluster, an edge node; asks first)"
            }
            _ => self.description(),
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        TABLE
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, _, _)| *a)
    }

    /// The layers an action may be bound in.
    pub fn layers(self) -> Vec<Layer> {
        Layer::ALL
            .into_iter()
            .filter(|l| l.actions().contains(&self))
            .collect()
    }

    /// Where an entry of the old flat `[keys]` table goes: the action's first layer, except
    /// that `cancel` there meant the confirm dialog.
    pub fn legacy_layer(self) -> Option<Layer> {
        match self {
            Action::Cancel | Action::Confirm => Some(Layer::Confirm),
            a => a.layers().first().copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_declaration_order_and_names_round_trip() {
        for (i, action) in Action::ALL.into_iter().enumerate() {
            assert_eq!(action as usize, i);
            assert_eq!(Action::from_name(action.name()), Some(action));
            assert!(!action.description().is_empty());
            assert!(!action.layers().is_empty(), "{action:?} is in no layer");
        }
        assert_eq!(Action::PageUp.name(), "page_up");
        assert_eq!(Action::from_name("PageUp"), None);
    }

    #[test]
    fn layers_round_trip() {
        for l in Layer::ALL {
            assert_eq!(Layer::from_name(l.name()), Some(l));
        }
        assert_eq!(Action::Cancel.legacy_layer(), Some(Layer::Confirm));
        assert_eq!(Action::Cordon.legacy_layer(), Some(Layer::Table));
        assert_eq!(Action::Quit.legacy_layer(), Some(Layer::Global));
    }
}
