//! A three-way merge for an edit that lost a race: the object as the edit began (`base`), the
//! user's edit (`ours`) and the object as it is now (`theirs`). Our changes are re-applied onto
//! theirs where nobody else touched the same place; where both changed it differently, theirs is
//! kept and the clash is listed, side by side, for the user to decide.
//!
//! Mappings merge key by key; a list is one value (re-applying index-wise edits onto a list that
//! changed meanwhile would put them on the wrong items).

use serde_json::{Map, Value};

/// A place both sides changed differently. `None`: absent on that side.
#[derive(Clone, Debug, PartialEq)]
pub struct Clash {
    /// A JSON pointer: `/spec/placement/clusterAffinity/clusterNames`.
    pub path: String,
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    /// Theirs with our non-clashing changes.
    pub merged: Value,
    pub clashes: Vec<Clash>,
    /// The places someone else changed since base.
    pub theirs_changed: Vec<String>,
}

/// A leaf change: where, and the new value (None: removed).
type Change = (Vec<String>, Option<Value>);

fn changes(a: &Value, b: &Value, at: &mut Vec<String>, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                at.push(k.clone());
                match y.get(k) {
                    Some(vb) => changes(va, vb, at, out),
                    None => out.push((at.clone(), None)),
                }
                at.pop();
            }
            for (k, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                at.push(k.clone());
                out.push((at.clone(), Some(vb.clone())));
                at.pop();
            }
        }
        _ if a != b => out.push((at.clone(), Some(b.clone()))),
        _ => {}
    }
}

fn diff(a: &Value, b: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    changes(a, b, &mut Vec::new(), &mut out);
    out
}

/// `/a/b~1c` for [a, b/c].
pub fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn get<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.as_object()?.get(k))
}

/// Set (or remove, for None) the value at `path`, creating mappings on the way.
fn set(v: &mut Value, path: &[String], to: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        if let Some(to) = to {
            *v = to;
        }
        return;
    };
    let mut cur = v;
    for k in parents {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Some(m) = cur.as_object_mut() else { return };
        cur = m
            .entry(k.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !cur.is_object() {
        *cur = Value::Object(Map::new());
    }
    if let Some(m) = cur.as_object_mut() {
        match to {
            Some(x) => {
                m.insert(last.clone(), x);
            }
            None => {
                m.remove(last);
            }
        }
    }
}

fn overlaps(a: &[String], b: &[String]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Where `b` differs from `a`, as JSON pointers (a list is one place).
pub fn changed_paths(a: &Value, b: &Value) -> Vec<String> {
    diff(a, b).iter().map(|(p, _)| pointer(p)).collect()
}

/// Our changes from `base` re-applied onto `theirs` where they do not clash.
pub fn three_way(base: &Value, ours: &Value, theirs: &Value) -> Merge {
    let ours_ch = diff(base, ours);
    let theirs_ch = diff(base, theirs);
    let mut merged = theirs.clone();
    let mut clashes = Vec::new();
    for (path, to) in ours_ch {
        if theirs_ch.iter().any(|(q, _)| overlaps(&path, q)) {
            let now = get(theirs, &path).cloned();
            if now != to {
                clashes.push(Clash {
                    path: pointer(&path),
                    base: get(base, &path).cloned(),
                    ours: to,
                    theirs: now,
                });
            }
            continue;
        }
        set(&mut merged, &path, to);
    }
    Merge {
        merged,
        clashes,
        theirs_changed: theirs_ch.iter().map(|(p, _)| pointer(p)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({"metadata": {"name": "p", "labels": {"a": "1"}},
               "spec": {"placement": {"clusterAffinity": {"clusterNames": ["m1", "m2"]},
                                      "replicaScheduling": {"replicaSchedulingType": "Duplicated"}},
                        "priority": 0}})
    }

    #[test]
    fn disjoint_changes_merge() {
        let mut ours = base();
        ours["spec"]["placement"]["clusterAffinity"]["clusterNames"] = json!(["m1", "m3"]);
        ours["metadata"]["labels"]["b"] = json!("2");
        let mut theirs = base();
        theirs["spec"]["priority"] = json!(5);
        let m = three_way(&base(), &ours, &theirs);
        assert!(m.clashes.is_empty());
        assert_eq!(m.theirs_changed, vec!["/spec/priority"]);
        assert_eq!(m.merged["spec"]["priority"], 5);
        assert_eq!(
            m.merged["spec"]["placement"]["clusterAffinity"]["clusterNames"],
            json!(["m1", "m3"])
        );
        assert_eq!(m.merged["metadata"]["labels"], json!({"a": "1", "b": "2"}));
    }

    #[test]
    fn same_place_changed_differently_clashes_and_keeps_theirs() {
        let mut ours = base();
        ours["spec"]["placement"]["clusterAffinity"]["clusterNames"] = json!(["m3"]);
        let mut theirs = base();
        theirs["spec"]["placement"]["clusterAffinity"] = json!({"labelSelector": {}});
        let m = three_way(&base(), &ours, &theirs);
        assert_eq!(m.clashes.len(), 1);
        let c = &m.clashes[0];
        assert_eq!(c.path, "/spec/placement/clusterAffinity/clusterNames");
        assert_eq!(c.ours, Some(json!(["m3"])));
        assert_eq!(c.theirs, None);
        assert_eq!(c.base, Some(json!(["m1", "m2"])));
        assert_eq!(
            m.merged["spec"]["placement"]["clusterAffinity"],
            json!({"labelSelector": {}})
        );
    }

    #[test]
    fn same_change_on_both_sides_is_no_clash() {
        let mut ours = base();
        ours["spec"]["priority"] = json!(3);
        let m = three_way(&base(), &ours, &ours.clone());
        assert!(m.clashes.is_empty());
        assert_eq!(m.merged, ours);
    }

    #[test]
    fn removals_merge_and_pointers_escape() {
        let mut ours = base();
        ours["metadata"].as_object_mut().unwrap().remove("labels");
        let mut theirs = base();
        theirs["metadata"]["annotations"] = json!({"x/y": "1"});
        let m = three_way(&base(), &ours, &theirs);
        assert!(m.clashes.is_empty());
        assert!(m.merged["metadata"].get("labels").is_none());
        assert_eq!(m.theirs_changed, vec!["/metadata/annotations"]);
        assert_eq!(pointer(&["a/b".into(), "c~d".into()]), "/a~1b/c~0d");
    }
}
