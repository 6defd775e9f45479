//! The rows of one kind on one cluster.
//!
//! A slab of rows gives every row a stable [`RowId`] for as long as it lives, so views can keep
//! sorted indexes of 4-byte ids instead of keys. Lookup by (namespace, name) goes through a map
//! from the hash of the row's own key to its slot: no separate key is stored next to a row that
//! already holds its namespace and name. Every change bumps the store's generation and is logged
//! (bounded), so a view can ask which rows changed since the generation it last saw.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

use super::types::ObjKey;

/// A row's slot in its store: stable while the row exists; reused after it is deleted.
pub type RowId = u32;

const NONE: RowId = RowId::MAX;

/// Changes remembered per store; a view that is further behind rebuilds its index.
pub const LOG_CAP: usize = 4096;

/// A row that knows its own key.
pub trait Keyed {
    /// (namespace, name) as borrowed strings: what the store hashes and compares.
    fn key_parts(&self) -> (Option<&str>, &str);
    /// The key as an [`ObjKey`], sharing the row's strings.
    fn obj_key(&self) -> ObjKey;
}

/// The key is already a hash; spread its 32 bits over 64 (the map uses the top bits too).
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// 32 bits of a key's hash: 8 bytes per index entry instead of 16. Keys that share them (about
/// one pair in 100,000 rows) are chained through their slots.
type KeyHash = u32;

#[derive(Clone, Debug)]
struct Slot<T> {
    row: Option<T>,
    /// Next slot whose key has the same hash (almost always NONE).
    next: RowId,
}

/// What an upsert did.
#[derive(Debug, PartialEq)]
pub enum Upsert<T> {
    /// An equal row was already there.
    Unchanged(RowId),
    Inserted(RowId),
    /// Replaced; here is the previous row.
    Replaced(RowId, T),
}

#[derive(Clone, Debug)]
pub struct Store<T> {
    slots: Vec<Slot<T>>,
    heads: HashMap<KeyHash, RowId, BuildHasherDefault<IdHasher>>,
    hasher: RandomState,
    free: Vec<RowId>,
    len: usize,
    generation: u64,
    /// Slots changed by the last `log.len()` generations, oldest first.
    log: VecDeque<RowId>,
    /// Tests: every key hashes alike, so the same-hash chains are exercised.
    #[cfg(test)]
    pub(crate) collide: bool,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store {
            slots: Vec::new(),
            heads: HashMap::default(),
            hasher: RandomState::new(),
            free: Vec::new(),
            len: 0,
            generation: 0,
            log: VecDeque::new(),
            #[cfg(test)]
            collide: false,
        }
    }
}

