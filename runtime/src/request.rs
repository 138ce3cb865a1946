//! Building a request, sending it and reading the response, shared by
//! every operation. An operation describes its request with [`Request`];
//! the client sends it with [`send`]; the operation decodes the [`Raw`]
//! response.
//!
//! Two rules protect credentials and memory:
//! - redirects are followed only within the origin (scheme, host and
//!   port) of the request ([`redirect_policy`]), so nothing the client
//!   adds as a credential reaches another server;
//! - bodies are read up to a limit ([`DEFAULT_MAX_BODY_SIZE`] unless the
//!   client or the request sets another), into one buffer.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use super::error::{ConfigError, DecodeError, Error, ErrorResponse, Response, TransportError};
use super::param::{ToParam, join};
use super::retry::{self, RetryPolicy};

/// The most response body a client reads unless told otherwise: 64 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 64 * 1024 * 1024;

/// The most of a non-success response's body that is read (1 MiB, or
/// the body limit when that is smaller); the rest is not read.
pub const ERROR_BODY_LIMIT: u64 = 1024 * 1024;

/// The most redirects followed for one request (all within its origin).
pub const MAX_REDIRECTS: usize = 10;

/// Characters left as they are in a path segment; everything else is
/// percent-encoded, so a value can never add a segment, a query or a
/// fragment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Why a request could not be made or its response read.
#[derive(Debug)]
pub enum Failure {
    /// A value could not be put into the request; nothing was sent.
    Invalid(String),
    /// Sending or receiving failed.
    Transport(TransportError),
    /// The body is larger than the limit.
    TooLarge {
        /// The response's status.
        status: StatusCode,
        /// The limit in bytes.
        limit: u64,
        /// The attempts made.
        attempts: u32,
    },
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Invalid(message) => Error::InvalidRequest(message),
            Failure::Transport(error) => Error::Transport(error),
            Failure::TooLarge {
                status,
                limit,
                attempts,
            } => Error::BodyTooLarge {
                status,
                limit,
                attempts,
            },
        }
    }
}

