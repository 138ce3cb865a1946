use std::time::Duration;

use reqwest::Method;
use reqwest::StatusCode;

use super::server::{response, serve};
use crate::error::Error;
use crate::request::{
    DEFAULT_CONNECT_TIMEOUT, ERROR_BODY_LIMIT, Failure, Options, Raw, Request, Settings, base_url,
    header_value, http_client, json_error, send,
};
use crate::retry::RetryPolicy;

/// Settings for tests of one attempt: no retries.
fn settings() -> Settings {
    Settings {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy::none(),
        ..Settings::new()
    }
}

async fn get(url: &str, request: Request) -> Result<Raw, Failure> {
    send(
        &http_client(DEFAULT_CONNECT_TIMEOUT).unwrap(),
        url,
        &settings(),
        request,
    )
    .await
}

#[test]
fn base_urls_are_checked_and_trimmed() {
    assert_eq!(
        base_url("https://api.example.com/v1/").unwrap(),
        "https://api.example.com/v1"
    );
    assert_eq!(
        base_url(" http://127.0.0.1:8080 ").unwrap(),
        "http://127.0.0.1:8080"
    );
    for bad in [
        "ftp://example.com",
        "https://example.com/?a=1",
        "https://example.com/#x",
        "example.com",
        "mailto:a@b",
    ] {
        let error = base_url(bad).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid client configuration: "),
            "{error}"
        );
    }
}

#[test]
fn header_values_refuse_line_breaks_and_stay_sensitive() {
    assert!(header_value("X-Key", "a\r\nInjected: 1", true).is_err());
    let value = header_value("X-Key", "secret", true).unwrap();
    assert!(value.is_sensitive());
    assert_eq!(format!("{value:?}"), "Sensitive");
}

#[test]
fn path_params_are_one_encoded_segment() {
    let mut request = Request::new(Method::GET, "op", "/p", None);
    request.path("/files/");
    request.path_param("name", "a/b?c#d e", true);
    request.path_param("dot", "..", true);
    let Err(Failure::Invalid(message)) = futures_lite_block(get("http://127.0.0.1:9", request))
    else {
        panic!("a `..` segment is refused before sending");
    };
    assert!(message.contains("`dot`"), "{message}");
}

/// Runs a future that completes without I/O.
fn futures_lite_block<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

#[tokio::test]
async fn sends_method_path_query_headers_and_json() {
    let server = serve(vec![response("200 OK", &[], b"{\"ok\":true}")]).await;
    let mut request = Request::new(Method::POST, "op", "/p", Some("application/json"));
    request.path("/items/");
    request.path_param("id", "a b/c", true);
    request.query("q", "x&y=z".into());
    request.header("X-Trace", "t-1", false);
    request.json(&serde_json::json!({"name": "n"}));
    let raw = get(&server.url, request).await.unwrap();
    assert_eq!(raw.status(), StatusCode::OK);
    let value: serde_json::Value = raw.json::<_, serde_json::Value>(json_error).unwrap();
    assert_eq!(value, serde_json::json!({"ok": true}));
    let seen = server.requests.lock().unwrap().join("");
    assert!(
        seen.starts_with("POST /items/a%20b%2Fc?q=x%26y%3Dz HTTP/1.1\r\n"),
        "{seen}"
    );
    assert!(seen.contains("x-trace: t-1\r\n"), "{seen}");
    assert!(
        seen.contains("content-type: application/json\r\n"),
        "{seen}"
    );
    assert!(seen.ends_with("{\"name\":\"n\"}"), "{seen}");
}

#[tokio::test]
async fn form_fields_are_url_encoded() {
    let server = serve(vec![response("204 No Content", &[], b"")]).await;
    let mut request = Request::new(Method::POST, "op", "/p", None);
    request.form("a", "1 2".into());
    request.form("b", "&".into());
    get(&server.url, request)
        .await
        .unwrap()
        .empty::<()>(|_, _| None)
        .unwrap();
    let seen = server.requests.lock().unwrap().join("");
    assert!(seen.contains("application/x-www-form-urlencoded"), "{seen}");
    assert!(seen.ends_with("a=1+2&b=%26"), "{seen}");
}