impl<T: Keyed> Store<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bumped by every change of this store.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Slots changed after generation `since` (with repeats), or None when the log does not reach
    /// back that far (or the store was cleared since): then the caller rebuilds from scratch.
    pub fn changes_since(&self, since: u64) -> Option<impl Iterator<Item = RowId> + '_> {
        let n = self.generation.checked_sub(since)?;
        let len = self.log.len() as u64;
        (n <= len).then(|| self.log.range((len - n) as usize..).copied())
    }

    fn hash(&self, ns: Option<&str>, name: &str) -> KeyHash {
        #[cfg(test)]
        if self.collide {
            return 7;
        }
        (self.hasher.hash_one((ns, name)) >> 32) as KeyHash
    }

    pub fn find(&self, ns: Option<&str>, name: &str) -> Option<RowId> {
        let mut s = *self.heads.get(&self.hash(ns, name))?;
        while s != NONE {
            let slot = &self.slots[s as usize];
            if slot
                .row
                .as_ref()
                .is_some_and(|r| r.key_parts() == (ns, name))
            {
                return Some(s);
            }
            s = slot.next;
        }
        None
    }

    pub fn id_of(&self, key: &ObjKey) -> Option<RowId> {
        self.find(key.namespace.as_deref(), &key.name)
    }

    pub fn get(&self, key: &ObjKey) -> Option<&T> {
        self.row(self.id_of(key)?)
    }

    pub fn contains_key(&self, key: &ObjKey) -> bool {
        self.id_of(key).is_some()
    }

    /// The row in slot `id`, if it is alive.
    pub fn row(&self, id: RowId) -> Option<&T> {
        self.slots.get(id as usize)?.row.as_ref()
    }

    /// Live rows with their ids, in slot order.
    pub fn rows(&self) -> impl Iterator<Item = (RowId, &T)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.row.as_ref().map(|r| (i as RowId, r)))
    }

    pub fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.slots.iter().filter_map(|s| s.row.as_ref())
    }

    pub fn keys(&self) -> impl Iterator<Item = ObjKey> + '_ {
        self.values().map(Keyed::obj_key)
    }

    pub fn iter(&self) -> impl Iterator<Item = (ObjKey, &T)> + '_ {
        self.values().map(|r| (r.obj_key(), r))
    }

    /// Upper bound of the ids in use (for bitsets over ids).
    pub fn id_bound(&self) -> usize {
        self.slots.len()
    }

    fn touch(&mut self, id: RowId) {
        self.generation += 1;
        if self.log.len() == LOG_CAP {
            self.log.pop_front();
        }
        self.log.push_back(id);
    }

    /// Insert, or replace the row with the same key.
    pub fn upsert(&mut self, row: T) -> Upsert<T>
    where
        T: PartialEq,
    {
        let (ns, name) = row.key_parts();
        let h = self.hash(ns, name);
        if let Some(id) = self.find(ns, name) {
            let slot = &mut self.slots[id as usize];
            if slot.row.as_ref() == Some(&row) {
                return Upsert::Unchanged(id);
            }
            let old = slot.row.replace(row).expect("live slot");
            self.touch(id);
            return Upsert::Replaced(id, old);
        }
        let next = self.heads.get(&h).copied().unwrap_or(NONE);
        let slot = Slot {
            row: Some(row),
            next,
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = slot;
                id
            }
            None => {
                // Views pack a part bit into the top of an id.
                assert!(self.slots.len() < 1 << 31, "store full");
                self.slots.push(slot);
                (self.slots.len() - 1) as RowId
            }
        };
        self.heads.insert(h, id);
        self.len += 1;
        self.touch(id);
        Upsert::Inserted(id)
    }

    pub fn remove(&mut self, key: &ObjKey) -> Option<T> {
        let id = self.id_of(key)?;
        self.remove_id(id)
    }

    /// Remove the row in slot `id` (if alive) and return it.
    pub fn remove_id(&mut self, id: RowId) -> Option<T> {
        let h = {
            let (ns, name) = self.slots.get(id as usize)?.row.as_ref()?.key_parts();
            self.hash(ns, name)
        };
        let next = self.slots[id as usize].next;
        let head = self.heads[&h];
        if head == id {
            if next == NONE {
                self.heads.remove(&h);
            } else {
                self.heads.insert(h, next);
            }
        } else {
            let mut s = head;
            while self.slots[s as usize].next != id {
                s = self.slots[s as usize].next;
            }
            self.slots[s as usize].next = next;
        }
        let slot = &mut self.slots[id as usize];
        slot.next = NONE;
        let row = slot.row.take();
        self.free.push(id);
        self.len -= 1;
        self.touch(id);
        row
    }

    /// Remove everything; returns whether there was anything. Views rebuild after a clear.
    pub fn clear(&mut self) -> bool {
        if self.slots.is_empty() {
            return false;
        }
        self.slots = Vec::new();
        self.heads = HashMap::default();
        self.free = Vec::new();
        self.len = 0;
        self.generation += 1;
        self.log.clear();
        true
    }

    /// Make the store hold exactly `rows`: upsert each, remove the rest. Rows that did not change
    /// keep their ids and are not logged, so views update incrementally. Returns whether anything
    /// changed.
    pub fn replace_all(&mut self, rows: Vec<T>) -> bool
    where
        T: PartialEq,
    {
        if self.is_empty() {
            // First list: size the slab and the index once.
            self.slots.reserve_exact(rows.len());
            self.heads.reserve(rows.len());
        }
        let before = self.generation;
        let mut seen = vec![false; self.slots.len() + rows.len()];
        for row in rows {
            let (Upsert::Unchanged(id) | Upsert::Inserted(id) | Upsert::Replaced(id, _)) =
                self.upsert(row);
            seen[id as usize] = true;
        }
        let stale: Vec<RowId> = self
            .rows()
            .filter(|(id, _)| !seen[*id as usize])
            .map(|(id, _)| id)
            .collect();
        for id in stale {
            self.remove_id(id);
        }
        before != self.generation
    }
}

impl<T: Keyed> std::ops::Index<&ObjKey> for Store<T> {
    type Output = T;
    fn index(&self, key: &ObjKey) -> &T {
        self.get(key).expect("no such key in store")
    }
}

/// `keyed!(namespaced: PodRow)` / `keyed!(cluster: NodeRow)`: a row type's `Keyed` impl from its
/// `namespace` and `name` fields.
macro_rules! keyed {
    (namespaced: $($t:ty),*) => {$(
        impl $crate::fleet::store::Keyed for $t {
            fn key_parts(&self) -> (Option<&str>, &str) {
                (Some(&self.namespace), &self.name)
            }
            fn obj_key(&self) -> $crate::fleet::ObjKey {
                $crate::fleet::ObjKey { namespace: Some(self.namespace.clone()), name: self.name.clone() }
            }
        }
    )*};
    (cluster: $($t:ty),*) => {$(
        impl $crate::fleet::store::Keyed for $t {
            fn key_parts(&self) -> (Option<&str>, &str) {
                (None, &self.name)
            }
            fn obj_key(&self) -> $crate::fleet::ObjKey {
                $crate::fleet::ObjKey { namespace: None, name: self.name.clone() }
            }
        }
    )*};
}
pub(crate) use keyed;
