//! What production traffic does to the checked-in clients, against real
//! loopback servers: redirects to another origin never carry (or send
//! anything with) a credential, bodies are read to a limit without a
//! second copy, and errors say what happened in text safe to print.

use std::time::Duration;

use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every way a server can redirect.
const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// A server that redirects every request to `to` with `status`.
async fn redirecting(status: u16, to: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).insert_header("Location", to))
        .mount(&server)
        .await;
    server
}

/// A server that answers everything with `{}` and records what it got.
async fn sink() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    server
}

/// The echo client with every credential and the lifted secret header.
fn echo(base: &str) -> echo_client::Client {
    echo_client::Client::builder()
        .base_url(format!("{base}/v1"))
        .expect("base url")
        .api_key_header("secret-header-key")
        .api_key_query("secret-query-key")
        .basic("user", "secret-password")
        .o_auth("secret-bearer-token")
        .x_tenant_token("secret-tenant-token")
        .build()
        .expect("client")
}

const SECRETS: [&str; 5] = [
    "secret-header-key",
    "secret-query-key",
    "secret-password",
    "secret-bearer-token",
    "secret-tenant-token",
];

/// Checks a refused cross-origin redirect: an error that says so and
/// names no secret.
fn refused<E: std::fmt::Debug>(result: Result<impl std::fmt::Debug, echo_client::Error<E>>) {
    let error = result.expect_err("a cross-origin redirect is not followed");
    assert!(error.is_redirect(), "{error:?}");
    let shown = format!("{error} / {error:?}");
    assert!(shown.contains("another origin"), "{shown}");
    for secret in SECRETS.iter().chain(&["server-token-123"]) {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn echo_client_never_sends_a_credential_to_another_origin() {
    let other = sink().await;
    for status in REDIRECTS {
        let server = redirecting(status, &format!("{}/collect", other.uri())).await;
        let c = echo(&server.uri());
        // One operation per credential kind; the lifted header goes on all.
        refused(c.secure_header().send().await);
        refused(c.secure_query().send().await);
        refused(c.secure_basic().send().await);
        refused(c.secure_oauth().send().await);
        assert_eq!(
            server.received_requests().await.expect("recording").len(),
            4
        );
    }
    // Another host name for the same server is another origin too.
    let server = sink().await;
    let port = server.address().port();
    let by_name = redirecting(302, &format!("http://localhost:{port}/v1/secure/header")).await;
    let c = echo(&by_name.uri());
    refused(c.secure_header().send().await);
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty(),
        "nothing reached 127.0.0.1 when the client was sent there as localhost"
    );
    assert!(
        other
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

#[tokio::test]
async fn postmark_client_never_sends_its_token_to_another_origin() {
    let other = sink().await;
    for status in REDIRECTS {
        let server = redirecting(status, &format!("{}/steal", other.uri())).await;
        let c = postmark_client::Client::builder()
            .base_url(server.uri())
            .expect("url")
            .x_postmark_server_token("server-token-123")
            .build()
            .expect("client");
        let error = c
            .get_messages_outbound(10, 0)
            .send()
            .await
            .expect_err("refused");
        assert!(error.is_redirect(), "{error:?}");
        assert!(!format!("{error} {error:?}").contains("server-token-123"));
    }
    assert!(
        other
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

#[tokio::test]
async fn same_origin_redirects_are_followed_with_credentials() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/secure/header"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/v1/moved"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/moved"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"ok\":1}", "application/json"))
        .mount(&server)
        .await;
    let c = echo(&server.uri());
    c.secure_header().send().await.expect("followed");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].url.path(), "/v1/moved");
    assert_eq!(
        requests[1]
            .headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok()),
        Some("secret-header-key")
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_an_error_naming_the_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![b'x'; 4096], "application/json"))
        .mount(&server)
        .await;
    let c = echo_client::Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .expect("url")
        .max_body_size(1024)
        .build()
        .expect("client");
    assert_eq!(c.max_body_size(), 1024);
    let error = c.download_file().send().await.expect_err("too large");
    assert!(matches!(
        error,
        echo_client::Error::BodyTooLarge { limit: 1024, .. }
    ));
    assert_eq!(
        error.to_string(),
        "the 200 OK response body is larger than the 1 KiB limit (raise it with `max_body_size`)"
    );
    // A request may raise its own limit.
    let body = c
        .download_file()
        .max_body_size(8192)
        .send()
        .await
        .expect("within the request's limit");
    assert_eq!(body.len(), 4096);
    assert_eq!(
        echo_client::Client::new().expect("client").max_body_size(),
        echo_client::DEFAULT_MAX_BODY_SIZE
    );
}

