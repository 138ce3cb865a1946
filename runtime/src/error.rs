//! The error type every operation returns, the success response, and
//! text safe to print from what a server sent.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// What can go wrong when configuring a client or calling an operation.
/// `E` is the operation's typed error body (the spec's error response
/// schema), or a JSON value when the spec gives none.
///
/// Configuration errors ([`ConfigError`]) convert into `Error<E>` for
/// every `E`, so `?` works on `Client::builder()…build()` and on
/// `op.send().await` in one function.
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The client is configured wrongly (an invalid base URL or header
    /// value, a missing credential). Nothing was sent.
    Config(ConfigError),
    /// A value could not be put into the request (for example a header
    /// value with a line break). Nothing was sent.
    InvalidRequest(String),
    /// The request could not be sent or the response not received
    /// (connection refused, timeout, a redirect to another origin, …).
    Transport(TransportError),
    /// The server answered with a status that is not a success.
    Status(Box<ErrorResponse<E>>),
    /// The server answered with success, but the body did not decode.
    Decode(Box<DecodeError>),
    /// A long-running operation ended `Failed` or `Canceled`.
    OperationFailed(Box<OperationFailed>),
    /// The response body is larger than the client's or the request's
    /// limit; reading stopped there.
    BodyTooLarge {
        /// The response's status.
        status: StatusCode,
        /// The limit in bytes.
        limit: u64,
        /// The attempts made.
        attempts: u32,
    },
}

impl<E> Error<E> {
    /// The response status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(response) => Some(response.status),
            Error::Decode(error) => Some(error.status),
            Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport(error) => error.source.status(),
            Error::Config(_) | Error::InvalidRequest(_) | Error::OperationFailed(_) => None,
        }
    }

    /// The response headers, for a non-success status.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Status(response) => Some(&response.headers),
            _ => None,
        }
    }

    /// The raw response body, for a non-success status (at most
    /// [`ERROR_BODY_LIMIT`](super::request::ERROR_BODY_LIMIT) bytes of it).
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Status(response) => Some(&response.body),
            _ => None,
        }
    }

    /// The typed error body, when the server sent one the spec describes.
    pub fn typed(&self) -> Option<&E> {
        match self {
            Error::Status(response) => response.typed.as_ref(),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_timeout())
    }

    /// Whether no connection could be made (the request never reached
    /// the server).
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_connect())
    }

    /// Whether a redirect was refused: to another origin, or too many.
    pub fn is_redirect(&self) -> bool {
        matches!(self, Error::Transport(error) if error.source.is_redirect())
    }

    /// How long the server asked the client to wait before trying again
    /// (`Retry-After`, or a rate-limit reset header), when it did. When
    /// this is longer than the retry policy waits, the error is returned
    /// at once and this says when to try again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Status(response) => response.retry_after,
            _ => None,
        }
    }

    /// How many times the request was sent (0 when it never was).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Status(response) => response.attempts,
            Error::Decode(error) => error.attempts,
            Error::Transport(error) => error.attempts,
            Error::BodyTooLarge { attempts, .. } => *attempts,
            Error::OperationFailed(failed) => failed.polls,
            Error::Config(_) | Error::InvalidRequest(_) => 0,
        }
    }
}

impl<E> From<ConfigError> for Error<E> {
    fn from(error: ConfigError) -> Self {
        Error::Config(error)
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(error) => fmt::Display::fmt(error, f),
            Error::InvalidRequest(message) => {
                write!(f, "invalid request: {}", printable(message, MAX_MESSAGE))
            }
            Error::Transport(error) => fmt::Display::fmt(error, f),
            Error::Status(response) => {
                write!(f, "the server answered {}", response.status)?;
                if response.attempts > 1 {
                    write!(f, " (after {} attempts)", response.attempts)?;
                }
                if let Some(wait) = response.retry_after {
                    write!(f, " and asked to retry after {}", duration(wait))?;
                }
                write!(f, ": {}", excerpt(&response.body))
            }
            Error::Decode(error) => fmt::Display::fmt(error, f),
            Error::OperationFailed(failed) => write!(
                f,
                "the long-running operation ended {:?} after {} polls: {}",
                printable(&failed.state, MAX_MESSAGE),
                failed.polls,
                excerpt(&failed.body)
            ),
            Error::BodyTooLarge { status, limit, .. } => write!(
                f,
                "the {status} response body is larger than the {} limit (raise it with `max_body_size`)",
                bytes(*limit)
            ),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(error) => f.debug_tuple("Config").field(error).finish(),
            Error::InvalidRequest(message) => f
                .debug_tuple("InvalidRequest")
                .field(&printable(message, MAX_MESSAGE))
                .finish(),
            Error::Transport(error) => f.debug_tuple("Transport").field(error).finish(),
            Error::Status(response) => f.debug_tuple("Status").field(response).finish(),
            Error::Decode(error) => f.debug_tuple("Decode").field(error).finish(),
            Error::OperationFailed(failed) => {
                f.debug_tuple("OperationFailed").field(failed).finish()
            }
            Error::BodyTooLarge {
                status,
                limit,
                attempts,
            } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("limit", limit)
                .field("attempts", attempts)
                .finish(),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Config(error) => Some(error),
            Error::Transport(error) => Some(&error.source),
            Error::Decode(error) => Some(&error.source),
            _ => None,
        }
    }
}

