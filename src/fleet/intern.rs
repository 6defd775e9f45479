//! A small string interner: namespaces, node names and label values repeat across thousands of
//! rows; each distinct string is stored once.

use std::collections::HashSet;
use std::sync::Arc;

#[derive(Default, Debug)]
pub struct Interner {
    set: HashSet<Arc<str>>,
}

impl Interner {
    pub fn intern(&mut self, s: &Arc<str>) -> Arc<str> {
        if let Some(found) = self.set.get(s) {
            return found.clone();
        }
        self.set.insert(s.clone());
        s.clone()
    }

    pub fn intern_opt(&mut self, s: &Option<Arc<str>>) -> Option<Arc<str>> {
        s.as_ref().map(|s| self.intern(s))
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_shares_one_allocation() {
        let mut i = Interner::default();
        let a = i.intern(&Arc::from("shop"));
        let b = i.intern(&Arc::from("shop"));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(i.len(), 1);
        let c = i.intern(&Arc::from("kube-system"));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(i.len(), 2);
    }
}