#[test]
fn reading_a_large_body_holds_little_more_than_the_body() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_peak-memory"))
        .output()
        .expect("the peak-memory binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let mut cases = 0;
    for line in text.lines() {
        let [case, body, peak] = line.split(' ').collect::<Vec<_>>()[..] else {
            panic!("unexpected line {line:?}");
        };
        let body: f64 = body.parse().expect("body size");
        let peak: f64 = peak.parse().expect("peak");
        // One buffer of the body's size, grown by an eighth when no length
        // is announced, and the HTTP stack's own small buffers.
        let allowed = if case == "content-length" { 1.05 } else { 1.15 };
        assert!(
            peak <= body * allowed,
            "{case}: peak {peak} for a body of {body} ({:.2}x)",
            peak / body
        );
        cases += 1;
    }
    assert_eq!(cases, 2, "{text}");
}

#[tokio::test]
async fn timeouts_say_how_long_and_a_request_may_set_its_own() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("{}", "application/json")
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let c = echo_client::Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .expect("url")
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let error = c
        .download_file()
        .timeout(Duration::from_millis(300))
        .retry(echo_client::RetryPolicy::none())
        .send()
        .await
        .expect_err("the request's own timeout fires");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.to_string(), "timed out after 300 ms");
    // A GET that times out is retried (default policy: 3 attempts).
    let error = c
        .download_file()
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .expect_err("every attempt times out");
    assert_eq!(error.attempts(), 3);
    assert_eq!(
        error.to_string(),
        "3 attempts failed; the last: timed out after 300 ms"
    );
}

#[tokio::test]
async fn server_text_is_escaped_in_display_and_bodies_are_text_in_debug() {
    let server = MockServer::start().await;
    let body =
        "{\"ErrorCode\":10,\"Message\":\"bad token\"}\r\n2026-11-30 INFO forged line\x1b[2J\0";
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let c = postmark_client::Client::builder()
        .base_url(server.uri())
        .expect("url")
        .x_postmark_server_token("server-token-123")
        .build()
        .expect("client");
    let error = c
        .get_messages_outbound(10, 0)
        .send()
        .await
        .expect_err("401");
    let shown = error.to_string();
    assert!(!shown.contains(['\r', '\n', '\x1b', '\0']), "{shown:?}");
    assert!(
        shown.contains("\\r\\n2026-11-30 INFO forged line\\u{1b}[2J\\u{0}"),
        "{shown}"
    );
    let debug = format!("{error:?}");
    assert!(debug.contains("body: \"{\\\"ErrorCode\\\":10"), "{debug}");
    assert!(!debug.contains("[123, 34"), "no byte lists: {debug}");
    assert!(!debug.contains("server-token-123"), "{debug}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(error.headers().is_some());
    assert_eq!(error.body().map(<[u8]>::len), Some(body.len()));
}

/// Builder and operation errors mix under `?` in one function: this
/// compiles only if configuration errors convert into `Error<E>`.
async fn messages(
    base: String,
) -> Result<
    postmark_client::types::OutboundMessageSearch,
    postmark_client::Error<postmark_client::types::PostmarkError>,
> {
    let client = postmark_client::Client::builder()
        .base_url(base)?
        .x_postmark_server_token("server-token-123")
        .build()?;
    client.get_messages_outbound(10, 0).send().await
}

#[tokio::test]
async fn configuration_and_operation_errors_share_one_error_type() {
    let error = messages("ftp://nowhere".into())
        .await
        .expect_err("bad base URL");
    assert!(
        matches!(error, postmark_client::Error::Config(_)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "invalid client configuration: the base URL must be http or https, not \"ftp\""
    );
    // A credential every operation needs is asked for before any request.
    let missing = postmark_client::Client::builder()
        .build()
        .expect_err("no token");
    assert!(
        missing.message().contains("X-Postmark-Server-Token"),
        "{missing}"
    );
}
