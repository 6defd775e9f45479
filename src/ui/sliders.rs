//! The weight sliders' state, pure: the weights on the server, the pending ones, undo and redo.
//! Two modes: free weights (Karmada; a route not totalling 100), and a total kept at 100 (a
//! route totalling 100): raising one takes the difference from the others in proportion to
//! their weights, lowering one gives it to them the same way.

#[derive(Clone, Debug, PartialEq)]
pub struct Sliders {
    pub names: Vec<String>,
    /// As on the server.
    pub current: Vec<i64>,
    pub pending: Vec<i64>,
    pub keep_100: bool,
    pub max: i64,
    undo: Vec<Vec<i64>>,
    redo: Vec<Vec<i64>>,
}

/// Split `amount` over `weights` in proportion (largest remainder; all equal when they are all
/// 0), exactly.
fn apportion(amount: i64, weights: &[i64]) -> Vec<i64> {
    let n = weights.len() as i64;
    if n == 0 {
        return vec![];
    }
    let sum: i64 = weights.iter().sum();
    let w: Vec<i64> = if sum > 0 {
        weights.to_vec()
    } else {
        vec![1; weights.len()]
    };
    let sum: i64 = w.iter().sum();
    let mut out: Vec<i64> = w.iter().map(|x| amount * x / sum).collect();
    let mut rem: Vec<(i64, usize)> = w
        .iter()
        .enumerate()
        .map(|(i, x)| (amount * x % sum, i))
        .collect();
    rem.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = amount - out.iter().sum::<i64>();
    for (_, i) in rem.into_iter().take(left.max(0) as usize) {
        out[i] += 1;
    }
    out
}

impl Sliders {
    pub fn new(names: Vec<String>, current: Vec<i64>, keep_100: bool, max: i64) -> Self {
        Sliders {
            names,
            pending: current.clone(),
            current,
            keep_100,
            max,
            undo: vec![],
            redo: vec![],
        }
    }

    /// New values from the server: pending changes stay (re-based), unless there were none.
    pub fn refresh(&mut self, names: Vec<String>, current: Vec<i64>) {
        if names != self.names {
            *self = Sliders::new(names, current, self.keep_100, self.max);
            return;
        }
        if !self.dirty() {
            self.pending = current.clone();
        }
        self.current = current;
    }

    pub fn dirty(&self) -> bool {
        self.pending != self.current
    }

    fn record(&mut self, next: Vec<i64>) {
        if next != self.pending {
            self.undo.push(std::mem::replace(&mut self.pending, next));
            self.redo.clear();
        }
    }

    /// Set row `i` to `v` (clamped; with the total kept, the others make up the difference).
    pub fn set(&mut self, i: usize, v: i64) {
        if i >= self.pending.len() {
            return;
        }
        let mut next = self.pending.clone();
        if self.keep_100 && next.len() > 1 {
            let v = v.clamp(0, 100);
            let others: Vec<usize> = (0..next.len()).filter(|j| *j != i).collect();
            let ow: Vec<i64> = others.iter().map(|j| next[*j]).collect();
            let rest = 100 - v;
            let split = apportion(rest, &ow);
            for (k, j) in others.iter().enumerate() {
                next[*j] = split[k];
            }
            next[i] = v;
        } else {
            next[i] = v.clamp(0, self.max);
        }
        self.record(next);
    }

    pub fn add(&mut self, i: usize, d: i64) {
        if let Some(v) = self.pending.get(i) {
            self.set(i, v + d);
        }
    }

    /// Every row the same (100 split evenly with the total kept; else each 1).
    pub fn equal(&mut self) {
        let n = self.pending.len();
        let next = if self.keep_100 {
            apportion(100, &vec![1; n])
        } else {
            vec![1; n]
        };
        self.record(next);
    }

    /// Move `pct`% of row `from`'s weight to row `to`.
    pub fn shift(&mut self, from: usize, to: usize, pct: i64) {
        if from == to || from >= self.pending.len() || to >= self.pending.len() {
            return;
        }
        let mut next = self.pending.clone();
        let amount = (next[from] * pct.clamp(0, 100) + 50) / 100;
        next[from] -= amount;
        next[to] += amount;
        self.record(next);
    }

    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(prev) => {
                self.redo.push(std::mem::replace(&mut self.pending, prev));
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(&mut self.pending, next));
                true
            }
            None => false,
        }
    }

    /// Drop every pending change (undoable).
    pub fn revert(&mut self) {
        let cur = self.current.clone();
        self.record(cur);
    }

    /// Share of row `i` in percent, pending.
    pub fn share(&self, i: usize) -> f64 {
        let sum: i64 = self.pending.iter().sum();
        if sum > 0 {
            self.pending[i] as f64 * 100.0 / sum as f64
        } else {
            0.0
        }
    }

    /// The changed rows: (name, weight).
    pub fn changes(&self) -> Vec<(String, i64)> {
        (0..self.names.len())
            .filter(|i| self.pending[*i] != self.current[*i])
            .map(|i| (self.names[i].clone(), self.pending[i]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(w: &[i64], keep: bool) -> Sliders {
        Sliders::new(
            (0..w.len()).map(|i| format!("c{i}")).collect(),
            w.to_vec(),
            keep,
            1000,
        )
    }

    #[test]
    fn total_kept_at_100_in_proportion() {
        let mut x = s(&[80, 20], true);
        x.set(0, 50);
        assert_eq!(x.pending, [50, 50]);
        let mut x = s(&[60, 30, 10], true);
        x.add(2, 10);
        // 10 more for c2, taken 2:1 from c0 and c1.
        assert_eq!(x.pending, [53, 27, 20]);
        assert_eq!(x.pending.iter().sum::<i64>(), 100);
        x.set(0, 100);
        assert_eq!(x.pending, [100, 0, 0]);
        // From all-zero others: given back evenly.
        x.set(0, 40);
        assert_eq!(x.pending, [40, 30, 30]);
        x.set(1, 250);
        assert_eq!(x.pending, [0, 100, 0]);
    }

    #[test]
    fn free_weights_shift_equal_undo_redo_revert() {
        let mut x = s(&[2, 1, 1], false);
        x.add(0, -1);
        x.add(1, 10);
        assert_eq!(x.pending, [1, 11, 1]);
        x.set(2, -5);
        assert_eq!(x.pending, [1, 11, 0]);
        assert!(x.undo());
        assert_eq!(x.pending, [1, 11, 1]);
        assert!(x.redo());
        assert_eq!(x.pending, [1, 11, 0]);
        x.equal();
        assert_eq!(x.pending, [1, 1, 1]);
        let mut y = s(&[80, 20], true);
        y.shift(0, 1, 30);
        assert_eq!(y.pending, [56, 44]);
        assert_eq!(
            y.changes(),
            [("c0".to_string(), 56), ("c1".to_string(), 44)]
        );
        y.revert();
        assert!(!y.dirty());
        assert!(y.undo());
        assert_eq!(y.pending, [56, 44]);
        let mut e = s(&[90, 5, 5], true);
        e.equal();
        assert_eq!(e.pending, [34, 33, 33]);
    }

    #[test]
    fn refresh_keeps_pending_changes() {
        let mut x = s(&[2, 1], false);
        x.set(0, 5);
        x.refresh(vec!["c0".into(), "c1".into()], vec![3, 1]);
        assert_eq!(
            (x.current.clone(), x.pending.clone()),
            (vec![3, 1], vec![5, 1])
        );
        let mut y = s(&[2, 1], false);
        y.refresh(vec!["c0".into(), "c1".into()], vec![3, 1]);
        assert_eq!(y.pending, [3, 1]);
    }
}
