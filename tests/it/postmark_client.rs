//! The generated Postmark client against a real HTTP server on loopback.

use futures::StreamExt;
use postmark_client::{Client, Error, types};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sample(name: &str) -> String {
    std::fs::read_to_string(crate::root().join("tests/data/postmark-samples").join(name))
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
async fn get_messages_outbound_sends_query_token_and_accept_and_decodes_every_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages/outbound"))
        .and(query_param("count", "50"))
        .and(query_param("offset", "0"))
        .and(query_param("tag", "welcome"))
        .and(query_param("status", "sent"))
        .and(header("X-Postmark-Server-Token", "server-token-123"))
        .and(header("Accept", "application/json"))
        .respond_with(json(sample("messages-outbound.200.json")))
        .expect(1)
        .mount(&server)
        .await;
    let body = client(&server)
        .await
        .get_messages_outbound(50, 0)
        .tag("welcome")
        .status(types::GetMessagesOutboundStatus::Sent)
        .send()
        .await
        .expect("ok");
    assert_eq!(body.total_count, 2);
    let m = &body.messages[0];
    assert_eq!(m.tag.as_deref(), Some("order-receipt"));
    assert_eq!(m.message_id, "0f1e2d3c-0000-4aaa-8bbb-111122223333");
    assert_eq!(m.message_stream, "outbound");
    assert_eq!(m.to[0].email, "alice@example.com");
    assert_eq!(m.to[0].name, "Alice Example");
    assert_eq!(m.cc[0].name, "");
    assert!(m.bcc.is_empty());
    assert_eq!(m.recipients, ["alice@example.com", "billing@example.org"]);
    assert_eq!(
        m.received_at.to_rfc3339(),
        "2024-03-05T09:41:27.123456700-05:00"
    );
    assert_eq!(m.from, "\"Example Shop\" <receipts@example.net>");
    assert_eq!(m.subject, "Your receipt for order #1001");
    assert_eq!(
        m.attachments,
        [types::Attachment::String("receipt-1001.pdf".to_owned())]
    );
    assert_eq!(m.status, types::OutboundMessageStatus::Sent);
    assert!(m.track_opens);
    assert_eq!(m.track_links, types::OutboundMessageTrackLinks::HtmlAndText);
    assert_eq!(
        m.metadata.get("customer-tier").map(String::as_str),
        Some("gold")
    );
    assert!(!m.sandboxed);
    let second = &body.messages[1];
    assert_eq!(second.tag, None, "missing Tag decodes as None");
    assert_eq!(second.status, types::OutboundMessageStatus::Queued);
    assert_eq!(second.track_links, types::OutboundMessageTrackLinks::None);
}

