//! Giving freed heap back to the system after a burst of full lists.
//!
//! A full sync decodes every object of every kind of every cluster at once, on several threads.
//! glibc's malloc keeps what those buffers freed in its per-thread arenas, so the resident size
//! stays at the burst's peak (about 1 KB per pod at 30,000 pods) although the model itself
//! keeps about 150 B per pod. Once the relists have settled, `malloc_trim` returns the free
//! pages: the resident size then tracks what the model holds.

/// Call on a slow tick: trims once after each burst of relists, when a tick passes without one.
#[derive(Debug, Default)]
pub struct TrimAfterRelists {
    seen: u64,
    trimmed: u64,
}

impl TrimAfterRelists {
    /// `relists` is the model's running count. True when it trimmed.
    pub fn tick(&mut self, relists: u64) -> bool {
        let settled = relists == self.seen;
        self.seen = relists;
        if settled && relists != self.trimmed {
            self.trimmed = relists;
            release_free_memory();
            return true;
        }
        false
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_free_memory() {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    // SAFETY: glibc's malloc_trim only walks and trims malloc's own free lists.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_once_per_burst_after_a_quiet_tick() {
        let mut t = TrimAfterRelists::default();
        assert!(!t.tick(0), "nothing relisted yet");
        assert!(!t.tick(12), "a burst is under way");
        assert!(!t.tick(40), "still under way");
        assert!(t.tick(40), "a quiet tick after the burst");
        assert!(!t.tick(40), "once per burst");
        assert!(!t.tick(41), "a relist after an outage");
        assert!(t.tick(41));
    }
}
