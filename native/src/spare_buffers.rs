//! Byte buffers kept for reuse by the thread that last filled them: a result set's value and text
//! sections, and its completion frame. A 10,000-row result grows each to hundreds of KiB; fresh ones
//! per statement paid for their growth copies and for the kernel's zeroed pages (a profile of
//! 10,000-row MariaDB selects on the main thread: `memmove` 7%, page faults and `clear_page` 5%).
use std::cell::RefCell;

/// What the kept buffers of one thread may hold in all, so an idle client keeps little memory.
const MAX_KEPT_BYTES: usize = 32 << 20;
/// Smaller buffers cost little to allocate and are not worth keeping.
const MIN_KEPT_CAPACITY: usize = 16 << 10;

struct Spare {
    buffers: Vec<Vec<u8>>,
    bytes: usize,
}

thread_local! {
    static SPARE: RefCell<Spare> = const { RefCell::new(Spare { buffers: Vec::new(), bytes: 0 }) };
}

/// An empty buffer with room for at least `capacity` bytes: a kept one if this thread has one.
pub fn take(capacity: usize) -> Vec<u8> {
    let kept = SPARE.with(|spare| {
        let mut spare = spare.borrow_mut();
        let buffer = spare.buffers.pop()?;
        spare.bytes -= buffer.capacity();
        Some(buffer)
    });
    match kept {
        Some(mut buffer) => {
            buffer.reserve(capacity);
            buffer
        }
        None => Vec::with_capacity(capacity),
    }
}

/// Keeps `buffer` for a later `take` on this thread, or frees it when it is small or the thread keeps enough.
pub fn give(mut buffer: Vec<u8>) {
    let capacity = buffer.capacity();
    if !(MIN_KEPT_CAPACITY..=MAX_KEPT_BYTES).contains(&capacity) {
        return;
    }
    buffer.clear();
    SPARE.with(|spare| {
        let mut spare = spare.borrow_mut();
        if spare.bytes + capacity <= MAX_KEPT_BYTES {
            spare.bytes += capacity;
            spare.buffers.push(buffer);
        }
    });
}
