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

use crate::paging::{Chunk, next_link, token_stream};

/// Streams pages `0..pages` of two items each, linked by "p{n}"; records
/// the links fetched.
async fn links(pages: usize, repeat_last: bool) -> (Vec<usize>, Vec<Option<String>>) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::clone(&calls);
    let stream = token_stream((), move |(), next: Option<String>| {
        seen.borrow_mut().push(next.clone());
        let page: usize = next
            .as_deref()
            .and_then(|n| n.strip_prefix('p'))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let following = if page + 1 < pages {
            Some(format!("p{}", page + 1))
        } else if repeat_last {
            next.clone()
        } else {
            None
        };
        async move {
            Ok::<_, Error<()>>(Chunk {
                items: vec![page * 2, page * 2 + 1],
                next: following,
            })
        }
    });
    let items = stream.map(|i| i.unwrap()).collect::<Vec<_>>().await;
    let calls = calls.borrow().clone();
    (items, calls)
}

#[tokio::test]
async fn token_streams_follow_links_until_there_is_none() {
    let (items, calls) = links(3, false).await;
    assert_eq!(items, [0, 1, 2, 3, 4, 5]);
    assert_eq!(calls, [None, Some("p1".into()), Some("p2".into())]);
}

#[tokio::test]
async fn a_server_repeating_its_link_ends_the_stream() {
    let (items, calls) = links(2, true).await;
    assert_eq!(items, [0, 1, 2, 3]);
    assert_eq!(calls.len(), 2);
}

#[tokio::test]
async fn an_error_ends_a_token_stream() {
    let stream = token_stream((), |(), next: Option<u8>| async move {
        match next {
            None => Ok(Chunk {
                items: vec![1],
                next: Some(1u8),
            }),
            Some(_) => Err(Error::<()>::InvalidRequest("page two failed".into())),
        }
    });
    let items: Vec<_> = stream.collect().await;
    assert_eq!(items.len(), 2);
    assert!(items[1].is_err());
}

#[test]
fn next_links_from_link_headers() {
    let cases = [
        (
            r#"<https://api.x/items?page=2>; rel="next", <https://api.x/items?page=9>; rel="last""#,
            Some("https://api.x/items?page=2"),
        ),
        (
            r#"<https://api.x/a?page=1>; rel="prev", <https://api.x/a?page=3>; rel="next""#,
            Some("https://api.x/a?page=3"),
        ),
        (
            r#"</items?cursor=abc>; rel=next"#,
            Some("/items?cursor=abc"),
        ),
        (r#"<https://x/2>; rel="next last""#, Some("https://x/2")),
        (r#"<https://x/2>; title="next"; rel="last""#, None),
        (r#"<https://x/1>; rel="prev""#, None),
        ("", None),
        ("garbage <", None),
    ];
    for (header, want) in cases {
        assert_eq!(next_link(header).as_deref(), want, "{header}");
    }
}
