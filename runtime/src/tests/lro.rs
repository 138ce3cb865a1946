use std::time::Duration;

use reqwest::Method;

use super::server::{response, serve};
use crate::error::Error;
use crate::lro::{Ended, FinalState, ended, state, wait};
use crate::request::{
    DEFAULT_CONNECT_TIMEOUT, Options, Raw, Request, Settings, http_client, json_error, send,
};
use crate::retry::RetryPolicy;

#[test]
fn states_and_how_they_end() {
    assert_eq!(
        state(br#"{"status":"InProgress"}"#).as_deref(),
        Some("inprogress")
    );
    assert_eq!(state(br#"{"status":1}"#), None);
    assert_eq!(state(b"not json"), None);
    for (text, want) in [
        ("succeeded", Ended::Succeeded),
        ("failed", Ended::Failed),
        ("canceled", Ended::Failed),
        ("cancelled", Ended::Failed),
        ("inprogress", Ended::No),
        ("accepted", Ended::No),
    ] {
        assert_eq!(ended(text), want, "{text}");
    }
}

fn quick() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2))
}

/// Runs `wait` for a PUT against a server answering `responses` in turn.
async fn run(
    responses: Vec<Vec<u8>>,
    final_state: FinalState,
) -> (Result<serde_json::Value, Error>, Vec<String>) {
    let server = serve(responses).await;
    let http = http_client(DEFAULT_CONNECT_TIMEOUT).unwrap();
    let settings = Settings {
        retry: quick(),
        ..Settings::new()
    };
    let mut first = Request::new(Method::PUT, "op", "/w", None);
    first.path("/widgets/w1");
    let poll = |link: String| {
        let mut request = Request::new(Method::GET, "op", "/w", None);
        request.options(Options {
            link: Some(link),
            ..Options::default()
        });
        send(&http, &server.url, &settings, request)
    };
    let result = wait(
        Method::PUT,
        final_state,
        quick(),
        send(&http, &server.url, &settings, first),
        poll,
        |raw: Raw| raw.json(json_error),
    )
    .await;
    let seen = server
        .requests
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.lines().next().unwrap_or_default().to_owned())
        .collect();
    (result, seen)
}

#[tokio::test]
async fn an_async_operation_is_polled_then_the_original_url_read() {
    let (result, seen) = run(
        vec![
            response("201 Created", &["Azure-AsyncOperation: {url}/ops/1"], b"{}"),
            response("200 OK", &[], br#"{"status":"InProgress"}"#),
            response("200 OK", &["Retry-After: 0"], br#"{"status":"Succeeded"}"#),
            response("200 OK", &[], br#"{"name":"w1"}"#),
        ],
        FinalState::Default,
    )
    .await;
    assert_eq!(result.unwrap(), serde_json::json!({"name": "w1"}));
    assert_eq!(
        seen,
        [
            "PUT /widgets/w1 HTTP/1.1",
            "GET /ops/1 HTTP/1.1",
            "GET /ops/1 HTTP/1.1",
            "GET /widgets/w1 HTTP/1.1"
        ]
    );
}

#[tokio::test]
async fn a_failed_operation_is_an_error_with_its_body() {
    let (result, _) = run(
        vec![
            response("202 Accepted", &["Operation-Location: /ops/2"], b""),
            response(
                "200 OK",
                &[],
                br#"{"status":"Failed","error":{"code":"Quota"}}"#,
            ),
        ],
        FinalState::Default,
    )
    .await;
    let error = result.unwrap_err();
    let Error::OperationFailed(failed) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(failed.state, "failed");
    assert_eq!(failed.polls, 1);
    assert!(
        error.to_string().contains("\"failed\" after 1 polls"),
        "{error}"
    );
    assert!(error.to_string().contains("Quota"), "{error}");
}

#[tokio::test]
async fn location_polling_ends_at_the_first_answer_that_is_not_202() {
    let (result, seen) = run(
        vec![
            response("202 Accepted", &["Location: /results/3"], b""),
            response("202 Accepted", &["Location: /results/3?again"], b""),
            response("200 OK", &[], br#"{"done":true}"#),
        ],
        FinalState::Default,
    )
    .await;
    assert_eq!(result.unwrap(), serde_json::json!({"done": true}));
    assert_eq!(seen[2], "GET /results/3?again HTTP/1.1");
}

#[tokio::test]
async fn an_answer_with_nothing_to_poll_is_the_result_and_errors_are_typed() {
    let (result, seen) = run(
        vec![response("200 OK", &[], br#"{"now":1}"#)],
        FinalState::Default,
    )
    .await;
    assert_eq!(result.unwrap(), serde_json::json!({"now": 1}));
    assert_eq!(seen.len(), 1);

    let (result, _) = run(
        vec![
            response("201 Created", &["Azure-AsyncOperation: /ops/9"], b""),
            response("404 Not Found", &[], br#"{"code":"Gone"}"#),
        ],
        FinalState::Default,
    )
    .await;
    let error = result.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.typed(), Some(&serde_json::json!({"code": "Gone"})));
}

#[tokio::test]
async fn a_monitor_on_another_origin_is_never_polled() {
    let (result, seen) = run(
        vec![response(
            "201 Created",
            &["Azure-AsyncOperation: https://elsewhere.example/ops/1"],
            b"",
        )],
        FinalState::Default,
    )
    .await;
    let error = result.unwrap_err();
    assert!(error.to_string().contains("another origin"), "{error}");
    assert_eq!(seen.len(), 1);
}
