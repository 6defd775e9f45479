//! The pods tab at 100,000 pods: sorting and filtering (the row index), and whole frames of the
//! TUI rendered into ratatui's TestBackend at 200×60.

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::{ColorMode, Theme};
use fleetdeck::fleet::FleetModel;
use fleetdeck::ui::App;
use fleetdeck::ui::render::draw;
use fleetdeck::ui::state::{ClusterView, Screen};
use fleetdeck::views::{SortSpec, Tab, TableIndex, cluster_table};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::{NOW, Rng, churn, model};

const N: usize = 100_000;

fn sort(column: usize, reverse: bool) -> SortSpec {
    SortSpec { column, reverse }
}

fn index(c: &mut Criterion) {
    let m = model(N);
    let cl = &m.clusters[0];
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
        g.bench_function(format!("build_{name}"), |b| {
            b.iter(|| TableIndex::new(cl, 0, Tab::Pods, &s, f, NOW))
        });
    }
    g.bench_function("old_format_all_filter_sort_name", |b| {
        b.iter(|| {
            cluster_table(cl, Tab::Pods, NOW)
                .filter("")
                .sort(&sort(1, false))
        })
    });
    g.bench_function("narrow_filter_svc-0_to_svc-01", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let mut ix = TableIndex::new(cl, 0, Tab::Pods, &sort(1, false), "svc-0", NOW);
                let t = Instant::now();
                ix.refresh(cl, &sort(1, false), "svc-01", NOW);
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
            let mut ix = TableIndex::new(&m.clusters[0], 0, Tab::Pods, &s, "", NOW);
            let mut rng = Rng::new(3);
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let evs = churn(&m, k, &mut rng);
                    m.apply_all(evs);
                    let t = Instant::now();
                    ix.refresh(&m.clusters[0], &s, "", NOW);
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
    app.screen = Screen::Cluster(ClusterView {
        id: 0,
        tab: Tab::Pods,
        selected: 0,
        sort: SortSpec::default(),
        filter: String::new(),
    });
    app
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
                let evs = churn(&a.model, 10, &mut rng);
                a.model.apply_all(evs);
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
                let evs = churn(&a.model, 10, &mut rng);
                a.model.apply_all(evs);
                let t = Instant::now();
                a.on_key(down);
                term.draw(|f| draw(f, &mut a)).unwrap();
                spent += t.elapsed();
            }
            spent
        })
    });
    g.bench_function("pods_pane_sorted_by_age_filtered_steady", |b| {
        if let Screen::Cluster(cv) = &mut a.screen {
            cv.sort = sort(6, true);
            cv.filter = "svc-1".into();
            cv.selected = 500;
        }
        b.iter(|| term.draw(|f| draw(f, &mut a)).unwrap().area)
    });
    a.screen = Screen::Fleet;
    g.bench_function("fleet_overview_steady", |b| {
        b.iter(|| term.draw(|f| draw(f, &mut a)).unwrap().area)
    });
    g.sample_size(10);
    g.bench_function("pods_pane_first_open", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let mut fresh = app(std::mem::replace(&mut a.model, FleetModel::new(["x"])));
                let t = Instant::now();
                term.draw(|f| draw(f, &mut fresh)).unwrap();
                spent += t.elapsed();
                a.model = fresh.model;
            }
            spent
        })
    });
    g.finish();
}

criterion_group!(benches, index, frames);
criterion_main!(benches);
