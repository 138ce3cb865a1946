//! Measures the memory a generated client holds while it reads a large
//! response body: a loopback server sends `SIZE` bytes (with and without
//! `Content-Length`) to the echo client's `downloadFile`, and a counting
//! allocator records the peak of live heap bytes during each call. Prints
//! one line per case, `<case> <body bytes> <peak bytes>`; the integration
//! test `tests/it/security.rs` runs it and checks the figures (a test
//! binary of its own, so no other test's allocations count).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live heap bytes and their peak. `realloc` counts the change of
/// size only: glibc grows large blocks in place (mremap), so the old and
/// new block never both hold memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The body size: 48 MiB, not a power of two, so doubling growth would show.
const SIZE: usize = 48 * 1024 * 1024;

/// Serves one connection: reads the request head, then sends `body`.
fn serve_once(listener: &std::net::TcpListener, body: &[u8], with_length: bool) {
    let Ok((mut socket, _)) = listener.accept() else {
        return;
    };
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).is_ok_and(|n| n == 1) {
        head.push(byte[0]);
    }
    let length = if with_length {
        format!("Content-Length: {}\r\n", body.len())
    } else {
        String::new()
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n{length}Connection: close\r\n\r\n"
    );
    let _ = socket.write_all(head.as_bytes());
    let _ = socket.write_all(body);
}

fn main() {
    // Allocated before measuring: the server sends from it.
    let body = vec![b'x'; SIZE];
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for (case, with_length) in [("content-length", true), ("no-length", false)] {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/v1", listener.local_addr().expect("addr"));
        let client = echo_client::Client::builder()
            .base_url(url)
            .expect("url")
            .max_body_size(u64::try_from(SIZE).expect("size") * 2)
            .build()
            .expect("client");
        std::thread::scope(|scope| {
            scope.spawn(|| serve_once(&listener, &body, with_length));
            let before = LIVE.load(Ordering::Relaxed);
            PEAK.store(before, Ordering::Relaxed);
            let received = runtime
                .block_on(client.download_file().send())
                .expect("download");
            let peak = PEAK.load(Ordering::Relaxed) - before;
            assert_eq!(received.len(), SIZE);
            println!("{case} {SIZE} {peak}");
        });
    }
}
