//! The client generated from `tests/fixtures/azure.yaml` (Azure's x-ms-*
//! extensions) against a loopback server: client-level settings with the
//! spec's api-version, renamed parameters and properties, named enums,
//! paths with a fixed query, already-encoded path values, pageable lists
//! and long-running operations polled to success and to failure.

use std::time::Duration;

use azure_client::{Client, Error, RetryPolicy, types};
use futures::StreamExt;
use wiremock::matchers::{any, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .endpoint(server.uri())
        .subscription_id("sub-1")
        .azure_auth("token-1")
        .retry(RetryPolicy::default().backoff(Duration::from_millis(2), Duration::from_millis(5)))
        .build()
        .expect("client")
}

fn json(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[test]
fn client_settings_the_spec_requires_are_asked_for_at_build() {
    let missing = Client::builder()
        .azure_auth("t")
        .build()
        .expect_err("no subscription id");
    assert!(missing.message().contains("subscriptionId"), "{missing}");
    assert!(missing.message().contains("subscription_id"), "{missing}");
    // The base URL comes from the `endpoint` host parameter…
    let no_endpoint = Client::builder()
        .azure_auth("t")
        .subscription_id("s")
        .build()
        .expect_err("no endpoint");
    assert!(
        no_endpoint.message().contains("ClientBuilder::endpoint"),
        "{no_endpoint}"
    );
    let c = Client::builder()
        .azure_auth("t")
        .subscription_id("s")
        .endpoint("https://widgets.example.com")
        .build()
        .expect("client");
    assert_eq!(c.base_url(), "https://widgets.example.com");
    for bad in [
        "https://a b.example.com",
        "https://evil@example.com",
        "ftp://x",
    ] {
        assert!(
            Client::builder()
                .azure_auth("t")
                .subscription_id("s")
                .endpoint(bad)
                .build()
                .is_err(),
            "{bad}"
        );
    }
    // …unless the builder sets the base URL itself.
    let c = Client::builder()
        .base_url("https://other.example.com/")
        .expect("url")
        .azure_auth("t")
        .subscription_id("s")
        .build()
        .expect("client");
    assert_eq!(c.base_url(), "https://other.example.com");
}

#[tokio::test]
async fn client_settings_renamed_parameters_and_named_enums_reach_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/subscriptions/sub-1/resourceGroups/group-a/widgets"))
        .and(query_param("api-version", "2024-01-01"))
        .and(query_param("color", "red"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(json(serde_json::json!({
            "value": [{"name": "w1", "properties": {"color": "green", "provisioningState": "Succeeded"}}]
        })))
        .mount(&server)
        .await;
    let c = client(&server);
    // `resourceGroupName` is `group_name` (x-ms-client-name); the
    // x-ms-enum value `red` is named `Crimson`.
    let widgets: Vec<types::Widget> = c
        .widgets_list("group-a")
        .color(types::WidgetColor::Crimson)
        .stream()
        .map(|w| w.expect("widget"))
        .collect()
        .await;
    assert_eq!(widgets.len(), 1);
    let properties = widgets[0].properties.as_ref().expect("properties");
    assert_eq!(properties.color, Some(types::WidgetColor::Green));
    // `provisioningState` is `state` (x-ms-client-name).
    assert_eq!(properties.state.as_deref(), Some("Succeeded"));

    // The api version can be set, replacing the spec's.
    let newer = Client::builder()
        .endpoint(server.uri())
        .subscription_id("sub-1")
        .azure_auth("token-1")
        .api_version("2025-05-05")
        .build()
        .expect("client");
    let _ = newer.widgets_list("group-a").send().await;
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(
        requests.last().and_then(|r| r.url.query()),
        Some("api-version=2025-05-05")
    );
}

#[tokio::test]
async fn one_enum_serves_every_place_that_names_it() {
    let server = MockServer::start().await;
    Mock::given(path("/colors"))
        .respond_with(json(serde_json::json!({"colors": ["red", "blue"]})))
        .mount(&server)
        .await;
    // x-ms-pageable with nextLinkName null: one page.
    let colors: Vec<types::WidgetColor> = client(&server)
        .colors_list()
        .stream()
        .map(|c| c.expect("color"))
        .collect()
        .await;
    assert_eq!(
        colors,
        [
            types::WidgetColor::Crimson,
            types::WidgetColor::Other("blue".into())
        ]
    );
}

#[tokio::test]
async fn paths_with_a_fixed_query_tell_operations_apart() {
    let server = MockServer::start().await;
    Mock::given(path("/shelf"))
        .and(query_param("comp", "list"))
        .respond_with(json(serde_json::json!(["a", "b"])))
        .mount(&server)
        .await;
    Mock::given(path("/shelf"))
        .and(query_param("comp", "stats"))
        .respond_with(json(serde_json::json!({"count": 2})))
        .mount(&server)
        .await;
    let c = client(&server);
    assert_eq!(c.shelf_list().send().await.expect("list"), ["a", "b"]);
    let stats = c.shelf_stats().send().await.expect("stats");
    assert_eq!(stats.count, Some(2));
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests[1].url.query(), Some("comp=stats&detail="));
}

#[tokio::test]
async fn already_encoded_resource_ids_are_sent_as_they_are() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json(serde_json::json!({"name": "w1"})))
        .mount(&server)
        .await;
    let c = client(&server);
    c.resources_get_by_id("subscriptions/sub-1/resourceGroups/g/providers/A.B%2FC/widgets/w1")
        .send()
        .await
        .expect("sent");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(
        requests[0].url.path(),
        "/subscriptions/sub-1/resourceGroups/g/providers/A.B%2FC/widgets/w1"
    );
    for bad in ["subscriptions/../secrets", "a?b=1", "a#b", "a\r\nb"] {
        let error = c
            .resources_get_by_id(bad)
            .send()
            .await
            .expect_err("refused");
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{bad:?}: {error:?}"
        );
    }
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        1
    );
}

