//! One cluster's drill-down: a tab per kind, each a table with sort and `/` filter.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Tabs};

use crate::config::theme::Slot;
use crate::fleet::KindSync;
use crate::ui::app::App;
use crate::ui::state::{ClusterView, Screen};
use crate::ui::widgets::table;
use crate::views;

pub fn render(f: &mut Frame, area: Rect, app: &mut App) {
    let Screen::Cluster(cv) = app.screen.clone() else {
        return;
    };
    let ClusterView {
        id,
        tab,
        selected,
        sort,
        filter,
    } = cv;
    let Some(c) = app.model.cluster(id) else {
        return;
    };
    let tabs = views::tabs(c);
    let context = c.context.clone();
    let state = c.state();
    let sync = c.kinds.get(&tab.kind()).cloned();
    let [tab_area, body, filter_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);

    let idx = tabs.iter().position(|t| *t == tab).unwrap_or(0);
    let tab_titles: Vec<Line> = tabs.iter().map(|t| Line::from(t.title())).collect();
    f.render_widget(
        Tabs::new(tab_titles)
            .select(idx)
            .style(app.theme.style(Slot::Dim))
            .highlight_style(app.theme.selected())
            .divider("│"),
        tab_area,
    );

    let theme = app.theme.clone();
    let editing = app.filter_editing;
    // Only the rows on screen are formatted; the order comes from the cached index.
    let Some((len, total)) = app.cluster_index().map(|t| (t.len(), t.total())) else {
        return;
    };
    let sel = selected.min(len.saturating_sub(1));
    let start = table::window_start(sel, table::body_rows(body));
    let Some(t) = app.cluster_window(start, table::body_rows(body)) else {
        return;
    };
    let sync_note = match sync {
        Some(KindSync::Listing) => " · listing…".to_string(),
        Some(KindSync::Failed(e)) => format!(" · watch failing: {e}"),
        _ => String::new(),
    };
    let count = if len == total {
        format!("{total}")
    } else {
        format!("{len}/{total}")
    };
    let title = Line::from(vec![
        Span::styled(format!(" {context} "), theme.style(Slot::Accent)),
        Span::styled(
            format!("› {} ({count}) ", tab.title()),
            theme.style(Slot::Title),
        ),
        Span::styled(
            format!("[{}]{sync_note} ", state.label()),
            theme.style(Slot::Dim),
        ),
    ]);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Slot::BorderFocus))
        .title(title);
    let window = table::Window {
        rows: &t.rows,
        start,
        len,
    };
    table::render_window(f, body, &t.columns, window, sel, Some(&sort), &theme, block);

    let filter_line = if editing {
        Line::from(vec![
            Span::styled("/", theme.style(Slot::Accent)),
            Span::raw(filter.clone()),
            Span::styled("█", theme.style(Slot::Accent)),
            Span::styled(
                "   enter: keep · esc: clear · !term: exclude",
                theme.style(Slot::Dim),
            ),
        ])
    } else if !filter.is_empty() {
        Line::from(vec![
            Span::styled("filter: ", theme.style(Slot::Dim)),
            Span::styled(filter.clone(), theme.style(Slot::Accent)),
        ])
    } else {
        Line::from("")
    };
    f.render_widget(Paragraph::new(filter_line), filter_area);
}
