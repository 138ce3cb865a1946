//! The generated Postmark client against a real HTTP server on loopback.

use postmark_client::{Client, Error};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sample(name: &str) -> String {
    std::fs::read_to_string(crate::root().join("../shared/postmark/samples").join(name))
        .expect("sample")
}

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .expect("base url")
        .x_postmark_server_token("server-token-123")
        .build()
        .expect("client")
}

fn json(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json; charset=utf-8")
}

#[tokio::test]
async fn get_messages_outbound_sends_query_token_and_accept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages/outbound"))
        .and(query_param("count", "50"))
        .and(query_param("offset", "0"))
        .and(query_param("tag", "welcome"))
        .and(header("X-Postmark-Server-Token", "server-token-123"))
        .and(header("Accept", "application/json"))
        .respond_with(json(sample("messages-outbound.200.json")))
        .expect(1)
        .mount(&server)
        .await;
    let body = client(&server)
        .await
        .get_messages_outbound()
        .count("50")
        .offset("0")
        .tag("welcome")
        .send()
        .await
        .expect("ok");
    assert_eq!(body["TotalCount"], 2);
    assert_eq!(
        body["Messages"][0]["Subject"],
        "Your receipt for order #1001"
    );
}

#[tokio::test]
async fn get_messages_outbound_clicks_sends_snake_case_filters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages/outbound/clicks"))
        .and(query_param("client_company", "Google"))
        .and(query_param("os_family", "OS X"))
        .and(header("X-Postmark-Server-Token", "server-token-123"))
        .and(header("Accept", "application/json"))
        .respond_with(json(sample("messages-outbound-clicks.200.json")))
        .expect(1)
        .mount(&server)
        .await;
    let body = client(&server)
        .await
        .get_messages_outbound_clicks()
        .client_company("Google")
        .os_family("OS X")
        .send()
        .await
        .expect("ok");
    assert_eq!(body["Clicks"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn message_id_stays_one_path_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages/outbound/clicks/a%2Fb%20c%3Fx%23y%25"))
        .and(query_param("count", "1"))
        .and(header("X-Postmark-Server-Token", "server-token-123"))
        .respond_with(json(sample("messages-outbound-clicks-messageid.200.json")))
        .expect(1)
        .mount(&server)
        .await;
    let body = client(&server)
        .await
        .get_messages_outbound_clicks_message("a/b c?x#y%")
        .count("1")
        .send()
        .await
        .expect("ok");
    assert_eq!(body["TotalCount"], 2);
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server).await;
    for id in ["..", "."] {
        match c.get_messages_outbound_clicks_message(id).send().await {
            Err(Error::InvalidRequest(msg)) => assert!(msg.contains("messageid"), "{msg}"),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn query_values_round_trip() {
    let server = MockServer::start().await;
    let tricky = "a&b=c d+é/ü?#";
    Mock::given(method("GET"))
        .and(path("/messages/outbound"))
        .and(query_param("tag", tricky))
        .and(query_param("recipient", "x@y.z"))
        .respond_with(json("{}".to_owned()))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .await
        .get_messages_outbound()
        .tag(tricky)
        .recipient("x@y.z")
        .send()
        .await
        .expect("ok");
    let requests = server.received_requests().await.unwrap_or_default();
    let query = requests[0].url.query().unwrap_or_default().to_owned();
    // Exactly the two parameters: the value could not add any.
    assert_eq!(query.split('&').count(), 2, "{query}");
}

#[tokio::test]
async fn empty_json_body_is_null() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages/outbound"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let body = client(&server)
        .await
        .get_messages_outbound()
        .send()
        .await
        .expect("ok");
    assert!(body.is_null());
}

#[tokio::test]
async fn unauthorized_is_a_status_error_with_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages/outbound"))
        .respond_with(
            ResponseTemplate::new(401).set_body_raw(sample("error-401.json"), "application/json"),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .get_messages_outbound()
        .send()
        .await
        .expect_err("401");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    match &err {
        Error::Status(response) => {
            assert_eq!(response.status.as_u16(), 401);
            assert!(String::from_utf8_lossy(&response.body).contains("\"ErrorCode\": 10"));
            assert_eq!(
                response.typed.as_ref().map(|v| v["ErrorCode"].clone()),
                Some(serde_json::json!(10))
            );
        }
        other => panic!("expected Status, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(shown.contains("401"), "{shown}");
    assert!(!shown.contains("server-token-123"), "{shown}");
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    // Bind then drop a listener to get a port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let c = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .expect("url")
        .build()
        .expect("client");
    match c.get_messages_outbound().send().await {
        Err(Error::Transport(_)) => {}
        other => panic!("expected Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused() {
    let err = Client::builder()
        .x_postmark_server_token("a\r\nInjected: yes")
        .build()
        .expect_err("CR/LF");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}

#[test]
fn token_is_redacted_in_debug_and_default_base_url_comes_from_the_spec() {
    let c = Client::builder()
        .x_postmark_server_token("server-token-123")
        .build()
        .expect("client");
    let shown = format!("{c:?}");
    assert!(!shown.contains("server-token-123"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert_eq!(
        Client::new().expect("client").base_url(),
        "http://spamcheck.postmarkapp.com"
    );
}

#[test]
fn base_url_must_be_http_and_keeps_its_path() {
    assert!(matches!(
        Client::builder().base_url("ftp://x"),
        Err(Error::InvalidRequest(_))
    ));
    assert!(matches!(
        Client::builder().base_url("not a url"),
        Err(Error::InvalidRequest(_))
    ));
    let c = Client::builder()
        .base_url("https://x.test/api/v1/")
        .expect("url")
        .build()
        .expect("client");
    assert_eq!(c.base_url(), "https://x.test/api/v1");
}
