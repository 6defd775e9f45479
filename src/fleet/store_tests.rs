use super::store::*;
use super::*;

fn q(name: &str, weight: i64) -> QueueRow {
    QueueRow::new(name, "Open", weight, None)
}

fn names(s: &Store<QueueRow>) -> Vec<String> {
    let mut v: Vec<String> = s.keys().map(|k| k.to_string()).collect();
    v.sort();
    v
}

fn exercise(collide: bool) {
    let mut s = Store::new();
    s.collide = collide;
    let ids: Vec<RowId> = ["a", "b", "c", "d"]
        .iter()
        .map(|n| match s.upsert(q(n, 1)) {
            Upsert::Inserted(id) => id,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(s.len(), 4);
    assert_eq!(s.upsert(q("b", 1)), Upsert::Unchanged(ids[1]));
    assert_eq!(s.upsert(q("b", 2)), Upsert::Replaced(ids[1], q("b", 1)));
    assert_eq!(s[&ObjKey::cluster_scoped("b")].weight, 2);
    // Remove from the middle, the head and the tail of a chain.
    for gone in ["c", "a", "d"] {
        assert!(s.remove(&ObjKey::cluster_scoped(gone)).is_some());
        assert!(!s.contains_key(&ObjKey::cluster_scoped(gone)));
        assert!(s.remove(&ObjKey::cluster_scoped(gone)).is_none());
    }
    assert_eq!(names(&s), ["b"]);
    assert_eq!(s.id_of(&ObjKey::cluster_scoped("b")), Some(ids[1]));
    // Freed slots are reused; lookups still work.
    for n in ["x", "y", "a"] {
        s.upsert(q(n, 3));
    }
    assert_eq!(names(&s), ["a", "b", "x", "y"]);
    assert_eq!(s.id_bound(), 4);
    for n in ["a", "b", "x", "y"] {
        assert_eq!(s[&ObjKey::cluster_scoped(n)].name.as_ref(), n);
    }
}

#[test]
fn upsert_remove_and_lookup() {
    exercise(false);
}

#[test]
fn upsert_remove_and_lookup_when_every_hash_collides() {
    exercise(true);
}

#[test]
fn change_log_answers_since_a_generation_or_asks_for_a_rebuild() {
    let mut s = Store::new();
    let g0 = s.generation();
    s.upsert(q("a", 1));
    s.upsert(q("b", 1));
    let g1 = s.generation();
    s.upsert(q("a", 2));
    s.remove(&ObjKey::cluster_scoped("b"));
    let since = |s: &Store<QueueRow>, g| s.changes_since(g).map(|c| c.collect::<Vec<_>>());
    assert_eq!(since(&s, g0), Some(vec![0, 1, 0, 1]));
    assert_eq!(since(&s, g1), Some(vec![0, 1]));
    assert_eq!(since(&s, s.generation()), Some(vec![]));
    assert_eq!(since(&s, s.generation() + 1), None);
    // Unchanged upserts log nothing.
    let g2 = s.generation();
    s.upsert(q("a", 2));
    assert_eq!(s.generation(), g2);
    // Past the log's capacity: rebuild.
    for i in 0..LOG_CAP {
        s.upsert(q("a", 10 + i as i64));
    }
    assert_eq!(since(&s, g2 - 1), None);
    assert_eq!(since(&s, g2).map(|v| v.len()), Some(LOG_CAP));
    // A clear: rebuild.
    let g3 = s.generation();
    assert!(s.clear());
    assert_eq!(since(&s, g3), None);
    assert!(s.is_empty());
}

#[test]
fn replace_all_keeps_ids_of_unchanged_rows_and_drops_the_rest() {
    let mut s = Store::new();
    assert!(s.replace_all(vec![q("a", 1), q("b", 1), q("c", 1)]));
    let b = s.id_of(&ObjKey::cluster_scoped("b")).unwrap();
    let g = s.generation();
    assert!(!s.replace_all(vec![q("c", 1), q("b", 1), q("a", 1)]));
    assert_eq!(s.generation(), g);
    assert!(s.replace_all(vec![q("b", 1), q("d", 1)]));
    assert_eq!(names(&s), ["b", "d"]);
    assert_eq!(s.id_of(&ObjKey::cluster_scoped("b")), Some(b));
    let mut changed: Vec<RowId> = s.changes_since(g).unwrap().collect();
    changed.sort();
    changed.dedup();
    assert_eq!(changed.len(), 3, "d inserted, a and c removed: {changed:?}");
}