fn widget() -> types::Widget {
    let mut widget = types::Widget::default();
    widget.name = Some("w1".into());
    widget
}

#[tokio::test]
async fn a_long_running_put_is_polled_to_success() {
    let server = MockServer::start().await;
    let resource = "/subscriptions/sub-1/resourceGroups/g/widgets/w1";
    Mock::given(method("PUT"))
        .and(path(resource))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("Azure-AsyncOperation", format!("{}/operations/op-1", server.uri()).as_str())
                .set_body_json(serde_json::json!({"name": "w1", "properties": {"provisioningState": "Creating"}})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/operations/op-1"))
        .respond_with(
            json(serde_json::json!({"status": "InProgress"})).insert_header("Retry-After", "0"),
        )
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/operations/op-1"))
        .respond_with(json(serde_json::json!({"status": "Succeeded"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(resource))
        .respond_with(json(
            serde_json::json!({"name": "w1", "properties": {"provisioningState": "Succeeded"}}),
        ))
        .mount(&server)
        .await;
    let done = client(&server)
        .widgets_create_or_update("g", "w1", widget())
        .wait()
        .await
        .expect("succeeded");
    assert_eq!(
        done.properties.and_then(|p| p.state).as_deref(),
        Some("Succeeded")
    );
    let requests = server.received_requests().await.expect("recording");
    let lines: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(
        lines,
        [
            format!("PUT {resource}"),
            "GET /operations/op-1".to_owned(),
            "GET /operations/op-1".to_owned(),
            "GET /operations/op-1".to_owned(),
            format!("GET {resource}"),
        ]
    );
    // Every poll carries the credential (same origin).
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get("authorization").is_some())
    );
}

#[tokio::test]
async fn a_long_running_put_that_fails_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(201).insert_header("Azure-AsyncOperation", "/operations/op-2"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/operations/op-2"))
        .respond_with(json(
            serde_json::json!({"status": "Failed", "error": {"code": "QuotaExceeded"}}),
        ))
        .mount(&server)
        .await;
    let error = client(&server)
        .widgets_create_or_update("g", "w1", widget())
        .wait()
        .await
        .expect_err("failed");
    let Error::OperationFailed(failed) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(failed.state, "failed");
    assert!(error.to_string().contains("QuotaExceeded"), "{error}");
}

#[tokio::test]
async fn a_long_running_delete_is_polled_through_location() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(202).insert_header("Location", "/results/del-1"))
        .mount(&server)
        .await;
    Mock::given(path("/results/del-1"))
        .respond_with(ResponseTemplate::new(202))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/results/del-1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let outcome = client(&server)
        .widgets_delete("g", "w1")
        .wait()
        .await
        .expect("deleted");
    assert_eq!(outcome, types::WidgetsDeleteResponse::NoContent);
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        3
    );
}
