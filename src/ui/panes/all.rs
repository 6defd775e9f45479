//! One kind across every cluster, with a CLUSTER column: sorted and filtered like a cluster's
//! tabs (`cluster:prod-*` narrows to clusters). Enter goes to the object in its cluster.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::PaneEntry;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::Kind;
use crate::ui::kind_table::KindTable;
use crate::ui::nav::Moved;
use crate::ui::overlays::yaml::YamlOverlay;
use crate::ui::pane::{Command, Cx, Effect, Pane, Target};
use crate::views::Scope;

pub const ENTRY: PaneEntry = PaneEntry {
    name: "all",
    usage: "all:KIND",
    palette: None,
    open: |args, _| {
        let k = args.ok_or("all:KIND needs a kind (pods, nodes, deployments, ...)")?;
        Ok(Box::new(AllPane::new(super::kind_arg(k)?)))
    },
};

pub struct AllPane {
    table: KindTable,
}

impl AllPane {
    pub fn new(kind: Kind) -> Self {
        AllPane {
            table: KindTable::new(kind, Scope::Fleet),
        }
    }
}

impl Pane for AllPane {
    fn title(&self, _cx: &Cx) -> String {
        format!("All {}", self.table.kind().title().to_lowercase())
    }

    fn name(&self, _cx: &Cx) -> String {
        format!("all:{}", self.table.kind().api().plural)
    }

    fn layer(&self) -> Layer {
        self.table.nav.layer()
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        vec![
            Command::new(Action::Select, "go to"),
            Command::new(Action::Yaml, "yaml"),
            Command::new(Action::Filter, "filter"),
            Command::new(Action::SortNext, "sort"),
            Command::more(Action::SortReverse, "reverse sort"),
        ]
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        if self.table.on_action(a, cx) == Moved::Done {
            return vec![];
        }
        let Some(obj) = self.table.selected(cx.model, cx.now) else {
            return vec![];
        };
        match a {
            Action::Select => vec![Effect::Go(Target::object(&obj))],
            Action::Yaml => YamlOverlay::open(obj, cx),
            _ => vec![],
        }
    }

    fn on_text(&mut self, ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        self.table.nav.on_text(ev);
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        let kind = self.table.kind();
        let (len, total) = self.table.counts(cx.model, cx.now);
        let count = if len == total {
            format!("{total}")
        } else {
            format!("{len}/{total}")
        };
        let title = Line::from(vec![Span::styled(
            format!(" {} in every cluster ({count}) ", kind.title()),
            cx.theme.style(Slot::Title),
        )]);
        self.table.render(f, area, cx, title);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.table.rows_json(cx.model, cx.now)
    }
}
