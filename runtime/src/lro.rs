//! Long-running operations (Azure's `x-ms-long-running-operation`): send
//! the request, then poll the status monitor the server names
//! (`Azure-AsyncOperation` or `Operation-Location`, else `Location`) until
//! the operation ends, and fetch its result the way the spec says
//! (`final-state-via`). Every poll goes through the client (credentials,
//! retries, limits), only within the base URL's origin; between polls the
//! client waits what the server asks (`Retry-After`) or the retry
//! policy's backoff.

use std::time::SystemTime;

use reqwest::{Method, StatusCode};

use super::error::{Error, OperationFailed};
use super::request::{Failure, Raw};
use super::retry::{self, RetryPolicy};

/// Where the result of a finished operation is
/// (`x-ms-long-running-operation-options: final-state-via`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalState {
    /// AutoRest's default: the original URL for `PUT` and `PATCH`, the
    /// initial response's `Location` for others (when it has one), else
    /// the status monitor's last response.
    Default,
    /// The status monitor's last response.
    AzureAsyncOperation,
    /// The initial response's `Location`.
    Location,
    /// The original URL.
    OriginalUri,
}

/// A status monitor's state, in lower case, from its JSON body
/// (`{"status": "InProgress"}`); `None` when the body says none.
pub fn state(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value
        .get("status")
        .and_then(serde_json::Value::as_str)
        .map(str::to_ascii_lowercase)
}

/// Whether a state ends the operation, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Still running.
    No,
    /// Succeeded.
    Succeeded,
    /// Failed or canceled.
    Failed,
}

/// How a status monitor's state (lower case) ends the operation.
pub fn ended(state: &str) -> Ended {
    match state {
        "succeeded" => Ended::Succeeded,
        "failed" | "canceled" | "cancelled" => Ended::Failed,
        _ => Ended::No,
    }
}

/// Runs a long-running operation to its end. `initial` is the sent
/// request; `poll` sends a `GET` to a link (followed only within the base
/// URL's origin); `decode` turns the final response into the operation's
/// result (or its typed error, for a non-success status).
pub async fn wait<T, E, P, Fut, D>(
    method: Method,
    final_state: FinalState,
    policy: RetryPolicy,
    initial: impl Future<Output = Result<Raw, Failure>>,
    poll: P,
    decode: D,
) -> Result<T, Error<E>>
where
    P: Fn(String) -> Fut,
    Fut: Future<Output = Result<Raw, Failure>>,
    D: FnOnce(Raw) -> Result<T, Error<E>>,
{
    let first = initial.await?;
    if !first.status().is_success() {
        return decode(first);
    }
    let original = first.url().map(ToString::to_string);
    let monitor = first
        .header("azure-asyncoperation")
        .or_else(|| first.header("operation-location"));
    let location = first.header("location");
    let (mut link, by_state) = match (monitor, &location) {
        (Some(link), _) => (link, true),
        (None, Some(link)) => (link.clone(), false),
        // Nothing to poll: the first response is the result.
        (None, None) => return decode(first),
    };
    let mut asked = first.retry_after();
    let mut polls = 0u32;
    let last = loop {
        polls = polls.saturating_add(1);
        let wait = asked
            .filter(|wait| !policy.too_long(*wait))
            .unwrap_or_else(|| policy.backoff_for(polls, retry::random()));
        tokio::time::sleep(wait).await;
        let raw = poll(link.clone()).await?;
        if !raw.status().is_success() {
            return decode(raw);
        }
        asked = retry::retry_after(raw.headers(), SystemTime::now());
        if by_state {
            let now = state(raw.body());
            match now.as_deref().map(ended) {
                Some(Ended::Succeeded) => break raw,
                Some(Ended::Failed) => {
                    return Err(Error::OperationFailed(Box::new(OperationFailed {
                        state: now.unwrap_or_default(),
                        body: raw.into_body(),
                        polls,
                    })));
                }
                _ => {}
            }
        } else if raw.status() != StatusCode::ACCEPTED {
            // Polling `Location`: anything but 202 is the result.
            return decode(raw);
        } else if let Some(next) = raw.header("location") {
            link = next;
        }
    };
    let result = match final_state {
        FinalState::OriginalUri => original,
        FinalState::Location => location,
        FinalState::AzureAsyncOperation => None,
        FinalState::Default if matches!(method, Method::PUT | Method::PATCH) => original,
        FinalState::Default => location,
    };
    match result {
        Some(link) => decode(poll(link).await?),
        None => decode(last),
    }
}