/// A request body encoded when sent (multipart forms). `apply` takes
/// `&self`, so the body can be sent again.
pub trait Encode: Send + Sync {
    /// Puts the body on the request, or says why it cannot.
    fn apply(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, String>;
}

/// The body of a request.
enum Body {
    None,
    Bytes(Vec<u8>, &'static str),
    Form(Vec<(&'static str, String)>),
    Encoded(Box<dyn Encode>),
}

/// Credentials that reqwest encodes itself.
enum Auth {
    Basic(String, String),
    Bearer(String),
}

/// Settings of one request that override the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// How long the whole request may take.
    pub timeout: Option<Duration>,
    /// The most response body read, in bytes.
    pub max_body_size: Option<u64>,
    /// How the request is retried.
    pub retry: Option<RetryPolicy>,
    /// A next page's link (from the previous page) to send the request
    /// to instead of its own path and query; followed only within the
    /// base URL's origin.
    pub link: Option<String>,
}

/// A function that sees, and may change, every request just before it is
/// sent (each attempt): to sign it, add headers, count it.
pub type RequestHook = Arc<dyn Fn(&mut reqwest::Request) + Send + Sync>;

/// A function that sees the status of every response (each attempt).
pub type ResponseHook = Arc<dyn Fn(StatusCode) + Send + Sync>;

/// The client's settings for every request.
#[derive(Clone)]
pub struct Settings {
    /// How long a whole request may take.
    pub timeout: Duration,
    /// The most response body read, in bytes.
    pub max_body_size: u64,
    /// How requests are retried.
    pub retry: RetryPolicy,
    /// Called with every request before it is sent.
    pub on_request: Option<RequestHook>,
    /// Called with every response's status.
    pub on_response: Option<ResponseHook>,
}

impl Settings {
    /// The defaults: a 30 s timeout, a 64 MiB body limit, the default
    /// retry policy and no hooks.
    pub fn new() -> Self {
        Settings {
            timeout: Duration::from_secs(30),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            retry: RetryPolicy::default(),
            on_request: None,
            on_response: None,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hook = |set: bool| if set { "set" } else { "none" };
        f.debug_struct("Settings")
            .field("timeout", &self.timeout)
            .field("max_body_size", &self.max_body_size)
            .field("retry", &self.retry)
            .field("on_request", &hook(self.on_request.is_some()))
            .field("on_response", &hook(self.on_response.is_some()))
            .finish()
    }
}

/// A request under construction.
pub struct Request {
    method: Method,
    operation: &'static str,
    template: &'static str,
    idempotent: bool,
    path: String,
    query: Vec<(String, String)>,
    credential_query: Vec<(&'static str, String)>,
    headers: HeaderMap,
    body: Body,
    auth: Option<Auth>,
    options: Options,
    invalid: Option<String>,
}

impl Request {
    /// A request with no parameters yet, for the operation with this id
    /// and path template (named in traces, never with values).
    pub fn new(
        method: Method,
        operation: &'static str,
        template: &'static str,
        accept: Option<&'static str>,
    ) -> Self {
        let mut headers = HeaderMap::new();
        if let Some(accept) = accept {
            headers.insert(header::ACCEPT, HeaderValue::from_static(accept));
        }
        Request {
            method,
            operation,
            template,
            idempotent: false,
            path: String::new(),
            query: Vec::new(),
            credential_query: Vec::new(),
            headers,
            body: Body::None,
            auth: None,
            options: Options::default(),
            invalid: None,
        }
    }

    /// Records why the request cannot be sent (the first reason wins).
    pub fn refuse(&mut self, message: String) {
        if self.invalid.is_none() {
            self.invalid = Some(message);
        }
    }

    /// Uses these settings instead of the client's.
    pub fn options(&mut self, options: Options) {
        self.options = options;
    }

    /// Marks the request safe to send twice although its method is not
    /// idempotent (the spec says so of the operation).
    pub fn idempotent(&mut self) {
        self.idempotent = true;
    }

    /// The operation's id and path template.
    pub fn operation(&self) -> (&'static str, &'static str) {
        (self.operation, self.template)
    }

    /// Appends literal path text (already encoded by the generator).
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter, percent-encoded as part of one segment.
    /// A value that is the whole segment may not be empty, `.` or `..`.
    pub fn path_param(&mut self, name: &str, value: &str, whole_segment: bool) {
        if whole_segment && matches!(value, "" | "." | "..") {
            self.refuse(format!(
                "path parameter `{name}` is {value:?}, which would change the path"
            ));
            return;
        }
        self.path.extend(utf8_percent_encode(value, SEGMENT));
    }

    /// Appends a path parameter whose value is already encoded
    /// (`x-ms-skip-url-encoding`): sent as it is, `/` included, but a value
    /// with a `.` or `..` segment, a control character, a space, `?` or
    /// `#` is refused, so it can neither climb the path nor start a query.
    pub fn path_raw(&mut self, name: &str, value: &str, whole_segment: bool) {
        let climbs = value
            .split('/')
            .any(|segment| matches!(segment, "." | ".."));
        let breaks = value
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '?' | '#'));
        if (whole_segment && value.is_empty()) || climbs || breaks {
            self.refuse(format!(
                "path parameter `{name}` is {value:?}, which would change the path"
            ));
            return;
        }
        self.path.push_str(value);
    }

    /// Adds a query parameter; the value is form-encoded when sent.
    pub fn query(&mut self, name: &str, value: String) {
        self.query.push((name.to_owned(), value));
    }

    /// Adds a credential sent as a query parameter (kept when the request
    /// follows a next page's link, unless the link has it already).
    pub fn query_credential(&mut self, name: &'static str, value: String) {
        self.credential_query.push((name, value));
    }

    /// Adds a header; a value with control characters is refused.
    /// `sensitive` keeps it out of `Debug` output. A request with an
    /// `Idempotency-Key` may be retried whatever its method.
    pub fn header(&mut self, name: &'static str, value: &str, sensitive: bool) {
        let Ok(key) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.refuse(format!("`{name}` is not a valid header name"));
        };
        if name.eq_ignore_ascii_case("idempotency-key") {
            self.idempotent = true;
        }
        match HeaderValue::from_str(value) {
            Ok(mut header) => {
                header.set_sensitive(sensitive);
                self.headers.append(key, header);
            }
            Err(_) => self.refuse(format!(
                "the value of header `{name}` contains characters a header cannot carry (such as CR or LF)"
            )),
        }
    }

    /// Sets a header from a value checked when the client was built.
    pub fn header_value(&mut self, name: &'static str, value: &HeaderValue) {
        match HeaderName::from_bytes(name.as_bytes()) {
            Ok(key) => {
                self.headers.insert(key, value.clone());
            }
            Err(_) => self.refuse(format!("`{name}` is not a valid header name")),
        }
    }

    /// Sets a JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body = Body::Bytes(bytes, "application/json"),
            Err(error) => self.refuse(format!("the body cannot be encoded as JSON: {error}")),
        }
    }

