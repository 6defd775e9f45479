//! Fleet overview: one row per context, unhealthy first; details of the selected one below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::config::theme::Slot;
use crate::fleet::ClusterState;
use crate::ui::app::App;
use crate::ui::widgets::table::{self, tone_style};
use crate::views::{Cell, ClusterSummary, Row, TableView, Tone, col};

fn tone(s: &ClusterSummary) -> Tone {
    match s.health_rank() {
        0..=2 => Tone::Err,
        3 => Tone::Warn,
        4 => Tone::Dim,
        _ => Tone::Normal,
    }
}

pub fn overview_table(rows: &[ClusterSummary]) -> TableView {
    let columns = vec![
        col("CONTEXT", 12),
        col("STATE", 11),
        col("ROLE", 8),
        col("VERSION", 8),
        col("NODES", 6),
        col("EDGE", 5),
        col("PODS", 5),
        col("RUN/PEND/FAIL", 13),
        col("WARN", 4),
        col("KARMADA", 8),
        col("REGION", 10),
        col("PROVIDER", 8),
        col("MODE", 4),
        col("TAINTS", 10),
    ];
    let body = rows
        .iter()
        .map(|s| {
            let k = s.karmada.as_ref();
            let karmada = match (k, &s.role) {
                (Some(k), _) => match k.ready {
                    Some(true) => "Ready".to_string(),
                    Some(false) => format!("NotReady:{}", k.reason.as_deref().unwrap_or("?")),
                    None => "Unknown".to_string(),
                },
                (None, crate::views::Role::ControlPlane) => format!("{} members", s.members),
                _ => "-".to_string(),
            };
            let opt = |v: Option<&Option<String>>| {
                v.and_then(|x| x.clone()).unwrap_or_else(|| "-".into())
            };
            Row {
                kind: crate::fleet::Kind::Namespace,
                key: crate::fleet::ObjKey::cluster_scoped(&s.context),
                cells: vec![
                    Cell::text(&s.context),
                    Cell::text(s.state.label()),
                    Cell::text(s.role.label()),
                    Cell::text(s.version.clone().unwrap_or_else(|| "-".into())),
                    Cell::text(format!("{}/{}", s.nodes.ready, s.nodes.total)),
                    Cell::text(if s.edge_nodes.total > 0 {
                        format!("{}/{}", s.edge_nodes.ready, s.edge_nodes.total)
                    } else {
                        "-".into()
                    }),
                    Cell::num(s.pods.total as i64),
                    Cell::text(format!(
                        "{}/{}/{}",
                        s.pods.running, s.pods.pending, s.pods.failed
                    )),
                    Cell::num(s.warnings as i64),
                    Cell::text(karmada),
                    Cell::text(opt(k.map(|k| &k.region))),
                    Cell::text(opt(k.map(|k| &k.provider))),
                    Cell::text(opt(k.map(|k| &k.sync_mode))),
                    Cell::text(
                        k.map(|k| k.taints.join(","))
                            .filter(|t| !t.is_empty())
                            .unwrap_or_else(|| "-".into()),
                    ),
                ],
                tone: tone(s),
            }
        })
        .collect();
    TableView::new(columns, body)
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let rows = app.fleet_rows();
    let [top, bottom] = Layout::vertical([Constraint::Min(5), Constraint::Length(6)]).areas(area);
    let t = overview_table(&rows);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.style(Slot::BorderFocus))
        .title(Span::styled(
            format!(" Fleet ({}) ", rows.len()),
            app.theme.style(Slot::Title),
        ));
    let selected = app.fleet_index(&rows);
    table::render(f, top, &t, selected, None, &app.theme, block);

    let mut lines: Vec<Line> = Vec::new();
    if let Some(s) = rows.get(selected) {
        let state_line = match (&s.state, s.problem(app.now)) {
            (ClusterState::Ready, None) => Span::styled("healthy", app.theme.style(Slot::Ok)),
            (_, Some(p)) => Span::styled(p, tone_style(&app.theme, tone(s))),
            (st, None) => Span::styled(st.label().to_string(), app.theme.style(Slot::Dim)),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", s.context), app.theme.style(Slot::Accent)),
            state_line,
        ]));
        if let Some(k) = &s.karmada {
            lines.push(Line::from(format!(
                "Karmada member of {}: Ready={} reason={} region={} provider={} mode={} taints=[{}]",
                k.control_plane,
                k.ready.map(|r| if r { "True" } else { "False" }).unwrap_or("Unknown"),
                k.reason.as_deref().unwrap_or("-"),
                k.region.as_deref().unwrap_or("-"),
                k.provider.as_deref().unwrap_or("-"),
                k.sync_mode.as_deref().unwrap_or("-"),
                k.taints.join(", ")
            )));
        }
        if s.edge_nodes.total > 0 {
            lines.push(Line::from(format!(
                "KubeEdge: {}/{} edge nodes ready",
                s.edge_nodes.ready, s.edge_nodes.total
            )));
        }
    }
    let detail = Paragraph::new(lines).wrap(Wrap { trim: true }).block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(app.theme.style(Slot::Border))
            .title(" Details "),
    );
    f.render_widget(detail, bottom);
}
