//! When and how long to wait before sending a request again.
//!
//! The policy: a request is sent again after a connection failure, a
//! timeout, or a `408`, `429`, `502`, `503` or `504` answer, when sending it
//! twice does no harm: its method is idempotent (`GET`, `HEAD`, `PUT`,
//! `DELETE`, `OPTIONS`, `TRACE`), or it carries an `Idempotency-Key`, or
//! the spec marks the operation idempotent. Any request is sent again when
//! no connection could be made, since it never reached the server. Between
//! attempts the client waits for exponential backoff with jitter, or for
//! what the server asked (`Retry-After`, `RateLimit-Reset`), unless that
//! is longer than the policy's cap: then the error is returned at once,
//! with the delay readable from [`Error::retry_after`](super::error::Error::retry_after).

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// How a client retries. The default: at most 3 attempts in all,
/// backoff from 200 ms doubling up to 5 s with jitter, and no wait longer
/// than 60 s for a server's `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets the most attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff before the second attempt; it doubles for each
    /// attempt after that, up to `max`. The wait is between half of it and
    /// all of it (jitter).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Sets the longest wait a server may ask for (`Retry-After`); when it
    /// asks for more, the error is returned at once.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// The most attempts in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1` (after `attempt` failures,
    /// from 1) when the server asked for nothing: the backoff doubled per
    /// attempt and capped, then scaled into its upper half by `random`.
    pub fn backoff_for(&self, attempt: u32, random: u64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        let full = self
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        let half = full / 2;
        // `random` in [0, 2^64) maps onto [0, half].
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let extra = u128::from(nanos) * u128::from(random) / u128::from(u64::MAX);
        half + Duration::from_nanos(u64::try_from(extra).unwrap_or(nanos))
    }

    /// Whether a wait the server asked for is too long to wait.
    pub fn too_long(&self, wait: Duration) -> bool {
        wait > self.max_retry_after
    }
}

/// Whether sending a request twice has the effect of sending it once.
pub fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Whether a response status is worth another attempt.
pub fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// The wait a response asks for: `Retry-After` in seconds or as an HTTP
/// date, else `RateLimit-Reset` (seconds), else `X-RateLimit-Reset` when
/// it is a Unix time (as GitHub sends; a small number could mean seconds
/// or a time, so it is not used). `now` is the current time.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(value) = text("retry-after") {
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        if let Ok(when) = httpdate::parse_http_date(value) {
            return Some(when.duration_since(now).unwrap_or(Duration::ZERO));
        }
    }
    if let Some(seconds) = text("ratelimit-reset").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_secs(seconds));
    }
    let epoch = text("x-ratelimit-reset")
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&seconds| seconds >= 1_000_000_000)?;
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(epoch);
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A number for jitter, different on every call (not for cryptography).
pub fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}
