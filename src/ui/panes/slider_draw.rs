//! Drawing the slider pane: its head, a row per slider, and the previews, notes and prompt.

use super::*;

impl SliderPane {
    /// Head (object, mode, pending), the slider rows, and the previews, notes and prompt.
    pub(super) fn draw(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        let t = cx.theme;
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(2 + self.previews().len().min(6) as u16),
        ])
        .areas(area);
        let Some(s) = &self.sliders else {
            let msg = self.missing.clone().unwrap_or_else(|| "loading…".into());
            f.render_widget(Paragraph::new(msg).style(t.style(Slot::Warn)), area);
            return;
        };
        let mode = match (&self.of, &self.dynamic) {
            (_, Some(d)) => format!("dynamic ({d}): the scheduler's split, as assigned now"),
            (WeightsOf::Policy { .. }, None) => format!(
                "static weights · {} template(s) · the split is karmada-scheduler's (Webster){}",
                self.bindings.len(),
                if self.pin { " · pin by name: on" } else { "" }
            ),
            (WeightsOf::Route { .. }, _) if s.keep_100 => {
                "route weights · the total stays 100".into()
            }
            (WeightsOf::Queues { .. }, _) => {
                "queue weights 1–65535 · shares among the open queues".into()
            }
            _ => "route weights · free (shares are weight/sum)".into(),
        };
        let pending = s.changes().len();
        f.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled(self.object(), t.style(Slot::Title)),
                    Span::styled(format!("  {mode}"), t.style(Slot::Dim)),
                ]),
                Line::styled(
                    if pending > 0 {
                        format!("{pending} pending change(s), not applied")
                    } else {
                        "no pending change".to_string()
                    },
                    t.style(if pending > 0 { Slot::Warn } else { Slot::Dim }),
                ),
            ]),
            head,
        );
        let previews = self.previews();
        let route = matches!(self.of, WeightsOf::Route { .. });
        let queues = matches!(self.of, WeightsOf::Queues { .. });
        let mut header = vec![
            if route {
                "DESTINATION"
            } else if queues {
                "QUEUE"
            } else {
                "CLUSTER"
            }
            .to_string(),
        ];
        header.push(
            if route {
                "CLUSTER"
            } else if queues {
                "STATE"
            } else {
                "NOTE"
            }
            .into(),
        );
        header.extend(["WEIGHT".into(), "".into(), "SHARE".into()]);
        header.extend(previews.iter().map(|p| p.name.to_uppercase()));
        let bar_w: usize = if area.width >= 100 { 20 } else { 10 };
        let rows: Vec<Row> = (0..s.names.len())
            .map(|i| {
                let (cur, new) = (s.current[i], s.pending[i]);
                let weight = if self.dynamic.is_some() {
                    "dynamic".to_string()
                } else if cur == new {
                    format!("{new}")
                } else {
                    format!("{cur}→{new}")
                };
                let share = self.share(s, &previews, i);
                let filled = ((share / 100.0) * bar_w as f64).round() as usize;
                let note = if queues {
                    self.states.get(i).cloned().unwrap_or_default()
                } else if route {
                    self.dest_clusters
                        .get(i)
                        .cloned()
                        .flatten()
                        .unwrap_or_else(|| "?".into())
                } else {
                    match self.candidates.get(i).and_then(|c| c.tainted.as_ref()) {
                        Some(_) => "tainted: left out".into(),
                        None => String::new(),
                    }
                };
                let mut cells = vec![
                    Cell::from(s.names[i].clone()),
                    Cell::from(note),
                    Cell::from(weight),
                    Cell::from(format!(
                        "{}{}",
                        "█".repeat(filled),
                        "░".repeat(bar_w - filled.min(bar_w))
                    )),
                    Cell::from(format!("{share:.0}%")),
                ];
                for p in &previews {
                    let (a, b) = (p.before_on(&s.names[i]), p.after_on(&s.names[i]));
                    cells.push(Cell::from(if a == b {
                        format!("{a}")
                    } else {
                        format!("{a}→{b}")
                    }));
                }
                let style = if i == self.sel {
                    t.style(Slot::SelectedFg).bg(t.color(Slot::SelectedBg))
                } else if cur != new {
                    t.style(Slot::Warn)
                } else {
                    t.style(Slot::Fg)
                };
                Row::new(cells).style(style)
            })
            .collect();
        let mut widths = vec![
            Constraint::Length(
                s.names.iter().map(|n| n.len()).max().unwrap_or(8).max(11) as u16 + 1,
            ),
            Constraint::Length(if route { 12 } else { 18 }),
            Constraint::Length(9),
            Constraint::Length(bar_w as u16 + 1),
            Constraint::Length(6),
        ];
        widths.extend(
            previews
                .iter()
                .map(|p| Constraint::Length(p.name.len().max(7) as u16 + 1)),
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.style(Slot::BorderFocus))
            .title(Span::styled(" Sliders ", t.style(Slot::Title)));
        f.render_widget(
            Table::new(rows, widths)
                .header(Row::new(header).style(t.style(Slot::Header)))
                .block(block),
            body,
        );
        let mut lines: Vec<Line> = previews
            .iter()
            .take(6)
            .map(|p| Line::styled(format!("→ {}", p.text()), t.style(Slot::Dim)))
            .collect();
        lines.extend(
            self.notes
                .iter()
                .map(|n| Line::styled(n.clone(), t.style(Slot::Warn))),
        );
        let k = |a| cx.key(Layer::Slider, a);
        let prompt = match &self.prompt {
            Some(Prompt::Percent(p)) => format!(
                "shift how many % of {}'s weight? {p}▏ ({}: next · {}: cancel)",
                s.names[self.sel],
                k(Action::Apply),
                k(Action::Cancel)
            ),
            Some(Prompt::To { pct, to }) => format!(
                "shift {pct}% of {}'s weight to {} ({}/{}: choose · {}: do it · {}: cancel)",
                s.names[self.sel],
                s.names[*to],
                k(Action::Up),
                k(Action::Down),
                k(Action::Apply),
                k(Action::Cancel)
            ),
            None if self.dynamic.is_some() => format!(
                "the scheduler weighs clusters by their available replicas: nothing to slide · {}: back",
                k(Action::Cancel)
            ),
            None => format!(
                "digits: type a weight · {}/{}: ±1 · {}/{}: ±10 · {}: shift · {}: equal · {}: undo · {}: apply",
                k(Action::Inc),
                k(Action::Dec),
                k(Action::IncBig),
                k(Action::DecBig),
                k(Action::ShiftWeight),
                k(Action::Equal),
                k(Action::Undo),
                k(Action::Apply)
            ),
        };
        lines.push(Line::styled(
            prompt,
            t.style(if self.prompt.is_some() {
                Slot::Accent
            } else {
                Slot::Dim
            }),
        ));
        f.render_widget(Paragraph::new(lines), foot);
    }
}
