use std::cell::RefCell;
use std::rc::Rc;

use futures::StreamExt;

use crate::error::Error;
use crate::paging::{Page, fit, offset_stream};

/// Streams a list of `len` items served `page` at a time, recording the
/// (offset, size) of every fetch.
async fn run(
    len: i64,
    page: i64,
    total: bool,
    window: Option<(i64, &'static str)>,
) -> (Vec<Result<i64, String>>, Vec<(i64, Option<i64>)>) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::clone(&calls);
    let stream = offset_stream((), 0, Some(page), window, move |(), offset, size| {
        seen.borrow_mut().push((offset, size));
        let end = (offset + size.unwrap_or(page)).min(len);
        let items: Vec<i64> = (offset..end).collect();
        async move {
            Ok::<_, Error<()>>(Page {
                items,
                total: total.then_some(len),
            })
        }
    });
    let items = stream
        .map(|item| item.map_err(|e| e.to_string()))
        .collect::<Vec<_>>()
        .await;
    let calls = calls.borrow().clone();
    (items, calls)
}

#[tokio::test]
async fn streams_every_item_and_stops_at_the_total() {
    let (items, calls) = run(7, 3, true, None).await;
    assert_eq!(items, (0..7).map(Ok).collect::<Vec<_>>());
    assert_eq!(calls, [(0, None), (3, None), (6, None)]);
}

#[tokio::test]
async fn without_a_total_an_empty_page_ends_the_stream() {
    let (items, calls) = run(6, 3, false, None).await;
    assert_eq!(items.len(), 6);
    assert_eq!(calls, [(0, None), (3, None), (6, None)]);
}

#[tokio::test]
async fn the_window_shrinks_the_last_page_then_ends_with_its_error() {
    let (items, calls) = run(100, 4, true, Some((10, "past the window"))).await;
    assert_eq!(calls, [(0, None), (4, None), (8, Some(2))]);
    assert_eq!(items.len(), 11);
    assert_eq!(
        items[10],
        Err("invalid request: past the window".to_owned())
    );
}

#[test]
fn page_parameters_must_fit() {
    assert_eq!(fit::<i32, ()>(5, "offset").unwrap(), 5);
    let error = fit::<i32, ()>(i64::MAX, "offset").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the offset 9223372036854775807 does not fit")
    );
}
