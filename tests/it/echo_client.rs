//! The client generated from `tests/fixtures/client-params.yaml` against a
//! real HTTP server on loopback: every parameter location and type goes
//! where the spec says and cannot escape it, bodies are encoded as
//! declared, and each kind of credential is sent only to the operations
//! that require it and never shown in `Debug`.

use std::time::Duration;

use echo_client::{Client, Error, FilePart, types};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A client with every credential set, for `server`.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .expect("base url")
        .api_key_header("header-key-1")
        .api_key_query("query-key-2")
        .basic("user", "pa:ss")
        .o_auth("bearer-token-3")
        .build()
        .expect("client")
}

/// A server answering every request with an empty JSON object.
async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    server
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn header_of<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn path_parameters_of_every_type_are_one_encoded_segment_each() {
    let server = echo_server().await;
    let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).expect("date");
    client(&server)
        .echo_path("a/b c?d#e%..", -42, true, day)
        .send()
        .await
        .expect("ok");
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/v1/items/a%2Fb%20c%3Fd%23e%25../-42/true/2024-03-05"
    );
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn query_parameters_of_every_type_and_collection_format() {
    let server = echo_server().await;
    let dt = chrono::DateTime::parse_from_rfc3339("2024-03-05T11:30:00.44-05:00").expect("dt");
    client(&server)
        .echo_query("x&y=z", 7)
        .i64(9_007_199_254_740_993_i64)
        .f32(1.5_f32)
        .f64(-0.25)
        .b(false)
        .d(chrono::NaiveDate::from_ymd_opt(2024, 1, 2).expect("date"))
        .dt(dt)
        .color(types::EchoQueryColor::Green)
        .csv(vec!["a,b".to_owned(), "c".to_owned()])
        .multi(vec![1, 2, 3])
        .pipes(vec!["p".to_owned(), "q".to_owned()])
        .send()
        .await
        .expect("ok");
    let request = only_request(&server).await;
    let pairs: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("s", "x&y=z"),
        ("i32", "7"),
        ("i64", "9007199254740993"),
        ("f32", "1.5"),
        ("f64", "-0.25"),
        ("b", "false"),
        ("d", "2024-01-02"),
        ("dt", "2024-03-05T11:30:00.440-05:00"),
        ("color", "green"),
        ("csv", "a,b,c"),
        ("multi", "1"),
        ("multi", "2"),
        ("multi", "3"),
        ("pipes", "p|q"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    assert_eq!(pairs, expected);
    // The `&` and `=` in a value are encoded: they add no parameter.
    assert!(
        request
            .url
            .query()
            .unwrap_or("")
            .starts_with("s=x%26y%3Dz&"),
        "{:?}",
        request.url.query()
    );
    // No credential is sent to an operation whose spec requires none.
    assert!(header_of(&request, "authorization").is_none());
    assert!(header_of(&request, "x-api-key").is_none());
}

#[tokio::test]
async fn header_parameters_are_sent_and_cr_lf_is_refused_before_sending() {
    let server = echo_server().await;
    let c = client(&server);
    c.echo_headers("plain value")
        .x_int(-5)
        .x_bool(true)
        .x_api_secret("s3cret")
        .send()
        .await
        .expect("ok");
    let request = only_request(&server).await;
    assert_eq!(header_of(&request, "x-string"), Some("plain value"));
    assert_eq!(header_of(&request, "x-int"), Some("-5"));
    assert_eq!(header_of(&request, "x-bool"), Some("true"));
    assert_eq!(header_of(&request, "x-api-secret"), Some("s3cret"));

    for bad in ["a\r\nX-Injected: 1", "a\nb", "a\rb"] {
        match c.echo_headers(bad).send().await {
            Err(Error::InvalidRequest(message)) => {
                assert!(message.contains("X-String"), "{message}");
                assert!(
                    !message.contains("Injected"),
                    "the value is not echoed: {message}"
                );
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1,
        "nothing more was sent"
    );
}

#[tokio::test]
async fn each_credential_goes_only_where_the_spec_requires_it() {
    let server = echo_server().await;
    let c = client(&server);
    c.secure_header().send().await.expect("header");
    c.secure_query().send().await.expect("query");
    c.secure_basic().send().await.expect("basic");
    c.secure_oauth().send().await.expect("oauth");
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 4);
    let [h, q, b, o] = &requests[..] else {
        panic!("four requests")
    };

    assert_eq!(header_of(h, "x-api-key"), Some("header-key-1"));
    assert_eq!(h.url.query(), None);
    assert!(header_of(h, "authorization").is_none());

    assert_eq!(q.url.query(), Some("api_key=query-key-2"));
    assert!(header_of(q, "x-api-key").is_none());
    assert!(header_of(q, "authorization").is_none());

    // base64("user:pa:ss")
    assert_eq!(
        header_of(b, "authorization"),
        Some("Basic dXNlcjpwYTpzcw==")
    );
    assert!(header_of(b, "x-api-key").is_none());
    assert_eq!(b.url.query(), None);

    assert_eq!(header_of(o, "authorization"), Some("Bearer bearer-token-3"));
    assert!(header_of(o, "x-api-key").is_none());
    assert_eq!(o.url.query(), None);
}

#[tokio::test]
async fn an_operation_whose_credential_is_not_set_is_sent_without_one() {
    let server = echo_server().await;
    let c = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .expect("base url")
        .build()
        .expect("client");
    c.secure_basic().send().await.expect("sent");
    let request = only_request(&server).await;
    assert!(header_of(&request, "authorization").is_none());
}

#[test]
fn credentials_and_secrets_never_appear_in_debug() {
    let builder = || {
        Client::builder()
            .api_key_header("header-key-1")
            .api_key_query("query-key-2")
            .basic("user", "pa:ss")
            .o_auth("bearer-token-3")
    };
    let built = builder().build().expect("client");
    let builder = builder();
    let request = built
        .echo_headers("plain-value")
        .x_api_secret("secret-param-4");
    let request = format!("{request:?}");
    assert!(request.contains("plain-value"), "{request}");
    for text in [format!("{builder:?}"), format!("{built:?}"), request] {
        for secret in [
            "header-key-1",
            "query-key-2",
            "pa:ss",
            "bearer-token-3",
            "secret-param-4",
        ] {
            assert!(!text.contains(secret), "{secret} leaks in {text}");
        }
    }
}

#[tokio::test]
async fn json_body_is_sent_201_decodes_and_400_is_the_typed_error() {
    let server = MockServer::start().await;
    let created = r#"{"id":7,"name":"box","kind":"large","created_at":"2024-03-05T10:02:11.9070259-05:00","owner":{"login":"ann"},"labels":["x"],"note":null,"unknown":1}"#;
    Mock::given(method("POST"))
        .and(path("/v1/things"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(created, "application/json"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/things"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_raw(r#"{"code":12,"message":"bad kind"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    // Models are `#[non_exhaustive]`: made with `new` (the required
    // properties), the optional ones set on the value.
    let mut owner = types::Owner::new("ann".into());
    owner.additional_properties = [("team".to_owned(), "core".to_owned())].into();
    let mut thing = types::Thing::new(
        "box".into(),
        types::ThingKind::Large,
        chrono::DateTime::parse_from_rfc3339("2024-03-05T10:02:11-05:00").expect("dt"),
        owner,
        vec!["x".into()],
    );
    thing.weight = Some(2.5);
    thing.shape = Some(types::Shape::Square(types::Square::new(1.0)));
    let c = client(&server);
    let back = c.create_thing(thing.clone()).send().await.expect("201");
    assert_eq!(back.id, Some(7));
    assert_eq!(back.kind, types::ThingKind::Large);
    assert_eq!(back.note, None, "null decodes as None");
    assert_eq!(back.created_at.timestamp_subsec_nanos(), 907_025_900);
    let sent: serde_json::Value =
        serde_json::from_slice(&server.received_requests().await.unwrap_or_default()[0].body)
            .expect("json body");
    assert_eq!(
        sent,
        serde_json::json!({
            "name": "box", "kind": "large", "created_at": "2024-03-05T10:02:11-05:00",
            "owner": {"login": "ann", "team": "core"}, "labels": ["x"], "weight": 2.5,
            "shape": {"shapeType": "Square", "side": 1.0}
        }),
        "absent optionals are left out"
    );

    match c.create_thing(thing).send().await {
        Err(Error::Status(response)) => {
            assert_eq!(response.status.as_u16(), 400);
            assert_eq!(
                response.typed.as_ref(),
                Some(&types::ApiError::new(12, "bad kind".into()))
            );
        }
        other => panic!("expected a typed 400, got {other:?}"),
    }
}

#[tokio::test]
async fn form_multipart_and_binary_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/download"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(vec![0u8, 159, 146, 150], "application/octet-stream"),
        )
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let c = client(&server);

    c.submit_form("a&b=c")
        .count(3)
        .urgent(true)
        .tags(vec!["x".to_owned(), "y z".to_owned()])
        .send()
        .await
        .expect("form");
    c.upload_file(
        FilePart::new("report.pdf", b"%PDF-1.7".to_vec()).content_type("application/pdf"),
    )
    .note("hello")
    .send()
    .await
    .expect("upload");
    let bytes = c.download_file().send().await.expect("download");
    assert_eq!(bytes, vec![0u8, 159, 146, 150]);

    let requests = server.received_requests().await.expect("recording on");
    let form = &requests[0];
    assert_eq!(
        header_of(form, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&form.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("title", "a&b=c"),
        ("count", "3"),
        ("urgent", "true"),
        ("tags", "x"),
        ("tags", "y z"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    assert_eq!(fields, expected);

    let upload = &requests[1];
    let content_type = header_of(upload, "content-type").unwrap_or("");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&upload.body);
    assert!(
        body.contains("name=\"file\"; filename=\"report.pdf\""),
        "{body}"
    );
    assert!(body.contains("Content-Type: application/pdf"), "{body}");
    assert!(body.contains("%PDF-1.7"), "{body}");
    assert!(body.contains("name=\"note\"\r\n\r\nhello"), "{body}");
}

#[tokio::test]
async fn the_request_timeout_is_configurable() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("{}", "application/json")
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let c = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .expect("base url")
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    assert_eq!(c.timeout(), Duration::from_millis(200));
    match c.download_file().send().await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(
        Client::new().expect("default client").timeout(),
        Duration::from_secs(30),
        "default timeout"
    );
}

#[test]
fn the_base_url_must_be_http_or_https() {
    for bad in ["ftp://example.com", "file:///etc/passwd", "not a url", ""] {
        assert!(
            Client::builder().base_url(bad).is_err(),
            "{bad:?} is refused"
        );
    }
    // The default comes from the spec; its path (`/v1`) is kept.
    let c = Client::new().expect("default client");
    assert_eq!(c.base_url(), "http://localhost/v1");
}

#[tokio::test]
async fn success_responses_expose_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/secure/header"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ETag", "\"v7\"")
                .insert_header("X-RateLimit-Remaining", "41")
                .set_body_raw(r#"{"seen":true}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .secure_header()
        .send_with_headers()
        .await
        .expect("ok");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(
        response.headers.get("etag").and_then(|v| v.to_str().ok()),
        Some("\"v7\"")
    );
    assert_eq!(
        response
            .headers
            .get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("41")
    );
    assert_eq!(
        response.into_body().get("seen"),
        Some(&serde_json::Value::Bool(true))
    );
}

/// Requests can be spawned: the futures `send()` and `send_with_headers()`
/// return are `Send`, and run on another task.
#[tokio::test]
async fn request_futures_are_send_and_can_be_spawned() {
    fn assert_send<T: Send + 'static>(future: T) -> T {
        future
    }
    let server = echo_server().await;
    let client = client(&server);
    let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).expect("date");
    let task = tokio::spawn(assert_send(async move {
        client
            .echo_path("spawned", 1, false, day)
            .send_with_headers()
            .await
    }));
    let response = task.await.expect("task ran").expect("ok");
    assert!(response.status.is_success());
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/items/spawned/1/false/2024-03-05");
}

/// Models decode with swaggen's written-out `Deserialize` as serde's derive
/// would: unknown keys ignored, escaped keys matched, `null` and absent
/// optional fields as `None`, extra keys kept when the schema allows them,
/// discriminated subtypes by their tag; from text and from a `Value`.
#[test]
fn models_decode_like_serde_derive() {
    use echo_client::types::{Circle, Shape, Thing, ThingKind};
    let text = r#"{
        "id": 7, "na\u006de": "box", "kind": "large", "unknown": {"deep": [1, 2]},
        "created_at": "2024-03-05T10:00:00+01:00",
        "owner": {"login": "ann", "email": null, "team": "core", "desk": "4b"},
        "labels": ["a"], "note": null,
        "shape": {"shapeType": "Circle", "radius": 2.5}
    }"#;
    let thing: Thing = serde_json::from_str(text).expect("decodes");
    assert_eq!(thing.id, Some(7));
    assert_eq!(thing.name, "box");
    assert_eq!(thing.kind, ThingKind::Large);
    assert_eq!(thing.owner.login, "ann");
    assert_eq!(thing.owner.email, None);
    let extra: Vec<(&str, &str)> = thing
        .owner
        .additional_properties
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(extra, [("desk", "4b"), ("team", "core")]);
    assert_eq!(
        (thing.weight, thing.note.as_deref(), thing.parent_id),
        (None, None, None)
    );
    assert_eq!(thing.shape, Some(Shape::Circle(Circle::new(2.5))));

    // Owned keys (a `Value` deserializer) and a round trip.
    let value = serde_json::to_value(&thing).expect("encodes");
    assert_eq!(value["owner"]["team"], "core");
    assert_eq!(value["shape"]["shapeType"], "Circle");
    let again: Thing = serde_json::from_value(value).expect("decodes a Value");
    assert_eq!(again, thing);

    let missing = serde_json::from_str::<Thing>(r#"{"kind": "small"}"#).expect_err("no name");
    assert!(
        missing.to_string().contains("missing field `name`"),
        "{missing}"
    );
    let wrong = serde_json::from_str::<Thing>("[1]").expect_err("not an object");
    assert!(
        wrong.to_string().contains("expected struct Thing"),
        "{wrong}"
    );
    let bad_extra = serde_json::from_str::<echo_client::types::Owner>(r#"{"login": "a", "x": 1}"#)
        .expect_err("extra values must be strings");
    assert!(
        bad_extra.to_string().contains("invalid type"),
        "{bad_extra}"
    );
}
