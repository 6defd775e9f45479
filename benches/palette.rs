//! The `:` palette at 100,000 objects: the cost of one keystroke (search and the frame that
//! shows it). Goal: ≤ 16 ms per keystroke (docs/performance.md).

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::{ColorMode, Theme};
use fleetdeck::ui::App;
use fleetdeck::ui::render::draw;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::{NOW, Rng, churn, model};

const N: usize = 100_000;

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn backspace() -> KeyEvent {
    KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)
}

fn palette(c: &mut Criterion) {
    let theme = Theme::preset("dark", ColorMode::NoColor).unwrap();
    let mut a = App::new(model(N), theme, Keymap::default(), false, NOW);
    let objects = a.model().clusters[0].object_count();
    println!("palette over {objects} objects");
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    a.on_key(key(':'));
    let mut g = c.benchmark_group("palette_keystroke_100k");
    g.sample_size(20);
    // (query typed before, the keystroke measured, whether the model changes in between)
    for (name, before, typed, churned) in [
        ("first_char_s", "", 's', false),
        ("narrowing_svc-0_to_svc-01", "svc-0", '1', false),
        ("after_10_updates_svc-0_to_svc-01", "svc-0", '1', true),
        ("after_10_updates_no_match_zq", "z", 'q', true),
        ("after_10_updates_team-07_nd", "team-07 n", 'd', true),
    ] {
        for ch in before.chars() {
            a.on_key(key(ch));
        }
        let mut rng = Rng::new(9);
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    if churned {
                        let evs = churn(a.model(), 10, &mut rng);
                        a.model_mut().apply_all(evs);
                    }
                    let t = Instant::now();
                    a.on_key(key(typed));
                    term.draw(|f| draw(f, &mut a)).unwrap();
                    spent += t.elapsed();
                    a.on_key(backspace());
                }
                spent
            })
        });
        for _ in before.chars() {
            a.on_key(backspace());
        }
    }
    g.finish();
}

criterion_group!(benches, palette);
criterion_main!(benches);