#[tokio::test]
async fn optional_and_list_parameters_are_sent_only_when_set() {
    let server = serve(vec![response("204 No Content", &[], b"")]).await;
    let mut request = Request::new(Method::POST, "op", "/p", None);
    let unset: Option<&String> = None;
    request.query_opt("gone", unset);
    request.query_opt("n", Some(&7_i64));
    request.query_list(
        "csv",
        Some(&["a".to_owned(), "b".to_owned()][..]),
        Some(","),
    );
    request.query_list("multi", Some(&[1_i64, 2][..]), None);
    request.query_list::<i64>("none", None, None);
    request.header_opt("X-Key", Some(&"k".to_owned()), true);
    request.header_opt::<String>("X-Gone", None, false);
    request.header_list("X-List", Some(&[true, false][..]), "|", false);
    request.form_opt("f", Some(&1.5_f64));
    request.form_opt::<i64>("g", None);
    request.form_list("l", Some(&[1_i64, 2][..]), None);
    request.form_list("j", Some(&[1_i64, 2][..]), Some(" "));
    get(&server.url, request)
        .await
        .unwrap()
        .empty::<()>(|_, _| None)
        .unwrap();
    let seen = server.requests.lock().unwrap().join("");
    assert!(
        seen.starts_with("POST /?n=7&csv=a%2Cb&multi=1&multi=2 HTTP/1.1\r\n"),
        "{seen}"
    );
    assert!(seen.contains("x-key: k\r\n"), "{seen}");
    assert!(seen.contains("x-list: true|false\r\n"), "{seen}");
    assert!(!seen.contains("x-gone"), "{seen}");
    assert!(seen.ends_with("f=1.5&l=1&l=2&j=1+2"), "{seen}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_an_error_naming_the_limit() {
    let big = vec![b'a'; 3000];
    // Announced length over the limit: refused before reading.
    let server = serve(vec![response("200 OK", &[], &big)]).await;
    let mut request = Request::new(Method::GET, "op", "/p", None);
    request.options(Options {
        max_body_size: Some(1024),
        ..Options::default()
    });
    let error: Error = get(&server.url, request).await.err().unwrap().into();
    assert!(matches!(error, Error::BodyTooLarge { limit: 1024, .. }));
    assert_eq!(
        error.to_string(),
        "the 200 OK response body is larger than the 1 KiB limit (raise it with `max_body_size`)"
    );

    // No length announced: reading stops at the limit.
    let mut chunked = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    chunked.extend_from_slice(&big);
    let server = serve(vec![chunked]).await;
    let mut request = Request::new(Method::GET, "op", "/p", None);
    request.options(Options {
        max_body_size: Some(1000),
        ..Options::default()
    });
    let error: Error = get(&server.url, request).await.err().unwrap().into();
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 1000, .. }),
        "{error}"
    );

    // At the limit exactly: read whole.
    let server = serve(vec![response("200 OK", &[], &big)]).await;
    let mut request = Request::new(Method::GET, "op", "/p", None);
    request.options(Options {
        max_body_size: Some(3000),
        ..Options::default()
    });
    let raw = get(&server.url, request).await.unwrap();
    assert_eq!(raw.into_body().len(), 3000);
}

#[tokio::test]
async fn error_bodies_are_cut_at_their_limit() {
    let big = vec![b'e'; usize::try_from(ERROR_BODY_LIMIT).unwrap() + 10];
    let server = serve(vec![response("500 Internal Server Error", &[], &big)]).await;
    let raw = get(&server.url, Request::new(Method::GET, "op", "/p", None))
        .await
        .unwrap();
    let error = raw.into_error::<()>(|_, _| None);
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(error.body().unwrap().len() as u64, ERROR_BODY_LIMIT);
}