    /// Sets a raw body with its media type.
    pub fn raw(&mut self, bytes: Vec<u8>, content_type: &'static str) {
        self.body = Body::Bytes(bytes, content_type);
    }

    /// Adds a url-encoded form field.
    pub fn form(&mut self, name: &'static str, value: String) {
        match &mut self.body {
            Body::Form(fields) => fields.push((name, value)),
            _ => self.body = Body::Form(vec![(name, value)]),
        }
    }

    /// Adds a query parameter when it has a value (`None`: an optional
    /// parameter not set).
    pub fn query_opt<T: ToParam + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.query(name, value.to_param());
        }
    }

    /// Adds a list query parameter when it has a value: its items joined
    /// with `separator`, or one pair per item when it is `None`
    /// (`collectionFormat: multi`).
    pub fn query_list<T: ToParam>(
        &mut self,
        name: &str,
        values: Option<&[T]>,
        separator: Option<&str>,
    ) {
        for value in list_texts(values, separator) {
            self.query(name, value);
        }
    }

    /// Adds a header parameter when it has a value (see [`Request::header`]).
    pub fn header_opt<T: ToParam + ?Sized>(
        &mut self,
        name: &'static str,
        value: Option<&T>,
        sensitive: bool,
    ) {
        if let Some(value) = value {
            self.header(name, &value.to_param(), sensitive);
        }
    }

    /// Adds a list header parameter when it has a value, its items joined
    /// with `separator`.
    pub fn header_list<T: ToParam>(
        &mut self,
        name: &'static str,
        values: Option<&[T]>,
        separator: &str,
        sensitive: bool,
    ) {
        if let Some(values) = values {
            self.header(name, &join(values, separator), sensitive);
        }
    }

    /// Adds a url-encoded form field when it has a value.
    pub fn form_opt<T: ToParam + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.form(name, value.to_param());
        }
    }

    /// Adds a list form field when it has a value: joined with
    /// `separator`, or one field per item when it is `None`.
    pub fn form_list<T: ToParam>(
        &mut self,
        name: &'static str,
        values: Option<&[T]>,
        separator: Option<&str>,
    ) {
        for value in list_texts(values, separator) {
            self.form(name, value);
        }
    }

    /// Sets a body encoded when sent.
    pub fn body(&mut self, body: impl Encode + 'static) {
        self.body = Body::Encoded(Box::new(body));
    }

    /// Uses HTTP basic authentication.
    pub fn basic_auth(&mut self, user: &str, password: &str) {
        self.auth = Some(Auth::Basic(user.to_owned(), password.to_owned()));
    }

    /// Uses a bearer token.
    pub fn bearer_auth(&mut self, token: &str) {
        self.auth = Some(Auth::Bearer(token.to_owned()));
    }
}

/// The redirect policy of every client's HTTP client: follow at most
/// [`MAX_REDIRECTS`] redirects, and only within the origin (scheme, host
/// and port) of the request; a redirect elsewhere ends the request with
/// an error, so no credential the client added is sent to another server.
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let from = attempt.previous().first().map(reqwest::Url::origin);
        let to = attempt.url().origin();
        match from {
            Some(from) if from == to => {
                if attempt.previous().len() > MAX_REDIRECTS {
                    attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
                } else {
                    attempt.follow()
                }
            }
            from => {
                let from = from.map(|o| o.ascii_serialization()).unwrap_or_default();
                let message = format!(
                    "the server redirected to another origin ({}); the client sends requests, and its credentials, only to {from}",
                    to.ascii_serialization()
                );
                attempt.error(message)
            }
        }
    })
}

