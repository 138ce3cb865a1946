//! Riding out production failures, against real loopback servers:
//! retries (idempotent methods, idempotency keys, `Retry-After` in both
//! forms, a refused connection, a wait too long), compressed bodies, the
//! request hook, paged streams that retry a page, and the `tracing`
//! feature's spans.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use echo_client::{Client, RetryPolicy, types};
use futures::StreamExt;
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Retries with short waits, so tests take milliseconds.
fn quick() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .expect("base url")
        .api_key_header("secret-header-key")
        .retry(policy)
        .build()
        .expect("client")
}

/// Mounts `status` for the next `times` requests, then `{}` with 200.
async fn failing(server: &MockServer, template: ResponseTemplate, times: u64) {
    Mock::given(any())
        .respond_with(template)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(server)
        .await;
}

async fn count(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording").len()
}

#[tokio::test]
async fn a_rate_limit_is_waited_out_as_the_server_asks() {
    let server = MockServer::start().await;
    failing(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
    )
    .await;
    let started = Instant::now();
    client(&server, RetryPolicy::default())
        .secure_header()
        .send()
        .await
        .expect("the second attempt succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(count(&server).await, 2);

    // The HTTP-date form.
    let server = MockServer::start().await;
    let when = httpdate(SystemTime::now() + Duration::from_secs(2));
    failing(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", when.as_str()),
        1,
    )
    .await;
    client(&server, RetryPolicy::default())
        .secure_header()
        .send()
        .await
        .expect("the second attempt succeeds");
    assert_eq!(count(&server).await, 2);
}

/// An HTTP date (IMF-fixdate) for a time.
fn httpdate(time: SystemTime) -> String {
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let date =
        chrono::DateTime::from_timestamp(i64::try_from(secs).expect("secs"), 0).expect("date");
    date.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[tokio::test]
async fn idempotent_requests_are_retried_on_transient_statuses() {
    let server = MockServer::start().await;
    failing(&server, ResponseTemplate::new(503), 2).await;
    client(&server, quick())
        .secure_header()
        .send()
        .await
        .expect("503, 503, then 200");
    assert_eq!(count(&server).await, 3);

    let server = MockServer::start().await;
    failing(
        &server,
        ResponseTemplate::new(503).set_body_string("busy"),
        3,
    )
    .await;
    let error = client(&server, quick())
        .secure_header()
        .send()
        .await
        .expect_err("503 three times");
    assert_eq!(count(&server).await, 3);
    assert_eq!(error.attempts(), 3);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(error.to_string().contains("(after 3 attempts)"), "{error}");

    // Retries off: one request.
    let server = MockServer::start().await;
    failing(&server, ResponseTemplate::new(503), 1).await;
    let error = client(&server, RetryPolicy::none())
        .secure_header()
        .send()
        .await
        .expect_err("no retry");
    assert_eq!(error.attempts(), 1);
    assert_eq!(count(&server).await, 1);

    // Off for one request only.
    let server = MockServer::start().await;
    failing(&server, ResponseTemplate::new(502), 1).await;
    client(&server, quick())
        .secure_header()
        .retry(RetryPolicy::none())
        .send()
        .await
        .expect_err("no retry for this request");
    assert_eq!(count(&server).await, 1);
}

fn thing() -> types::Thing {
    types::Thing::new(
        "box".into(),
        types::ThingKind::Large,
        chrono::DateTime::parse_from_rfc3339("2024-03-05T10:02:11-05:00").expect("dt"),
        types::Owner::new("ann".into()),
        Vec::new(),
    )
}

#[tokio::test]
async fn post_is_retried_only_with_an_idempotency_key() {
    let created = r#"{"name":"box","kind":"large","created_at":"2024-03-05T10:02:11-05:00","owner":{"login":"ann"},"labels":[]}"#;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(created, "application/json"))
        .mount(&server)
        .await;
    let c = client(&server, quick());
    let error = c
        .create_thing(thing())
        .send()
        .await
        .expect_err("POST is not retried");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(count(&server).await, 1);

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("idempotency-key", "key-1"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(created, "application/json"))
        .mount(&server)
        .await;
    c.create_thing(thing())
        .idempotency_key("key-1")
        .send()
        .await
        .expect("retried with the key");
    assert_eq!(count(&server).await, 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_until_the_server_is_up() {
    // A port nobody listens on yet.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("addr");
    drop(listener);
    let c = Client::builder()
        .base_url(format!("http://{address}/v1"))
        .expect("url")
        .retry(RetryPolicy::default().backoff(Duration::from_millis(400), Duration::from_secs(1)))
        .build()
        .expect("client");
    let up = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let listener = std::net::TcpListener::bind(address).expect("rebind the port");
        let server = MockServer::builder().listener(listener).start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
            .mount(&server)
            .await;
        server
    });
    // POST too: a refused connection never reached the server.
    let created = c.submit_form("a").send().await;
    let server = up.await.expect("server task");
    created.expect("the second attempt reaches the server");
    assert_eq!(count(&server).await, 1);
}

#[tokio::test]
async fn a_wait_longer_than_the_cap_is_returned_at_once() {
    let server = MockServer::start().await;
    failing(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "3600"),
        1,
    )
    .await;
    let error = client(&server, RetryPolicy::default())
        .secure_header()
        .send()
        .await
        .expect_err("not waited for");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(error.attempts(), 1);
    assert_eq!(count(&server).await, 1);
    assert!(
        error.to_string().contains("asked to retry after 3600 s"),
        "{error}"
    );
}

#[tokio::test]
async fn compressed_bodies_are_decoded() {
    let json = br#"{"compressed":true}"#;
    let gzip = {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(json).expect("gzip");
        e.finish().expect("gzip")
    };
    let deflate = {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(json).expect("deflate");
        e.finish().expect("deflate")
    };
    let brotli = {
        let mut out = Vec::new();
        let mut e = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        e.write_all(json).expect("brotli");
        drop(e);
        out
    };
    let zstd = zstd::encode_all(&json[..], 3).expect("zstd");
    for (encoding, body) in [
        ("gzip", gzip),
        ("deflate", deflate),
        ("br", brotli),
        ("zstd", zstd),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("Content-Encoding", encoding)
                    .set_body_raw(body, "application/json"),
            )
            .mount(&server)
            .await;
        let echoed = client(&server, quick())
            .secure_header()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{encoding}: {e}"));
        assert_eq!(
            serde_json::to_value(&echoed).expect("json"),
            serde_json::json!({"compressed": true}),
            "{encoding}"
        );
        let request = &server.received_requests().await.expect("recording")[0];
        let accepted = request
            .headers
            .get("accept-encoding")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        for offered in ["gzip", "deflate", "br", "zstd"] {
            assert!(accepted.contains(offered), "{accepted}");
        }
    }
}

