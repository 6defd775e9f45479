//! A counting global allocator: how many bytes a piece of work allocates, and how many stay.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};

pub struct Counting;

static TOTAL: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        TOTAL.fetch_add(l.size(), Relaxed);
        COUNT.fetch_add(1, Relaxed);
        LIVE.fetch_add(l.size() as isize, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        TOTAL.fetch_add(new, Relaxed);
        COUNT.fetch_add(1, Relaxed);
        LIVE.fetch_add(new as isize - l.size() as isize, Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

/// (bytes allocated, allocations, bytes still live) by `f`, and its result.
pub fn measure<T>(f: impl FnOnce() -> T) -> (usize, usize, isize, T) {
    let (t, c, l) = (TOTAL.load(Relaxed), COUNT.load(Relaxed), LIVE.load(Relaxed));
    let out = f();
    (
        TOTAL.load(Relaxed) - t,
        COUNT.load(Relaxed) - c,
        LIVE.load(Relaxed) - l,
        out,
    )
}