/// How long connecting may take unless the client builder says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client a generated client uses unless given one: the
/// same-origin [`redirect_policy`], no `Referer` header, compressed
/// responses accepted and decoded (gzip, deflate, brotli, zstd), and this
/// connect timeout.
pub fn http_client(connect_timeout: Duration) -> Result<reqwest::Client, ConfigError> {
    reqwest::Client::builder()
        .redirect(redirect_policy())
        .referer(false)
        .connect_timeout(connect_timeout)
        .build()
        .map_err(|error| ConfigError::new(format!("cannot build the HTTP client: {error}")))
}

/// Sends a request under the client's settings (or the request's own):
/// joins the base URL and path, adds the query, headers, body and a
/// User-Agent, reads the response body up to the limit, and retries as
/// the [`RetryPolicy`] says.
pub async fn send(
    http: &reqwest::Client,
    base_url: &str,
    settings: &Settings,
    request: Request,
) -> Result<Raw, Failure> {
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument as _;
        let span = tracing::info_span!(
            "request",
            operation = request.operation,
            method = %request.method,
            path = request.template,
        );
        attempts(http, base_url, settings, request)
            .instrument(span)
            .await
    }
    #[cfg(not(feature = "tracing"))]
    attempts(http, base_url, settings, request).await
}

/// The attempts of [`send`].
async fn attempts(
    http: &reqwest::Client,
    base_url: &str,
    settings: &Settings,
    request: Request,
) -> Result<Raw, Failure> {
    if let Some(message) = &request.invalid {
        return Err(Failure::Invalid(message.clone()));
    }
    let timeout = request.options.timeout.unwrap_or(settings.timeout);
    let limit = request
        .options
        .max_body_size
        .unwrap_or(settings.max_body_size);
    let policy = request.options.retry.unwrap_or(settings.retry);
    let url = url(base_url, &request)?;
    let resend = request.idempotent || retry::idempotent(&request.method);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut built = build(http, &request, url.clone(), timeout)?;
        if let Some(hook) = &settings.on_request {
            hook(&mut built);
        }
        let started = Instant::now();
        let outcome = match http.execute(built).await {
            Ok(response) => {
                if let Some(hook) = &settings.on_response {
                    hook(response.status());
                }
                read(response, limit, timeout).await
            }
            Err(error) => Err(Failure::Transport(TransportError::new(
                error,
                Some(timeout),
            ))),
        };
        trace(attempt, started, &outcome);
        let last = attempt >= policy.attempts();
        let wait = match outcome {
            Ok(mut raw) => {
                raw.attempts = attempt;
                raw.retry_after = retry::retry_after(&raw.headers, SystemTime::now());
                if last || !resend || !retry::retryable_status(raw.status) {
                    return Ok(raw);
                }
                match raw.retry_after {
                    Some(wait) if policy.too_long(wait) => return Ok(raw),
                    Some(wait) => wait,
                    None => policy.backoff_for(attempt, retry::random()),
                }
            }
            Err(Failure::Transport(mut error)) => {
                error.attempts = attempt;
                // A failed connection never reached the server; other
                // failures may have, so only an idempotent request is sent
                // again.
                let again = error.is_connect()
                    || (resend
                        && (error.is_timeout()
                            || error.inner().is_request()
                            || error.inner().is_body()));
                if last || !again || error.inner().is_redirect() {
                    return Err(Failure::Transport(error));
                }
                policy.backoff_for(attempt, retry::random())
            }
            Err(Failure::TooLarge { status, limit, .. }) => {
                return Err(Failure::TooLarge {
                    status,
                    limit,
                    attempts: attempt,
                });
            }
            Err(other) => return Err(other),
        };
        tokio::time::sleep(wait).await;
    }
}

