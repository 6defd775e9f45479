//! The actions a key can be bound to.

/// Something the user can ask fleetdeck to do from the keyboard.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    Palette,
    Back,
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
    GotoFleet,
}

/// `(action, TOML name, help text)`, in declaration order.
const TABLE: [(Action, &str, &str); 24] = [
    (Action::Quit, "quit", "quit fleetdeck"),
    (Action::Help, "help", "show the key bindings"),
    (Action::Palette, "palette", "fuzzy command palette"),
    (Action::Back, "back", "close / go up a level"),
    (
        Action::Select,
        "select",
        "open / drill into the selected row",
    ),
    (Action::Up, "up", "move up one row"),
    (Action::Down, "down", "move down one row"),
    (Action::PageUp, "page_up", "scroll up one page"),
    (Action::PageDown, "page_down", "scroll down one page"),
    (Action::Top, "top", "jump to the first row"),
    (Action::Bottom, "bottom", "jump to the last row"),
    (Action::Left, "left", "move left / previous pane"),
    (Action::Right, "right", "move right / next pane"),
    (Action::NextTab, "next_tab", "next tab"),
    (Action::PrevTab, "prev_tab", "previous tab"),
    (Action::Filter, "filter", "filter the rows"),
    (Action::SortNext, "sort_next", "sort by the next column"),
    (
        Action::SortReverse,
        "sort_reverse",
        "reverse the sort order",
    ),
    (Action::Yaml, "yaml", "show the object's YAML"),
    (
        Action::Cordon,
        "cordon",
        "cordon a Karmada member cluster (asks to confirm)",
    ),
    (
        Action::Uncordon,
        "uncordon",
        "uncordon a Karmada member cluster",
    ),
    (Action::Confirm, "confirm", "confirm (in a dialog)"),
    (Action::Cancel, "cancel", "cancel (in a dialog)"),
    (Action::GotoFleet, "goto_fleet", "go to the fleet overview"),
];

impl Action {
    /// Every action, in declaration order (the help screen's order).
    pub const ALL: [Action; 24] = {
        let mut all = [Action::Quit; 24];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    /// The allow-list of context-separated actions: they only apply inside a
    /// confirmation dialog, which resolves them *before* any other action (see
    /// [`super::Keymap::lookup_among`]). So each of them may share a key with
    /// an action outside the list (`y` = confirm and yaml, `esc` = cancel and
    /// back), but not with each other.
    pub const DIALOG: [Action; 2] = [Action::Confirm, Action::Cancel];

    /// The snake_case name used in keymap files.
    pub fn name(self) -> &'static str {
        TABLE[self as usize].1
    }

    /// One line for the help screen.
    pub fn description(self) -> &'static str {
        TABLE[self as usize].2
    }

    pub fn from_name(name: &str) -> Option<Action> {
        TABLE
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, _, _)| *a)
    }

    /// Whether this action belongs to the dialog context ([`Action::DIALOG`]).
    pub fn is_dialog(self) -> bool {
        Action::DIALOG.contains(&self)
    }

    /// Whether `self` and `other` may be bound to the same key: only when
    /// exactly one of them is a dialog action.
    pub fn may_share_key_with(self, other: Action) -> bool {
        self != other && self.is_dialog() != other.is_dialog()
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
        }
        assert_eq!(Action::PageUp.name(), "page_up");
        assert_eq!(Action::GotoFleet.name(), "goto_fleet");
        assert_eq!(Action::from_name("PageUp"), None);
    }

    #[test]
    fn only_dialog_and_non_dialog_actions_may_share() {
        assert!(Action::Confirm.may_share_key_with(Action::Yaml));
        assert!(Action::Back.may_share_key_with(Action::Cancel));
        assert!(!Action::Confirm.may_share_key_with(Action::Cancel));
        assert!(!Action::Quit.may_share_key_with(Action::Cordon));
    }
}