#[tokio::test]
async fn same_origin_redirects_are_followed() {
    let server = serve(vec![
        response("302 Found", &["Location: /moved"], b""),
        response("200 OK", &[], b"\"here\""),
    ])
    .await;
    let raw = get(&server.url, Request::new(Method::GET, "op", "/p", None))
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::OK);
    let seen = server.requests.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert!(seen[1].starts_with("GET /moved "), "{}", seen[1]);
}

#[tokio::test]
async fn cross_origin_redirects_are_refused_with_nothing_sent_there() {
    let other = serve(vec![response("200 OK", &[], b"\"stolen\"")]).await;
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let location = format!("Location: {}/collect", other.url);
        let server = serve(vec![response(status, &[&location], b"")]).await;
        let mut request = Request::new(Method::GET, "op", "/p", None);
        request.header("X-Api-Key", "secret-key", true);
        request.bearer_auth("secret-token");
        let failure = get(&server.url, request).await.err().unwrap();
        let error: Error = failure.into();
        assert!(error.is_redirect(), "{error}");
        let text = error.to_string();
        assert!(text.contains("another origin"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }
    assert!(other.requests.lock().unwrap().is_empty());
}

#[tokio::test]
async fn timeouts_and_refused_connections_say_what_happened() {
    // A server that never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let _kept = listener.accept().await;
        tokio::time::sleep(Duration::from_secs(10)).await;
    });
    let mut request = Request::new(Method::GET, "op", "/p", None);
    request.options(Options {
        timeout: Some(Duration::from_millis(300)),
        ..Options::default()
    });
    let error: Error = get(&url, request).await.err().unwrap().into();
    assert!(error.is_timeout());
    assert_eq!(error.to_string(), "timed out after 300 ms");
    held.abort();

    // A port nobody listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let error: Error = get(&url, Request::new(Method::GET, "op", "/p", None))
        .await
        .err()
        .unwrap()
        .into();
    assert!(error.is_connect());
    let text = error.to_string();
    assert!(text.starts_with("could not connect: "), "{text}");
    assert!(text.to_lowercase().contains("refused"), "{text}");
}

#[tokio::test]
async fn status_errors_escape_control_characters_and_decode_the_typed_body() {
    let body = b"{\"Message\":\"bad\\r\\n\"}\r\nforged: \x1b[31mred\x00";
    let server = serve(vec![response("422 Unprocessable Entity", &[], body)]).await;
    let raw = get(&server.url, Request::new(Method::GET, "op", "/p", None))
        .await
        .unwrap();
    let error = raw.into_error::<serde_json::Value>(json_error);
    let text = error.to_string();
    assert!(!text.contains(['\r', '\n', '\x1b', '\0']), "{text:?}");
    assert!(
        text.contains("\\r\\nforged: \\u{1b}[31mred\\u{0}"),
        "{text}"
    );
    let debug = format!("{error:?}");
    assert!(
        debug.contains("body: \""),
        "the body is text in Debug: {debug}"
    );
    assert!(!debug.contains("[123,"), "{debug}");
}

#[tokio::test]
async fn invalid_requests_are_not_sent() {
    let server = serve(vec![response("200 OK", &[], b"")]).await;
    let mut request = Request::new(Method::GET, "op", "/p", None);
    request.header("X-Bad", "a\nb", false);
    let error: Error = get(&server.url, request).await.err().unwrap().into();
    assert!(matches!(error, Error::InvalidRequest(_)));
    assert!(server.requests.lock().unwrap().is_empty());
}

#[test]
fn next_links_are_followed_only_within_the_origin() {
    use crate::request::follow;
    let base = "https://api.example.com/v1";
    let cases = [
        (
            "https://api.example.com/v1/items?skip=10",
            Some("https://api.example.com/v1/items?skip=10"),
        ),
        (
            "/v1/items?page=2",
            Some("https://api.example.com/v1/items?page=2"),
        ),
        (
            "items?page=2",
            Some("https://api.example.com/v1/items?page=2"),
        ),
        (
            "https://api.example.com:443/v1/x",
            Some("https://api.example.com/v1/x"),
        ),
        ("http://api.example.com/v1/items", None),
        ("https://api.example.com:8443/v1/items", None),
        ("https://evil.example.com/v1/items", None),
        ("//evil.example.com/steal", None),
    ];
    for (link, want) in cases {
        let got = follow(base, link).ok().map(|u| u.to_string());
        assert_eq!(got.as_deref(), want, "{link}");
    }
    let Err(Failure::Invalid(message)) = follow(base, "https://evil.example.com/x") else {
        panic!("refused");
    };
    assert!(
        message.contains("another origin (https://evil.example.com)"),
        "{message}"
    );
}