/// Records an attempt in the current trace (with the `tracing` feature):
/// its number, how long it took, and the status or the error, never a
/// header, a parameter or a URL.
#[cfg(feature = "tracing")]
fn trace(attempt: u32, started: Instant, outcome: &Result<Raw, Failure>) {
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match outcome {
        Ok(raw) => tracing::debug!(
            attempt,
            elapsed_ms,
            status = raw.status.as_u16(),
            "response"
        ),
        Err(Failure::Transport(error)) => {
            tracing::debug!(attempt, elapsed_ms, error = %error, "attempt failed")
        }
        Err(_) => tracing::debug!(attempt, elapsed_ms, "response too large"),
    }
}

/// Without the `tracing` feature, attempts are not recorded.
#[cfg(not(feature = "tracing"))]
fn trace(_attempt: u32, _started: Instant, _outcome: &Result<Raw, Failure>) {}

/// The request's URL: the base URL, the path and the query; or the next
/// page's link, when the request follows one.
fn url(base_url: &str, request: &Request) -> Result<reqwest::Url, Failure> {
    let mut url = match &request.options.link {
        Some(link) => follow(base_url, link)?,
        None => reqwest::Url::parse(&format!("{base_url}{}", request.path))
            .map_err(|error| Failure::Invalid(format!("invalid URL: {error}")))?,
    };
    let query: Vec<(&str, &str)> = match &request.options.link {
        // A link carries its own query; only credentials are added.
        Some(_) => {
            let present: Vec<String> = url
                .query_pairs()
                .map(|(name, _)| name.into_owned())
                .collect();
            request
                .credential_query
                .iter()
                .filter(|(name, _)| !present.iter().any(|p| p == name))
                .map(|(name, value)| (*name, value.as_str()))
                .collect()
        }
        None => request
            .query
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .chain(
                request
                    .credential_query
                    .iter()
                    .map(|(name, value)| (*name, value.as_str())),
            )
            .collect(),
    };
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    Ok(url)
}

/// A next page's link, resolved against the base URL (a relative link is
/// relative to it) and refused when it leads to another origin: the
/// client's credentials go only to the base URL's origin.
pub fn follow(base_url: &str, link: &str) -> Result<reqwest::Url, Failure> {
    let base = reqwest::Url::parse(&format!("{base_url}/"))
        .map_err(|error| Failure::Invalid(format!("invalid base URL: {error}")))?;
    let url = base
        .join(link.trim())
        .map_err(|error| Failure::Invalid(format!("the next page's link is not a URL: {error}")))?;
    if url.origin() != base.origin() {
        return Err(Failure::Invalid(format!(
            "the next page's link leads to another origin ({}); the client follows links only within {}, so the list ends here",
            url.origin().ascii_serialization(),
            base.origin().ascii_serialization()
        )));
    }
    Ok(url)
}

/// One attempt's `reqwest::Request` (built anew for each, from the same
/// parts, so any body can be sent again).
fn build(
    http: &reqwest::Client,
    request: &Request,
    url: reqwest::Url,
    timeout: Duration,
) -> Result<reqwest::Request, Failure> {
    let mut builder = http
        .request(request.method.clone(), url)
        .headers(request.headers.clone())
        .header(
            header::USER_AGENT,
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
        )
        .timeout(timeout);
    builder = match &request.auth {
        Some(Auth::Basic(user, password)) => builder.basic_auth(user, Some(password)),
        Some(Auth::Bearer(token)) => builder.bearer_auth(token),
        None => builder,
    };
    builder = match &request.body {
        Body::None => builder,
        Body::Bytes(bytes, content_type) => builder
            .header(header::CONTENT_TYPE, *content_type)
            .body(bytes.clone()),
        Body::Form(fields) => {
            let mut encoded = reqwest::Url::parse("http://form.invalid/")
                .map_err(|error| Failure::Invalid(error.to_string()))?;
            encoded.query_pairs_mut().extend_pairs(fields);
            builder
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(encoded.query().unwrap_or_default().to_owned())
        }
        Body::Encoded(body) => body.apply(builder).map_err(Failure::Invalid)?,
    };
    builder
        .build()
        .map_err(|error| Failure::Transport(TransportError::new(error, Some(timeout))))
}

