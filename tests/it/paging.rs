//! `stream()` over lists paged by a next link (in the body, in the `Link`
//! header, Azure's `x-ms-pageable`) and by a cursor, against a loopback
//! server: three pages each, credentials kept on the links followed, and
//! a link to another origin refused with nothing sent there.

use echo_client::Client;
use futures::StreamExt;
use wiremock::matchers::{any, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .expect("base url")
        .api_key_query("secret-query-key")
        .x_tenant_token("tenant")
        .build()
        .expect("client")
}

/// Mounts a page answered for requests to `route` with `query` (or with
/// no `page` query at all for the first page).
async fn page(server: &MockServer, route: &str, page: Option<&str>, body: serde_json::Value) {
    let mock = Mock::given(method("GET")).and(path(route));
    let template = ResponseTemplate::new(200).set_body_json(body);
    match page {
        Some(p) => {
            mock.and(query_param("page", p))
                .respond_with(template)
                .with_priority(1)
                .mount(server)
                .await
        }
        None => {
            mock.respond_with(template)
                .with_priority(2)
                .mount(server)
                .await
        }
    }
}

async fn collect<T, E: std::fmt::Debug>(
    stream: impl futures::Stream<Item = Result<T, E>>,
) -> Vec<Result<T, String>> {
    stream
        .map(|item| item.map_err(|e| format!("{e:?}")))
        .collect()
        .await
}

#[tokio::test]
async fn next_links_in_the_body_are_followed_with_credentials() {
    let server = MockServer::start().await;
    let base = format!("{}/v1/pages/link", server.uri());
    page(
        &server,
        "/v1/pages/link",
        None,
        serde_json::json!({"items": ["a", "b"], "next": format!("{base}?page=2")}),
    )
    .await;
    page(
        &server,
        "/v1/pages/link",
        Some("2"),
        serde_json::json!({"items": ["c"], "next": format!("{base}?page=3")}),
    )
    .await;
    page(
        &server,
        "/v1/pages/link",
        Some("3"),
        serde_json::json!({"items": ["d"]}),
    )
    .await;
    let items: Vec<String> = client(&server)
        .pages_by_link()
        .stream()
        .map(|i| i.expect("item"))
        .collect()
        .await;
    assert_eq!(items, ["a", "b", "c", "d"]);
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 3);
    for request in &requests {
        // The query credential goes with every page, the tenant header too.
        assert!(
            request
                .url
                .query()
                .unwrap_or_default()
                .contains("api_key=secret-query-key"),
            "{}",
            request.url
        );
        assert_eq!(
            request
                .headers
                .get("x-tenant-token")
                .and_then(|v| v.to_str().ok()),
            Some("tenant")
        );
    }
}

#[tokio::test]
async fn link_headers_are_followed() {
    let server = MockServer::start().await;
    let respond = |items: serde_json::Value, link: Option<&str>| {
        let template = ResponseTemplate::new(200).set_body_json(items);
        match link {
            Some(l) => template.insert_header("Link", l),
            None => template,
        }
    };
    Mock::given(path("/v1/pages/header"))
        .and(query_param("page", "2"))
        .respond_with(respond(
            serde_json::json!(["c"]),
            Some(r#"</v1/pages/header?page=1>; rel="prev", </v1/pages/header?page=3>; rel="next""#),
        ))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/pages/header"))
        .and(query_param("page", "3"))
        .respond_with(respond(
            serde_json::json!(["d", "e"]),
            Some(r#"</v1/pages/header?page=2>; rel="prev""#),
        ))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/pages/header"))
        .respond_with(respond(
            serde_json::json!(["a", "b"]),
            Some(r#"</v1/pages/header?page=2>; rel="next", </v1/pages/header?page=3>; rel="last""#),
        ))
        .with_priority(2)
        .mount(&server)
        .await;
    let items: Vec<String> = client(&server)
        .pages_by_header()
        .stream()
        .map(|i| i.expect("item"))
        .collect()
        .await;
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        3
    );
}

#[tokio::test]
async fn cursors_are_sent_back_as_the_parameter() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/pages/cursor"))
        .and(query_param("cursor", "c2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": ["c"], "next_cursor": "c3"})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/pages/cursor"))
        .and(query_param("cursor", "c3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": ["d"], "next_cursor": ""})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/pages/cursor"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": ["a", "b"], "next_cursor": "c2"})),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let items: Vec<String> = client(&server)
        .pages_by_cursor()
        .stream()
        .map(|i| i.expect("item"))
        .collect()
        .await;
    assert_eq!(items, ["a", "b", "c", "d"]);
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 3);
    assert!(
        !requests[0]
            .url
            .query()
            .unwrap_or_default()
            .contains("cursor=")
    );
}

#[tokio::test]
async fn azure_pageable_lists_follow_next_link() {
    let server = MockServer::start().await;
    let base = format!("{}/v1/pages/azure", server.uri());
    page(&server, "/v1/pages/azure", None, serde_json::json!({"value": ["a"], "nextLink": format!("{base}?page=2&api-version=2024-01-01")})).await;
    page(
        &server,
        "/v1/pages/azure",
        Some("2"),
        serde_json::json!({"value": ["b", "c"], "nextLink": format!("{base}?page=3")}),
    )
    .await;
    page(
        &server,
        "/v1/pages/azure",
        Some("3"),
        serde_json::json!({"value": ["d"], "nextLink": null}),
    )
    .await;
    let items = collect(client(&server).pages_azure().stream()).await;
    assert_eq!(
        items,
        [
            Ok("a".to_owned()),
            Ok("b".into()),
            Ok("c".into()),
            Ok("d".into())
        ]
    );
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 3);
    // A link is sent as it is: its own query, not the first request's.
    assert_eq!(
        requests[1].url.query(),
        Some("page=2&api-version=2024-01-01")
    );
}

#[tokio::test]
async fn a_next_link_to_another_origin_ends_the_stream_with_nothing_sent_there() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": ["stolen"]})),
        )
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/pages/link",
        None,
        serde_json::json!({"items": ["a"], "next": format!("{}/collect", elsewhere.uri())}),
    )
    .await;
    let items = collect(client(&server).pages_by_link().stream()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0], Ok("a".to_owned()));
    let error = items[1].as_ref().expect_err("refused");
    assert!(error.contains("another origin"), "{error}");
    assert!(!error.contains("secret-query-key"), "{error}");
    assert!(
        elsewhere
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}
