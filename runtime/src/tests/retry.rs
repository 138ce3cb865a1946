use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

use super::server::{response, serve};
use crate::error::Error;
use crate::request::{DEFAULT_CONNECT_TIMEOUT, Request, Settings, http_client, send};
use crate::retry::{RetryPolicy, idempotent, random, retry_after, retryable_status};

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    map
}

#[test]
fn backoff_doubles_is_capped_and_jitters_within_its_upper_half() {
    let policy =
        RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(350));
    let cases = [
        // attempt, random, expected
        (1, 0, 50),
        (1, u64::MAX, 100),
        (2, 0, 100),
        (2, u64::MAX, 200),
        (3, 0, 175),
        (3, u64::MAX, 350),
        (30, u64::MAX, 350),
    ];
    for (attempt, random, ms) in cases {
        assert_eq!(
            policy.backoff_for(attempt, random),
            Duration::from_millis(ms),
            "attempt {attempt}, random {random}"
        );
    }
    let middle = policy.backoff_for(1, u64::MAX / 2);
    assert!(
        middle > Duration::from_millis(74) && middle < Duration::from_millis(76),
        "{middle:?}"
    );
    // Huge attempt numbers saturate rather than overflow.
    assert_eq!(
        policy.backoff_for(u32::MAX, u64::MAX),
        Duration::from_millis(350)
    );
}

#[test]
fn random_numbers_differ() {
    let a: Vec<u64> = (0..8).map(|_| random()).collect();
    let mut b = a.clone();
    b.dedup();
    assert_eq!(a.len(), b.len());
}

#[test]
fn policies_count_attempts_and_cap_waits() {
    assert_eq!(RetryPolicy::default().attempts(), 3);
    assert_eq!(RetryPolicy::none().attempts(), 1);
    assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    let policy = RetryPolicy::default();
    assert!(!policy.too_long(Duration::from_secs(60)));
    assert!(policy.too_long(Duration::from_secs(61)));
    assert!(
        !policy
            .max_retry_after(Duration::from_secs(3600))
            .too_long(Duration::from_secs(3600))
    );
}

#[test]
fn which_methods_and_statuses_are_retried() {
    for method in [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ] {
        assert!(idempotent(&method), "{method}");
    }
    for method in [Method::POST, Method::PATCH, Method::CONNECT] {
        assert!(!idempotent(&method), "{method}");
    }
    for status in [408, 429, 502, 503, 504] {
        assert!(
            retryable_status(StatusCode::from_u16(status).unwrap()),
            "{status}"
        );
    }
    for status in [200, 400, 401, 404, 409, 500, 501] {
        assert!(
            !retryable_status(StatusCode::from_u16(status).unwrap()),
            "{status}"
        );
    }
}

#[test]
fn retry_after_in_seconds_dates_and_rate_limit_headers() {
    // A fixed clock: Wed, 18 Nov 2026 11:06:40 GMT.
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000);
    type Headers<'a> = &'a [(&'static str, &'a str)];
    let cases: [(Headers<'_>, Option<u64>); 9] = [
        (&[("retry-after", "120")], Some(120)),
        (&[("retry-after", " 7 ")], Some(7)),
        (
            &[("retry-after", "Wed, 18 Nov 2026 11:07:10 GMT")],
            Some(30),
        ),
        // A date in the past means now.
        (&[("retry-after", "Wed, 18 Nov 2026 10:06:40 GMT")], Some(0)),
        (&[("retry-after", "soon")], None),
        (&[("ratelimit-reset", "15")], Some(15)),
        // A Unix time (GitHub's form).
        (&[("x-ratelimit-reset", "1795000060")], Some(60)),
        // A small number could be seconds or a time: not used.
        (&[("x-ratelimit-reset", "60")], None),
        (&[], None),
    ];
    for (pairs, expected) in cases {
        assert_eq!(
            retry_after(&headers(pairs), now),
            expected.map(Duration::from_secs),
            "{pairs:?}"
        );
    }
    // Retry-After wins over the rate-limit headers.
    let both = headers(&[("retry-after", "2"), ("ratelimit-reset", "9")]);
    assert_eq!(retry_after(&both, now), Some(Duration::from_secs(2)));
}

/// Settings that retry quickly.
fn quick(attempts: u32) -> Settings {
    Settings {
        retry: RetryPolicy::default()
            .max_attempts(attempts)
            .backoff(Duration::from_millis(1), Duration::from_millis(2)),
        ..Settings::new()
    }
}

#[tokio::test]
async fn the_send_loop_retries_what_the_policy_allows() {
    let http = http_client(DEFAULT_CONNECT_TIMEOUT).unwrap();
    let unavailable = response("503 Service Unavailable", &[], b"busy");
    let ok = response("200 OK", &[], b"{}");

    // GET: 503, 503, 200.
    let server = serve(vec![unavailable.clone(), unavailable.clone(), ok.clone()]).await;
    let raw = send(
        &http,
        &server.url,
        &quick(3),
        Request::new(Method::GET, "op", "/p", None),
    )
    .await
    .unwrap();
    assert_eq!(raw.status(), StatusCode::OK);
    assert_eq!(server.requests.lock().unwrap().len(), 3);

    // POST: one attempt only.
    let server = serve(vec![unavailable.clone(), ok.clone()]).await;
    let raw = send(
        &http,
        &server.url,
        &quick(3),
        Request::new(Method::POST, "op", "/p", None),
    )
    .await
    .unwrap();
    let error = raw.into_error::<()>(|_, _| None);
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.requests.lock().unwrap().len(), 1);

    // POST with an idempotency key: retried.
    let server = serve(vec![unavailable.clone(), ok.clone()]).await;
    let mut request = Request::new(Method::POST, "op", "/p", None);
    request.header("Idempotency-Key", "k-1", false);
    let raw = send(&http, &server.url, &quick(3), request).await.unwrap();
    assert_eq!(raw.status(), StatusCode::OK);
    let seen = server.requests.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|r| r.contains("idempotency-key: k-1")));

    // Too long a wait: returned at once, with the wait.
    let server = serve(vec![response(
        "429 Too Many Requests",
        &["Retry-After: 3600"],
        b"",
    )])
    .await;
    let raw = send(
        &http,
        &server.url,
        &quick(3),
        Request::new(Method::GET, "op", "/p", None),
    )
    .await
    .unwrap();
    let error: Error = raw.into_error(|_, _| None);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.requests.lock().unwrap().len(), 1);
}