/// Reads a response: a success body up to `limit` bytes (beyond it, an
/// error), a non-success body up to [`ERROR_BODY_LIMIT`] (the rest is
/// left unread). The body is read into one buffer, sized from
/// `Content-Length` when the server sends it, and otherwise grown by an
/// eighth at a time.
pub async fn read(
    mut response: reqwest::Response,
    limit: u64,
    timeout: Duration,
) -> Result<Raw, Failure> {
    let status = response.status();
    let url = response.url().clone();
    let headers = std::mem::take(response.headers_mut());
    let success = status.is_success();
    let cap = if success {
        limit
    } else {
        limit.min(ERROR_BODY_LIMIT)
    };
    let announced = response.content_length();
    if success && announced.is_some_and(|length| length > limit) {
        return Err(Failure::TooLarge {
            status,
            limit,
            attempts: 1,
        });
    }
    let cap_len = usize::try_from(cap).unwrap_or(usize::MAX);
    let capacity = announced
        .and_then(|length| usize::try_from(length).ok())
        .unwrap_or(0)
        .min(cap_len);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| Failure::Transport(TransportError::new(error, Some(timeout))))?
    {
        let room = cap_len.saturating_sub(body.len());
        if chunk.len() > room {
            if success {
                return Err(Failure::TooLarge {
                    status,
                    limit,
                    attempts: 1,
                });
            }
            body.extend_from_slice(chunk.get(..room).unwrap_or_default());
            break;
        }
        if body.capacity() - body.len() < chunk.len() {
            // Without a length, grow by an eighth rather than double, so
            // the buffer never holds much more than the body.
            body.reserve_exact(chunk.len().max(body.len() / 8).min(room));
        }
        body.extend_from_slice(&chunk);
    }
    let mut raw = Raw::new(status, headers, body);
    raw.url = Some(url);
    Ok(raw)
}

/// The texts a list parameter is sent as: its items joined with
/// `separator`, or one text per item when it is `None`
/// (`collectionFormat: multi`); none when it is not set.
pub fn list_texts<T: ToParam>(values: Option<&[T]>, separator: Option<&str>) -> Vec<String> {
    match (values, separator) {
        (None, _) => Vec::new(),
        (Some(values), Some(separator)) => vec![join(values, separator)],
        (Some(values), None) => values.iter().map(ToParam::to_param).collect(),
    }
}

/// What `send()` returns: the body alone of what `send_with_headers()`
/// returns (one generic function instead of an async state machine per
/// operation).
pub async fn body_only<T, E>(
    response: impl Future<Output = Result<Response<T>, Error<E>>>,
) -> Result<T, Error<E>> {
    response.await.map(Response::into_body)
}

/// Awaits a sent request and decodes its response with `decode` (which
/// also turns non-success statuses into errors). Operations build their
/// request synchronously and end here, so none has its own async code.
pub async fn respond<T, E>(
    raw: impl Future<Output = Result<Raw, Failure>>,
    decode: impl FnOnce(Raw) -> Result<T, Error<E>>,
) -> Result<Response<T>, Error<E>> {
    let raw = raw.await?;
    let (status, headers) = raw.meta();
    let body = decode(raw)?;
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// Decodes a typed error body from a status and the raw body.
pub type DecodeErrorBody<E> = fn(u16, &[u8]) -> Option<E>;

/// A whole response.
pub struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    attempts: u32,
    retry_after: Option<Duration>,
    url: Option<reqwest::Url>,
}

impl Raw {
    /// A response from its parts, after one attempt.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> Self {
        Raw {
            status,
            headers,
            body,
            attempts: 1,
            retry_after: None,
            url: None,
        }
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's value as text, if present and text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The wait the server asked for before another request, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The URL the response came from (after redirects), when known.
    pub fn url(&self) -> Option<&reqwest::Url> {
        self.url.as_ref()
    }