#[tokio::test]
async fn clicks_decode_empty_geo_unknown_enum_values_and_object_attachments() {
    let server = MockServer::start().await;
    let body =
        sample("messages-outbound-clicks.200.json").replacen("\"Desktop\"", "\"SmartFridge\"", 1);
    Mock::given(method("GET"))
        .and(path("/messages/outbound/clicks"))
        .and(query_param("client_company", "Google"))
        .and(query_param("os_family", "OS X"))
        .and(header("X-Postmark-Server-Token", "server-token-123"))
        .and(header("Accept", "application/json"))
        .respond_with(json(body))
        .expect(1)
        .mount(&server)
        .await;
    let body = client(&server)
        .await
        .get_messages_outbound_clicks(3, 0)
        .client_company("Google")
        .os_family("OS X")
        .send()
        .await
        .expect("ok");
    assert_eq!(body.total_count, 3);
    assert_eq!(body.clicks.len(), 3);
    let first = &body.clicks[0];
    assert_eq!(
        first.platform,
        types::ClickPlatform::Other("SmartFridge".to_owned())
    );
    assert_eq!(first.click_location, types::ClickLocation::Html);
    assert_eq!(first.client.family, "Chrome");
    assert_eq!(first.geo.city.as_deref(), Some("New York"));
    assert_eq!(first.received_at.timestamp_subsec_nanos(), 907_025_900);
    assert!(
        body.clicks
            .iter()
            .any(|c| c.geo == types::GeoInfo::default()),
        "Geo: {{}} decodes"
    );
    let attachment: types::Attachment =
        serde_json::from_str(r#"{"Name":"a.pdf","ContentType":"application/pdf"}"#)
            .expect("object attachment");
    assert!(
        matches!(attachment, types::Attachment::AttachmentObject(ref o) if o.name.as_deref() == Some("a.pdf"))
    );
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
        .get_messages_outbound_clicks_message("a/b c?x#y%", 1, 0)
        .send()
        .await
        .expect("ok");
    assert_eq!(body.total_count, 2);
    assert_eq!(body.clicks.len(), 2);
    let first = &body.clicks[0];
    assert_eq!(first.record_type, "Click");
    assert_eq!(first.click_location, types::ClickLocation::Html);
    assert_eq!(
        first.client,
        types::ClientInfo::new(
            "Outlook 2019".into(),
            "Microsoft Corporation".into(),
            "Outlook".into()
        )
    );
    assert_eq!(first.os.name, "Windows 10");
    assert_eq!(first.os.company, "Microsoft Corporation");
    assert_eq!(first.os.family, "Windows");
    assert_eq!(first.platform, types::ClickPlatform::Desktop);
    assert!(first.user_agent.starts_with("Mozilla/5.0 (Windows NT 10.0"));
    assert_eq!(first.original_link, "https://shop.example.net/orders/1001");
    let geo = &first.geo;
    assert_eq!(
        (
            geo.country_iso_code.as_deref(),
            geo.country.as_deref(),
            geo.region_iso_code.as_deref(),
            geo.region.as_deref(),
            geo.city.as_deref(),
            geo.zip.as_deref(),
            geo.coords.as_deref(),
            geo.ip.as_deref(),
        ),
        (
            Some("RS"),
            Some("Serbia"),
            Some("VO"),
            Some("Autonomna Pokrajina Vojvodina"),
            Some("Novi Sad"),
            Some("21000"),
            Some("45.2517,19.8369"),
            Some("192.0.2.10"),
        )
    );
    assert_eq!(first.message_id, "0f1e2d3c-0000-4aaa-8bbb-111122223333");
    assert_eq!(first.message_stream, "outbound");
    assert_eq!(first.recipient, "billing@example.org");
    assert_eq!(
        first.received_at.to_rfc3339(),
        "2024-03-05T11:30:00.440-05:00"
    );
    assert_eq!(first.tag.as_deref(), Some("order-receipt"));
    let metadata = first.metadata.as_ref().expect("metadata");
    assert_eq!(metadata.get("order-id").map(String::as_str), Some("1001"));
    assert_eq!(
        metadata.get("customer-tier").map(String::as_str),
        Some("gold")
    );
    let second = &body.clicks[1];
    assert_eq!(second.platform, types::ClickPlatform::WebMail);
    assert_eq!(second.os.family, "OS X");
    assert_eq!(second.received_at.timestamp_subsec_nanos(), 907_025_900);
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server).await;
    for id in ["..", "."] {
        match c
            .get_messages_outbound_clicks_message(id, 1, 0)
            .send()
            .await
        {
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
        .respond_with(json(
            sample("messages-outbound-clicks-messageid.empty.200.json")
                .replace("Clicks", "Messages"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .await
        .get_messages_outbound(1, 0)
        .tag(tricky)
        .recipient("x@y.z")
        .send()
        .await
        .expect("ok");
    let requests = server.received_requests().await.unwrap_or_default();
    let query = requests[0].url.query().unwrap_or_default().to_owned();
    // Exactly the four parameters: the value could not add any.
    assert_eq!(query.split('&').count(), 4, "{query}");
}

#[tokio::test]
async fn unprocessable_is_the_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages/outbound/clicks/nope"))
        .respond_with(ResponseTemplate::new(422).set_body_raw(
            sample("error-422-message-not-found.json"),
            "application/json",
        ))
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .get_messages_outbound_clicks_message("nope", 1, 0)
        .send()
        .await
        .expect_err("422");
    let typed = err.typed().expect("typed body");
    assert_eq!(typed.error_code, 701);
    assert_eq!(typed.message, "This message was not found.");
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
        .get_messages_outbound(1, 0)
        .send()
        .await
        .expect_err("401");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    match &err {
        Error::Status(response) => {
            assert_eq!(response.status.as_u16(), 401);
            assert!(String::from_utf8_lossy(&response.body).contains("\"ErrorCode\": 10"));
            assert_eq!(response.typed.as_ref().map(|e| e.error_code), Some(10));
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
        .x_postmark_server_token("t")
        .build()
        .expect("client");
    match c.get_messages_outbound(1, 0).send().await {
        Err(e @ Error::Transport(_)) => {
            assert!(e.is_connect(), "{e:?}");
            let shown = e.to_string();
            assert!(shown.contains("could not connect: "), "{shown}");
            assert!(shown.to_lowercase().contains("refused"), "{shown}");
        }
        other => panic!("expected Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused() {
    let err = Client::builder()
        .x_postmark_server_token("a\r\nInjected: yes")
        .build()
        .expect_err("CR/LF");
    assert!(err.message().contains("X-Postmark-Server-Token"), "{err:?}");
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
    assert_eq!(c.base_url(), "https://api.postmarkapp.com");
}

#[test]
fn base_url_must_be_http_and_keeps_its_path() {
    assert!(matches!(
        Client::builder().base_url("ftp://x"),
        Err(postmark_client::ConfigError { .. })
    ));
    assert!(matches!(
        Client::builder().base_url("not a url"),
        Err(postmark_client::ConfigError { .. })
    ));
    let c = Client::builder()
        .base_url("https://x.test/api/v1/")
        .expect("url")
        .x_postmark_server_token("t")
        .build()
        .expect("client");
    assert_eq!(c.base_url(), "https://x.test/api/v1");
}

fn page(total: usize, from: usize, n: usize) -> ResponseTemplate {
    let messages: Vec<serde_json::Value> = (from..from + n)
        .map(|i| {
            serde_json::json!({
                "MessageID": format!("id-{i}"), "MessageStream": "outbound", "To": [], "Cc": [], "Bcc": [],
                "Recipients": [], "ReceivedAt": "2024-03-05T09:40:02.5000000-05:00", "From": "a@b.c",
                "Subject": "s", "Attachments": [], "Status": "Sent", "TrackOpens": false,
                "TrackLinks": "None", "Metadata": {}, "Sandboxed": false
            })
        })
        .collect();
    json(serde_json::json!({"TotalCount": total, "Messages": messages}).to_string())
}

#[tokio::test]
async fn stream_walks_three_pages_and_stops_at_the_total() {
    let server = MockServer::start().await;
    for (offset, n) in [(0, 2), (2, 2), (4, 1)] {
        Mock::given(method("GET"))
            .and(path("/messages/outbound"))
            .and(query_param("count", "2"))
            .and(query_param("offset", offset.to_string()))
            .and(query_param("tag", "t"))
            .and(header("X-Postmark-Server-Token", "server-token-123"))
            .respond_with(page(5, offset, n))
            .expect(1)
            .mount(&server)
            .await;
    }
    let c = client(&server).await;
    let ids: Vec<String> = c
        .get_messages_outbound(2, 0)
        .tag("t")
        .stream()
        .map(|m| m.expect("item").message_id)
        .collect()
        .await;
    assert_eq!(ids, ["id-0", "id-1", "id-2", "id-3", "id-4"]);
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        3
    );
}

#[tokio::test]
async fn stream_stops_at_an_empty_page_and_respects_the_window() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/messages/outbound"))
        .and(query_param("offset", "9998"))
        .and(query_param("count", "2"))
        .respond_with(page(20000, 9998, 2))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server).await;
    let items: Vec<_> = c.get_messages_outbound(500, 9998).stream().collect().await;
    // 9998 + 500 > 10000: the page shrinks to 2, then the window is exhausted.
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    match &items[2] {
        Err(Error::InvalidRequest(msg)) => assert!(msg.contains("10000"), "{msg}"),
        other => panic!("expected the window error, got {other:?}"),
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(page(10, 0, 0))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server).await;
    assert_eq!(c.get_messages_outbound(5, 0).stream().count().await, 0);
}
