//! The pods tab at 100,000 pods: sorting and filtering (the row index), and whole frames of the
//! TUI rendered into ratatui's TestBackend at 200×60.

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::{ColorMode, Theme};
use fleetdeck::fleet::FleetModel;
use fleetdeck::fleet::Kind;
use fleetdeck::ui::App;
use fleetdeck::ui::render::draw;
use fleetdeck::views::{Scope, SortSpec, TableIndex, table_def};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::{NOW, Rng, churn, model};

const N: usize = 100_000;

fn sort(column: usize, reverse: bool) -> SortSpec {
    SortSpec { column, reverse }
}

fn ix(m: &FleetModel, s: &SortSpec, f: &str) -> TableIndex {
    TableIndex::new(m, table_def(Kind::Pod, false), Scope::Cluster(0), s, f, NOW)
}

fn index(c: &mut Criterion) {
    let m = model(N);
    let mut g = c.benchmark_group("pods_index_100k");
    g.sample_size(10);
    for (name, s, f) in [
        ("sort_namespace", sort(0, false), ""),
        ("sort_name", sort(1, false), ""),
        ("sort_restarts_desc", sort(4, true), ""),
        ("sort_age", sort(6, false), ""),
        ("sort_name_filter_svc-01", sort(1, false), "svc-01"),
        ("sort_name_filter_!running", sort(1, false), "!running"),
    ] {
        g.bench_function(format!("build_{name}"), |b| b.iter(|| ix(&m, &s, f)));
    }
    g.bench_function("narrow_filter_svc-0_to_svc-01", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let mut ix = ix(&m, &sort(1, false), "svc-0");
                let t = Instant::now();
                ix.refresh(&m, &sort(1, false), "svc-01", NOW);
                spent += t.elapsed();
            }
            spent
        })
    });
    g.finish();

    let mut g = c.benchmark_group("pods_index_100k_refresh");
    for k in [1, 10, 100] {
        g.bench_function(format!("after_{k}_updates"), |b| {
            let mut m = model(N);
            let s = sort(1, false);
            let mut ix = ix(&m, &s, "");
            let mut rng = Rng::new(3);
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let evs = churn(&m, k, &mut rng);
                    m.apply_all(evs);
                    let t = Instant::now();
                    ix.refresh(&m, &s, "", NOW);
                    spent += t.elapsed();
                }
                spent
            })
        });
    }
    g.finish();
}

fn app(m: FleetModel) -> App {
    let theme = Theme::preset("dark", ColorMode::NoColor).unwrap();
    let keymap = Keymap::load("default", None).unwrap();
    let mut app = App::new(m, theme, keymap, false, NOW);
    app.open("cluster:big:pods").unwrap();
    app
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn frames(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame_200x60_100k_pods");
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut a = app(model(N));
    g.bench_function("pods_pane_steady", |b| {
        b.iter(|| term.draw(|f| draw(f, &mut a)).unwrap().area)
    });
    let mut rng = Rng::new(5);
    g.bench_function("pods_pane_after_10_updates", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let evs = churn(a.model(), 10, &mut rng);
                a.model_mut().apply_all(evs);
                let t = Instant::now();
                term.draw(|f| draw(f, &mut a)).unwrap();
                spent += t.elapsed();
            }
            spent
        })
    });
    g.bench_function("key_down_then_frame_after_10_updates", |b| {
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let evs = churn(a.model(), 10, &mut rng);
                a.model_mut().apply_all(evs);
                let t = Instant::now();
                a.on_key(down);
                term.draw(|f| draw(f, &mut a)).unwrap();
                spent += t.elapsed();
            }
            spent
        })
    });
    // Sorted by age, newest first, filtered, the selection 500 rows down.
    for _ in 0..6 {
        a.on_key(key('s'));
    }
    a.on_key(key('S'));
    a.on_key(key('/'));
    for ch in "svc-1".chars() {
        a.on_key(key(ch));
    }
    a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    for _ in 0..500 {
        a.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    }
    g.bench_function("pods_pane_sorted_by_age_filtered_steady", |b| {
        b.iter(|| term.draw(|f| draw(f, &mut a)).unwrap().area)
    });
    a.open("fleet").unwrap();
    g.bench_function("fleet_overview_steady", |b| {
        b.iter(|| term.draw(|f| draw(f, &mut a)).unwrap().area)
    });
    g.sample_size(10);
    g.bench_function("pods_pane_first_open", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                a.open("cluster:big:pods").unwrap();
                let t = Instant::now();
                term.draw(|f| draw(f, &mut a)).unwrap();
                spent += t.elapsed();
            }
            spent
        })
    });
    g.finish();
}

criterion_group!(benches, index, frames);
criterion_main!(benches);