    /// The status and a copy of the headers (the body is decoded next).
    pub fn meta(&self) -> (StatusCode, HeaderMap) {
        (self.status, self.headers.clone())
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Fails with the typed error unless the status is a success.
    pub fn check<E>(self, decode_error: DecodeErrorBody<E>) -> Result<Self, Error<E>> {
        if self.status.is_success() {
            Ok(self)
        } else {
            Err(self.into_error(decode_error))
        }
    }

    /// The error for a non-success response.
    pub fn into_error<E>(self, decode_error: DecodeErrorBody<E>) -> Error<E> {
        let typed = decode_error(self.status.as_u16(), &self.body);
        Error::Status(Box::new(ErrorResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            typed,
            attempts: self.attempts,
            retry_after: self.retry_after,
        }))
    }

    /// Decodes a success body as JSON (an empty body reads as `null`).
    pub fn json<T: serde::de::DeserializeOwned, E>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<T, Error<E>> {
        self.check(decode_error)?.decode()
    }

    /// Decodes the body as JSON, whatever the status.
    pub fn decode<T: serde::de::DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(body).map_err(|source| {
            Error::Decode(Box::new(DecodeError {
                status: self.status,
                excerpt: super::error::excerpt(&self.body),
                source,
                attempts: self.attempts,
            }))
        })
    }

    /// A success body as text.
    pub fn text<E>(self, decode_error: DecodeErrorBody<E>) -> Result<String, Error<E>> {
        let raw = self.check(decode_error)?;
        Ok(String::from_utf8_lossy(&raw.body).into_owned())
    }

    /// A success body as bytes.
    pub fn bytes<E>(self, decode_error: DecodeErrorBody<E>) -> Result<Vec<u8>, Error<E>> {
        Ok(self.check(decode_error)?.body)
    }

    /// The body as it is (for outcome enums).
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    /// Checks a success response without a body.
    pub fn empty<E>(self, decode_error: DecodeErrorBody<E>) -> Result<(), Error<E>> {
        self.check(decode_error).map(|_| ())
    }
}

/// Decodes an error body as JSON of one type.
pub fn json_error<E: serde::de::DeserializeOwned>(_status: u16, body: &[u8]) -> Option<E> {
    serde_json::from_slice(body).ok()
}

/// Checks a base URL: absolute, `http` or `https`, no query or fragment.
/// Returns it without a trailing `/`, ready to prefix paths.
pub fn base_url(text: &str) -> Result<String, ConfigError> {
    let url = reqwest::Url::parse(text.trim())
        .map_err(|error| ConfigError::new(format!("invalid base URL {text:?}: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigError::new(format!(
            "the base URL must be http or https, not {:?}",
            url.scheme()
        )));
    }
    if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
        return Err(ConfigError::new(format!(
            "the base URL {text:?} may not have a query or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A base URL from a host template (`x-ms-parameterized-host`):
/// `prefix` (`https://`, or empty when the template has its own scheme),
/// the template with each `{name}` replaced by its value, and the base
/// path; then checked as [`base_url`] checks. `values` holds each
/// parameter's name, the builder method that sets it, and its value. A
/// value missing, or with whitespace, a control character, `?`, `#` or
/// `@`, is refused.
pub fn host_base_url(
    prefix: &str,
    template: &str,
    values: &[(&str, &str, Option<&str>)],
    base_path: &str,
) -> Result<String, ConfigError> {
    let mut host = template.to_owned();
    for (name, setter, value) in values {
        let Some(value) = value else {
            return Err(ConfigError::new(format!(
                "no base URL: set the host parameter `{name}` with `ClientBuilder::{setter}`, or the base URL with `ClientBuilder::base_url`"
            )));
        };
        if value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '@'))
        {
            return Err(ConfigError::new(format!(
                "the host parameter `{name}` is {value:?}, which is not part of a host name"
            )));
        }
        host = host.replace(&format!("{{{name}}}"), value);
    }
    base_url(&format!("{prefix}{host}{base_path}"))
}

/// Checks a header value set on the client builder.
pub fn header_value(name: &str, value: &str, sensitive: bool) -> Result<HeaderValue, ConfigError> {
    let mut header = HeaderValue::from_str(value).map_err(|_| {
        ConfigError::new(format!(
            "the value of header `{name}` contains characters a header cannot carry (such as CR or LF)"
        ))
    })?;
    header.set_sensitive(sensitive);
    Ok(header)
}