#[tokio::test]
async fn the_request_hook_sees_every_attempt() {
    let server = MockServer::start().await;
    failing(&server, ResponseTemplate::new(503), 1).await;
    let statuses = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&statuses);
    let c = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .expect("url")
        .retry(quick())
        .on_request(|request| {
            request.headers_mut().insert(
                "x-signature",
                echo_client::reqwest::header::HeaderValue::from_static("signed"),
            );
        })
        .on_response(move |status| seen.lock().expect("lock").push(status.as_u16()))
        .build()
        .expect("client");
    c.secure_header().send().await.expect("retried");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(
            request
                .headers
                .get("x-signature")
                .and_then(|v| v.to_str().ok()),
            Some("signed")
        );
    }
    assert_eq!(*statuses.lock().expect("lock"), [503, 200]);
}

#[tokio::test]
async fn a_paged_stream_retries_a_failing_page() {
    let server = MockServer::start().await;
    let message = |i: usize| {
        serde_json::json!({
            "MessageID": format!("id-{i}"), "MessageStream": "outbound", "To": [], "Cc": [], "Bcc": [],
            "Recipients": [], "ReceivedAt": "2024-03-05T09:40:02.5000000-05:00", "From": "a@b.c",
            "Subject": "s", "Attachments": [], "Status": "Sent", "TrackOpens": false,
            "TrackLinks": "None", "Metadata": {}, "Sandboxed": false
        })
    };
    let page = |from: usize| {
        let messages: Vec<_> = (from..from + 2).map(message).collect();
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"TotalCount": 4, "Messages": messages}))
    };
    Mock::given(path("/messages/outbound"))
        .and(wiremock::matchers::query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/messages/outbound"))
        .and(wiremock::matchers::query_param("offset", "2"))
        .respond_with(page(2))
        .mount(&server)
        .await;
    Mock::given(path("/messages/outbound"))
        .respond_with(page(0))
        .mount(&server)
        .await;
    let c = postmark_client::Client::builder()
        .base_url(server.uri())
        .expect("url")
        .x_postmark_server_token("server-token-123")
        .retry(
            postmark_client::RetryPolicy::default()
                .backoff(Duration::from_millis(5), Duration::from_millis(20)),
        )
        .build()
        .expect("client");
    let ids: Vec<String> = c
        .get_messages_outbound(2, 0)
        .stream()
        .map(|m| m.expect("every page arrives").message_id)
        .collect()
        .await;
    assert_eq!(ids, ["id-0", "id-1", "id-2", "id-3"]);
    assert_eq!(count(&server).await, 3);
}

/// A writer that keeps what the `tracing` subscriber prints.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_tracing_feature_records_each_attempt_without_secrets() {
    let server = MockServer::start().await;
    failing(&server, ResponseTemplate::new(503), 1).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let c = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .expect("url")
        .api_key_header("secret-header-key")
        .api_key_query("secret-query-key")
        .x_tenant_token("secret-tenant-token")
        .retry(quick())
        .build()
        .expect("client");
    c.echo_headers("plain")
        .x_api_secret("secret-param")
        .send()
        .await
        .expect("retried");
    c.secure_query().send().await.expect("sent");
    let text = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(text.contains("operation=\"echoHeaders\""), "{text}");
    assert!(text.contains("path=\"/headers\""), "{text}");
    assert!(
        text.contains("attempt=1") && text.contains("attempt=2"),
        "{text}"
    );
    assert!(
        text.contains("status=503") && text.contains("status=200"),
        "{text}"
    );
    assert!(text.contains("operation=\"secureQuery\""), "{text}");
    for secret in [
        "secret-header-key",
        "secret-query-key",
        "secret-tenant-token",
        "secret-param",
        "plain",
    ] {
        assert!(!text.contains(secret), "{secret} in the trace: {text}");
    }
}