/// A client configured wrongly: an invalid base URL or header value, a
/// missing required credential, or an HTTP client that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
        }
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid client configuration: {}",
            printable(&self.message, MAX_MESSAGE)
        )
    }
}

impl std::error::Error for ConfigError {}

/// A request that could not be sent, or whose response could not be
/// received.
#[derive(Debug)]
pub struct TransportError {
    source: reqwest::Error,
    timeout: Option<Duration>,
    /// The attempts made.
    pub(super) attempts: u32,
}

impl TransportError {
    /// Wraps reqwest's error (without its URL, which may carry a query
    /// credential), with the timeout the request ran under.
    pub fn new(source: reqwest::Error, timeout: Option<Duration>) -> Self {
        TransportError {
            source: source.without_url(),
            timeout,
            attempts: 1,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }

    /// reqwest's error.
    pub fn inner(&self) -> &reqwest::Error {
        &self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.attempts > 1 {
            write!(f, "{} attempts failed; the last: ", self.attempts)?;
        }
        if self.is_timeout() {
            return match self.timeout {
                Some(timeout) => write!(f, "timed out after {}", duration(timeout)),
                None => f.write_str("timed out"),
            };
        }
        // reqwest's own text is generic ("error sending request"); the
        // cause at the end of the chain says what happened.
        let mut cause: &dyn std::error::Error = &self.source;
        while let Some(next) = cause.source() {
            cause = next;
        }
        let cause = printable(&cause.to_string(), MAX_MESSAGE);
        if self.is_connect() {
            write!(f, "could not connect: {cause}")
        } else if self.source.is_redirect() {
            write!(f, "redirect not followed: {cause}")
        } else {
            let what = printable(&self.source.to_string(), MAX_MESSAGE);
            if what == cause {
                write!(f, "transport error: {what}")
            } else {
                write!(f, "transport error: {what}: {cause}")
            }
        }
    }
}

/// A response with a non-success status.
#[non_exhaustive]
#[derive(Clone)]
pub struct ErrorResponse<E> {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body (at most
    /// [`ERROR_BODY_LIMIT`](super::request::ERROR_BODY_LIMIT) bytes of it).
    pub body: Vec<u8>,
    /// The body decoded as the spec's error type, when it decodes.
    pub typed: Option<E>,
    /// How many times the request was sent.
    pub attempts: u32,
    /// The wait the server asked for before another attempt.
    pub retry_after: Option<Duration>,
}

impl<E: fmt::Debug> fmt::Debug for ErrorResponse<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &excerpt(&self.body))
            .field("typed", &self.typed)
            .field("attempts", &self.attempts)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

/// A long-running operation that ended `Failed` or `Canceled`.
#[non_exhaustive]
pub struct OperationFailed {
    /// The final state, in lower case (`failed`, `canceled`).
    pub state: String,
    /// The status monitor's last body (its `error` says why).
    pub body: Vec<u8>,
    /// How many times the status was polled.
    pub polls: u32,
}

impl fmt::Debug for OperationFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationFailed")
            .field("state", &self.state)
            .field("body", &excerpt(&self.body))
            .field("polls", &self.polls)
            .finish()
    }
}

/// A success response: the decoded body with the status and headers
/// (from an operation builder's `send_with_headers()`).
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The status code.
    pub status: StatusCode,
    /// The response headers (rate limits, pagination links, `ETag`, …).
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// The decoded body alone.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A success response whose body did not decode.
#[non_exhaustive]
pub struct DecodeError {
    /// The status code.
    pub status: StatusCode,
    /// The start of the body, as printable text.
    pub excerpt: String,
    /// What serde reported.
    pub source: serde_json::Error,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("excerpt", &self.excerpt)
            .field("source", &self.source)
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the {} response body ({}): {}",
            self.status, self.source, self.excerpt
        )
    }
}

/// The most characters of a message printed.
const MAX_MESSAGE: usize = 1024;
/// The most bytes of a body printed.
pub const MAX_EXCERPT: usize = 512;

/// The start of a body as printable text: at most [`MAX_EXCERPT`] bytes,
/// decoded lossily, with control characters escaped, and the size when
/// cut.
pub fn excerpt(body: &[u8]) -> String {
    let head = body.get(..MAX_EXCERPT).unwrap_or(body);
    let text = printable(&String::from_utf8_lossy(head), usize::MAX);
    if body.len() > MAX_EXCERPT {
        format!("{text}… ({} bytes in all)", body.len())
    } else {
        text
    }
}

/// `text` safe to print in a terminal or a log line: control characters
/// (CR, LF, ESC, NUL, …) and Unicode direction overrides escaped as
/// `\n`, `\u{1b}`, …; cut after `max` characters.
pub fn printable(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max));
    for (count, c) in text.chars().enumerate() {
        if count == max {
            out.push('…');
            break;
        }
        if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A size for people: `64 MiB`, `1500 bytes`.
pub fn bytes(size: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    const KIB: u64 = 1024;
    if size >= MIB && size.is_multiple_of(MIB) {
        format!("{} MiB", size / MIB)
    } else if size >= KIB && size.is_multiple_of(KIB) {
        format!("{} KiB", size / KIB)
    } else {
        format!("{size} bytes")
    }
}

/// A duration for people: `300 ms`, `30 s`, `1.5 s`.
pub fn duration(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}