#[tokio::test]
async fn a_followed_link_keeps_query_credentials_but_not_the_first_query() {
    let server = serve(vec![response("200 OK", &[], b"{}")]).await;
    let mut request = Request::new(Method::GET, "op", "/p", None);
    request.path("/items");
    request.query("filter", "x".into());
    request.query_credential("api_key", "k".into());
    request.options(Options {
        link: Some(format!("{}/items?page=2&api_key=already", server.url)),
        ..Options::default()
    });
    get(&server.url, request).await.unwrap();
    let seen = server.requests.lock().unwrap().join("");
    assert!(
        seen.starts_with("GET /items?page=2&api_key=already HTTP/1.1"),
        "{seen}"
    );

    let server = serve(vec![response("200 OK", &[], b"{}")]).await;
    let mut request = Request::new(Method::GET, "op", "/p", None);
    request.query_credential("api_key", "k".into());
    request.options(Options {
        link: Some("/items?page=3".into()),
        ..Options::default()
    });
    get(&server.url, request).await.unwrap();
    let seen = server.requests.lock().unwrap().join("");
    assert!(
        seen.starts_with("GET /items?page=3&api_key=k HTTP/1.1"),
        "{seen}"
    );
}

#[test]
fn already_encoded_path_values_are_kept_but_cannot_climb_or_query() {
    let path_of = |value: &str| {
        let mut request = Request::new(Method::GET, "op", "/p", None);
        request.path("/r/");
        request.path_raw("id", value, true);
        futures_lite_block(get("http://127.0.0.1:9", request)).err()
    };
    // Refused before sending (a refused request never connects).
    for bad in ["..", "a/../b", "./a", "a b", "a?b=1", "a#f", "a\r\nb", ""] {
        assert!(
            matches!(path_of(bad), Some(Failure::Invalid(_))),
            "{bad:?} is refused"
        );
    }
}

#[tokio::test]
async fn already_encoded_path_values_are_sent_as_they_are() {
    let server = serve(vec![response("200 OK", &[], b"{}")]).await;
    let mut request = Request::new(Method::GET, "op", "/p", None);
    request.path("/r/");
    request.path_raw("id", "subscriptions/a%2Fb/groups/c", true);
    get(&server.url, request).await.unwrap();
    let seen = server.requests.lock().unwrap().join("");
    assert!(
        seen.starts_with("GET /r/subscriptions/a%2Fb/groups/c HTTP/1.1"),
        "{seen}"
    );
}

#[test]
fn host_templates_make_base_urls() {
    use crate::request::host_base_url;
    let ok = [
        (
            "https://",
            "{account}.{suffix}",
            vec![
                ("account", "a", Some("acme")),
                ("suffix", "s", Some("example.net")),
            ],
            "/v1",
            "https://acme.example.net/v1",
        ),
        (
            "",
            "{endpoint}/face/v1.0",
            vec![("endpoint", "endpoint", Some("https://west.example.com"))],
            "",
            "https://west.example.com/face/v1.0",
        ),
    ];
    for (prefix, template, values, base, want) in ok {
        assert_eq!(
            host_base_url(prefix, template, &values, base).unwrap(),
            want
        );
    }
    let missing = host_base_url("https://", "{a}.x", &[("a", "account", None)], "").unwrap_err();
    assert!(
        missing.message().contains("ClientBuilder::account"),
        "{missing}"
    );
    for bad in ["a b", "evil.com@x", "x?y", "x#y", "x\ny"] {
        assert!(
            host_base_url("https://", "{a}.x", &[("a", "a", Some(bad))], "").is_err(),
            "{bad}"
        );
    }
}
