//! Streams over paged operations.

use std::collections::VecDeque;

use futures::Stream;

use super::error::Error;

/// One page of an offset-paged list.
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The total number of items, when the server reports it.
    pub total: Option<i64>,
}

/// An integer parameter from an `i64` offset or page size, or an error
/// when it does not fit the parameter's type.
pub fn fit<T: TryFrom<i64>, E>(value: i64, what: &str) -> Result<T, Error<E>> {
    T::try_from(value).map_err(|_| {
        Error::InvalidRequest(format!(
            "the {what} {value} does not fit the parameter's type"
        ))
    })
}

/// The state between two items of an offset stream.
struct Offset<B, T> {
    /// The request for the next page; `None` once the stream is done.
    request: Option<B>,
    offset: i64,
    buffer: VecDeque<T>,
}

/// Streams every item of an offset-paged operation, fetching pages
/// lazily. `fetch` sends a copy of the first request with a page's offset
/// and, when the server's window forces a smaller page, its size.
/// `max_window` is the largest offset + page size the server serves, with
/// the error for a stream that reaches it. The stream ends at the total
/// the server reports, or at an empty page; an error ends it.
pub fn offset_stream<'a, B, T, E, F, Fut>(
    request: B,
    start: i64,
    page_size: Option<i64>,
    max_window: Option<(i64, &'static str)>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>> + 'a
where
    B: Clone + 'a,
    T: 'a,
    E: 'a,
    F: Fn(B, i64, Option<i64>) -> Fut + Clone + 'a,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + 'a,
{
    let state = Offset {
        request: Some(request),
        offset: start,
        buffer: VecDeque::new(),
    };
    futures::stream::unfold(state, move |mut state| {
        let fetch = fetch.clone();
        async move {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            let first = state.request.take()?;
            let next = first.clone();
            let offset = state.offset;
            let mut size = None;
            if let (Some((max, message)), Some(page_size)) = (max_window, page_size)
                && offset.saturating_add(page_size) > max
            {
                if offset >= max {
                    return Some((Err(Error::InvalidRequest(message.to_owned())), state));
                }
                size = Some(max - offset);
            }
            match fetch(first, offset, size).await {
                Err(error) => Some((Err(error), state)),
                Ok(page) => {
                    let received = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
                    state.offset = offset.saturating_add(received);
                    let more = received > 0 && page.total.is_none_or(|total| state.offset < total);
                    state.buffer.extend(page.items);
                    if more {
                        state.request = Some(next);
                    }
                    let item = state.buffer.pop_front()?;
                    Some((Ok(item), state))
                }
            }
        }
    })
}

/// One page of a list paged by a next link or a cursor: its items, and
/// what fetches the page after it (`None` on the last page).
pub struct Chunk<T, N> {
    /// The page's items.
    pub items: Vec<T>,
    /// The next page's link or cursor.
    pub next: Option<N>,
}

/// The state between two items of a token stream.
struct Token<B, T, N> {
    /// The first request; `None` once the stream is done.
    request: Option<B>,
    /// The link or cursor of the page to fetch next (`None`: the first).
    next: Option<N>,
    buffer: VecDeque<T>,
}

/// Streams every item of an operation paged by a next link or a cursor,
/// fetching pages lazily. `fetch` sends a copy of the first request, for
/// the first page with `None`, then with each page's link or cursor. The
/// stream ends at a page without a next link or cursor, or whose next is
/// the one just used (a server repeating itself); an error ends it.
pub fn token_stream<'a, B, T, E, N, F, Fut>(
    request: B,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>> + 'a
where
    B: Clone + 'a,
    T: 'a,
    E: 'a,
    N: Clone + PartialEq + 'a,
    F: Fn(B, Option<N>) -> Fut + Clone + 'a,
    Fut: Future<Output = Result<Chunk<T, N>, Error<E>>> + 'a,
{
    let state = Token {
        request: Some(request),
        next: None,
        buffer: VecDeque::new(),
    };
    futures::stream::unfold(state, move |mut state| {
        let fetch = fetch.clone();
        async move {
            loop {
                if let Some(item) = state.buffer.pop_front() {
                    return Some((Ok(item), state));
                }
                let request = state.request.take()?;
                let used = state.next.take();
                match fetch(request.clone(), used.clone()).await {
                    Err(error) => return Some((Err(error), state)),
                    Ok(chunk) => {
                        state.buffer.extend(chunk.items);
                        if chunk.next.is_some() && chunk.next != used {
                            state.next = chunk.next;
                            state.request = Some(request);
                        }
                    }
                }
            }
        }
    })
}

/// The `rel="next"` target of an RFC 8288 `Link` header value (as GitHub
/// sends: `<https://…?page=2>; rel="next", <…>; rel="last"`).
pub fn next_link(header: &str) -> Option<String> {
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let after = rest.get(open + 1..)?;
        let close = after.find('>')?;
        let target = after.get(..close)?;
        let params_and_more = after.get(close + 1..)?;
        // This link's parameters run to the next `<` (or the end).
        let params = params_and_more
            .find('<')
            .and_then(|end| params_and_more.get(..end))
            .unwrap_or(params_and_more);
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches(|c| c == '"' || c == ',')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim().to_owned());
        }
        rest = params_and_more;
    }
    None
}
