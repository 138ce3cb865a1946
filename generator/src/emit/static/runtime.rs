//! Request building and response handling shared by every operation.
//! Operations describe their request here; one function sends it.

// @section operations
use crate::error::{Error, ErrorResponse};
// @end
// @section decode
use crate::error::DecodeError;
// @end

/// Why a request could not be made.
pub(crate) enum Failure {
    /// A value could not be put into the request.
    Invalid(::std::string::String),
    // @section operations
    /// Sending or receiving failed.
    Transport(::reqwest::Error),
    // @end
}

/// Characters left as they are in a path segment; everything else is
/// percent-encoded, so a value can never add a segment, a query or a
/// fragment.
// @section path_param
const SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
// @end

// @section de_struct
/// An object key read by a model's `Deserialize`: borrowed from the input
/// when the deserializer allows, so matching keys allocates nothing.
pub(crate) struct Key<'de>(::std::borrow::Cow<'de, str>);

impl Key<'_> {
    // @section de_fields
    /// The key's text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
    // @end

    // @section de_additional
    /// The key as an owned string.
    pub(crate) fn into_string(self) -> ::std::string::String {
        self.0.into_owned()
    }
    // @end
}

impl<'de> ::serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> ::serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: ::serde::de::Error>(self, value: &'de str) -> ::std::result::Result<Key<'de>, E> {
                ::std::result::Result::Ok(Key(::std::borrow::Cow::Borrowed(value)))
            }
            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Key<'de>, E> {
                ::std::result::Result::Ok(Key(::std::borrow::Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<Key<'de>, E> {
                ::std::result::Result::Ok(Key(::std::borrow::Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}
// @end

// @section to_param
/// Converts a parameter value to its text form on the wire.
pub(crate) trait ToParam {
    /// The text sent.
    fn to_param(&self) -> ::std::string::String;
}

impl ToParam for ::std::string::String {
    fn to_param(&self) -> ::std::string::String {
        self.clone()
    }
}

impl ToParam for bool {
    fn to_param(&self) -> ::std::string::String {
        self.to_string()
    }
}

impl ToParam for i32 {
    fn to_param(&self) -> ::std::string::String {
        self.to_string()
    }
}

impl ToParam for i64 {
    fn to_param(&self) -> ::std::string::String {
        self.to_string()
    }
}

impl ToParam for f32 {
    fn to_param(&self) -> ::std::string::String {
        self.to_string()
    }
}

impl ToParam for f64 {
    fn to_param(&self) -> ::std::string::String {
        self.to_string()
    }
}

// @section chrono
impl ToParam for ::chrono::DateTime<::chrono::FixedOffset> {
    fn to_param(&self) -> ::std::string::String {
        self.to_rfc3339()
    }
}

impl ToParam for ::chrono::NaiveDate {
    fn to_param(&self) -> ::std::string::String {
        self.format("%Y-%m-%d").to_string()
    }
}
// @end

impl ToParam for ::serde_json::Value {
    fn to_param(&self) -> ::std::string::String {
        match self {
            ::serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
}

/// A list inside a list parameter: its items joined with commas.
impl<T: ToParam> ToParam for ::std::vec::Vec<T> {
    fn to_param(&self) -> ::std::string::String {
        self.iter()
            .map(ToParam::to_param)
            .collect::<::std::vec::Vec<_>>()
            .join(",")
    }
}

impl<T: ToParam + ?Sized> ToParam for ::std::boxed::Box<T> {
    fn to_param(&self) -> ::std::string::String {
        (**self).to_param()
    }
}

// @end

// @section lists
/// Joins list values with a collection format's separator.
pub(crate) fn join<T: ToParam>(values: &[T], separator: &str) -> ::std::string::String {
    values
        .iter()
        .map(ToParam::to_param)
        .collect::<::std::vec::Vec<_>>()
        .join(separator)
}
// @end

// @section operations
/// The body of a request.
enum Body {
    None,
    // @section json_body
    Json(::std::vec::Vec<u8>),
    // @end
    // @section raw_body
    Raw(::std::vec::Vec<u8>, &'static str),
    // @end
    // @section form
    Form(::std::vec::Vec<(&'static str, ::std::string::String)>),
    // @end
    // @section multipart
    Multipart(::reqwest::multipart::Form),
    // @end
}

/// Credentials that reqwest encodes itself.
// @section auth
enum Auth {
    // @section basic
    Basic(::std::string::String, ::std::string::String),
    // @end
    // @section bearer
    Bearer(::std::string::String),
    // @end
}
// @end

/// A request under construction.
pub(crate) struct Request {
    method: ::reqwest::Method,
    path: ::std::string::String,
    query: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
    headers: ::reqwest::header::HeaderMap,
    body: Body,
    // @section auth
    auth: ::std::option::Option<Auth>,
    // @end
    invalid: ::std::option::Option<::std::string::String>,
}

impl Request {
    /// A request with no parameters yet.
    pub(crate) fn new(method: ::reqwest::Method, accept: ::std::option::Option<&'static str>) -> Self {
        let mut headers = ::reqwest::header::HeaderMap::new();
        if let ::std::option::Option::Some(accept) = accept {
            headers.insert(::reqwest::header::ACCEPT, ::reqwest::header::HeaderValue::from_static(accept));
        }
        Request {
            method,
            path: ::std::string::String::new(),
            query: ::std::vec::Vec::new(),
            headers,
            body: Body::None,
            // @section auth
            auth: ::std::option::Option::None,
            // @end
            invalid: ::std::option::Option::None,
        }
    }

    // @section refuse
    fn refuse(&mut self, message: ::std::string::String) {
        if self.invalid.is_none() {
            self.invalid = ::std::option::Option::Some(message);
        }
    }
    // @end

    // @section path
    /// Appends literal path text (already encoded by the generator).
    pub(crate) fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }
    // @end

    // @section path_param
    /// Appends a path parameter, percent-encoded as part of one segment.
    /// A value that is the whole segment may not be empty, `.` or `..`.
    pub(crate) fn path_param(&mut self, name: &str, value: &str, whole_segment: bool) {
        if whole_segment && matches!(value, "" | "." | "..") {
            self.refuse(::std::format!(
                "path parameter `{name}` is {value:?}, which would change the path"
            ));
            return;
        }
        self.path
            .extend(::percent_encoding::utf8_percent_encode(value, SEGMENT));
    }
    // @end

    // @section query
    /// Adds a query parameter; the value is form-encoded when sent.
    pub(crate) fn query(&mut self, name: &str, value: ::std::string::String) {
        self.query.push((name.to_owned(), value));
    }
    // @end

    // @section header
    /// Sets a header; a value with control characters is refused.
    pub(crate) fn header(&mut self, name: &'static str, value: &str, sensitive: bool) {
        let ::std::result::Result::Ok(key) = ::reqwest::header::HeaderName::from_bytes(name.as_bytes()) else {
            return self.refuse(::std::format!("`{name}` is not a valid header name"));
        };
        match ::reqwest::header::HeaderValue::from_str(value) {
            ::std::result::Result::Ok(mut header) => {
                header.set_sensitive(sensitive);
                self.headers.append(key, header);
            }
            ::std::result::Result::Err(_) => self.refuse(::std::format!(
                "the value of header `{name}` contains characters a header cannot carry (such as CR or LF)"
            )),
        }
    }
    // @end

    // @section client_header
    /// Sets a header from a value checked when the client was built.
    pub(crate) fn header_value(&mut self, name: &'static str, value: &::reqwest::header::HeaderValue) {
        match ::reqwest::header::HeaderName::from_bytes(name.as_bytes()) {
            ::std::result::Result::Ok(key) => {
                self.headers.insert(key, value.clone());
            }
            ::std::result::Result::Err(_) => {
                self.refuse(::std::format!("`{name}` is not a valid header name"));
            }
        }
    }
    // @end

    // @section json_body
    /// Sets a JSON body.
    pub(crate) fn json<T: ::serde::Serialize + ?Sized>(&mut self, value: &T) {
        match ::serde_json::to_vec(value) {
            ::std::result::Result::Ok(bytes) => self.body = Body::Json(bytes),
            ::std::result::Result::Err(error) => {
                self.refuse(::std::format!("the body cannot be encoded as JSON: {error}"))
            }
        }
    }
    // @end

    // @section raw_body
    /// Sets a raw body with its media type.
    pub(crate) fn raw(&mut self, bytes: ::std::vec::Vec<u8>, content_type: &'static str) {
        self.body = Body::Raw(bytes, content_type);
    }
    // @end

    // @section form
    /// Adds a url-encoded form field.
    pub(crate) fn form(&mut self, name: &'static str, value: ::std::string::String) {
        match &mut self.body {
            Body::Form(fields) => fields.push((name, value)),
            _ => self.body = Body::Form(::std::vec![(name, value)]),
        }
    }
    // @end

    // @section multipart
    fn multipart_form(&mut self) -> ::reqwest::multipart::Form {
        match ::std::mem::replace(&mut self.body, Body::None) {
            Body::Multipart(form) => form,
            _ => ::reqwest::multipart::Form::new(),
        }
    }

    // @section multipart_text
    /// Adds a multipart text field.
    pub(crate) fn multipart_text(&mut self, name: &'static str, value: ::std::string::String) {
        let form = self.multipart_form().text(name, value);
        self.body = Body::Multipart(form);
    }
    // @end

    // @section multipart_file
    /// Adds a multipart file field.
    pub(crate) fn multipart_file(&mut self, name: &'static str, file: crate::FilePart) {
        let mut part = ::reqwest::multipart::Part::bytes(file.bytes).file_name(file.file_name);
        if let ::std::option::Option::Some(content_type) = file.content_type {
            match part.mime_str(&content_type) {
                ::std::result::Result::Ok(with_type) => part = with_type,
                ::std::result::Result::Err(_) => {
                    self.refuse(::std::format!("file `{name}` has an invalid content type"));
                    return;
                }
            }
        }
        let form = self.multipart_form().part(name, part);
        self.body = Body::Multipart(form);
    }
    // @end
    // @end

    // @section basic
    /// Uses HTTP basic authentication.
    pub(crate) fn basic_auth(&mut self, user: &str, password: &str) {
        self.auth = ::std::option::Option::Some(Auth::Basic(user.to_owned(), password.to_owned()));
    }
    // @end

    // @section bearer
    /// Uses a bearer token.
    pub(crate) fn bearer_auth(&mut self, token: &str) {
        self.auth = ::std::option::Option::Some(Auth::Bearer(token.to_owned()));
    }
    // @end
}

/// Sends a request: joins the base URL and path, adds the query, headers,
/// body and a User-Agent, and reads the whole response.
pub(crate) async fn send(
    http: &::reqwest::Client,
    base_url: &str,
    timeout: ::std::option::Option<::std::time::Duration>,
    request: Request,
) -> ::std::result::Result<Raw, Failure> {
    if let ::std::option::Option::Some(message) = request.invalid {
        return ::std::result::Result::Err(Failure::Invalid(message));
    }
    let mut url = ::reqwest::Url::parse(&::std::format!("{base_url}{}", request.path))
        .map_err(|error| Failure::Invalid(::std::format!("invalid URL: {error}")))?;
    if !request.query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in &request.query {
            pairs.append_pair(name, value);
        }
    }
    let mut builder = http
        .request(request.method, url)
        .headers(request.headers)
        .header(
            ::reqwest::header::USER_AGENT,
            ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
        );
    if let ::std::option::Option::Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    // @section auth
    builder = match request.auth {
        // @section basic
        ::std::option::Option::Some(Auth::Basic(user, password)) => builder.basic_auth(user, ::std::option::Option::Some(password)),
        // @end
        // @section bearer
        ::std::option::Option::Some(Auth::Bearer(token)) => builder.bearer_auth(token),
        // @end
        ::std::option::Option::None => builder,
    };
    // @end
    builder = match request.body {
        Body::None => builder,
        // @section json_body
        Body::Json(bytes) => builder
            .header(::reqwest::header::CONTENT_TYPE, "application/json")
            .body(bytes),
        // @end
        // @section raw_body
        Body::Raw(bytes, content_type) => builder
            .header(::reqwest::header::CONTENT_TYPE, content_type)
            .body(bytes),
        // @end
        // @section form
        Body::Form(fields) => {
            let mut encoded = ::reqwest::Url::parse("http://form.invalid/")
                .map_err(|error| Failure::Invalid(error.to_string()))?;
            encoded.query_pairs_mut().extend_pairs(fields);
            builder
                .header(::reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(encoded.query().unwrap_or_default().to_owned())
        }
        // @end
        // @section multipart
        Body::Multipart(form) => builder.multipart(form),
        // @end
    };
    let response = builder
        .send()
        .await
        .map_err(|error| Failure::Transport(error.without_url()))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|error| Failure::Transport(error.without_url()))?;
    ::std::result::Result::Ok(Raw {
        status,
        headers,
        body: body.to_vec(),
    })
}
// @end

/// The start of a body, as text, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> ::std::string::String {
    const MAX: usize = 512;
    let text = ::std::string::String::from_utf8_lossy(body.get(..MAX).unwrap_or(body));
    if body.len() > MAX {
        ::std::format!("{text}…")
    } else {
        text.into_owned()
    }
}

// @section operations
/// What `send()` returns: the body alone of what `send_with_headers()`
/// returns (one generic function instead of an async state machine per
/// operation).
pub(crate) async fn body_only<T, E>(
    response: impl ::std::future::Future<Output = ::std::result::Result<crate::Response<T>, Error<E>>>,
) -> ::std::result::Result<T, Error<E>> {
    response.await.map(crate::Response::into_body)
}

/// Awaits a sent request and decodes its response with `decode` (which
/// also turns non-success statuses into errors). Operations build their
/// request synchronously and end here, so none has its own async code.
pub(crate) async fn respond<T, E>(
    raw: impl ::std::future::Future<Output = ::std::result::Result<Raw, Failure>>,
    decode: impl ::std::ops::FnOnce(Raw) -> ::std::result::Result<T, Error<E>>,
) -> ::std::result::Result<crate::Response<T>, Error<E>> {
    let raw = raw.await?;
    let (status, headers) = raw.meta();
    let body = decode(raw)?;
    ::std::result::Result::Ok(crate::Response { status, headers, body })
}

/// A whole response.
pub(crate) struct Raw {
    status: ::reqwest::StatusCode,
    headers: ::reqwest::header::HeaderMap,
    body: ::std::vec::Vec<u8>,
}

impl Raw {
    /// The status and a copy of the headers (the body is decoded next).
    pub(crate) fn meta(&self) -> (::reqwest::StatusCode, ::reqwest::header::HeaderMap) {
        (self.status, self.headers.clone())
    }

    // @section outcomes
    /// The status code.
    pub(crate) fn status(&self) -> ::reqwest::StatusCode {
        self.status
    }
    // @end

    // @section check
    /// Fails with the typed error unless the status is a success.
    fn check<E>(self, decode_error: fn(u16, &[u8]) -> ::std::option::Option<E>) -> ::std::result::Result<Self, Error<E>> {
        if self.status.is_success() {
            ::std::result::Result::Ok(self)
        } else {
            ::std::result::Result::Err(self.into_error(decode_error))
        }
    }
    // @end

    /// The error for a non-success response.
    pub(crate) fn into_error<E>(self, decode_error: fn(u16, &[u8]) -> ::std::option::Option<E>) -> Error<E> {
        let typed = decode_error(self.status.as_u16(), &self.body);
        Error::Status(::std::boxed::Box::new(ErrorResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            typed,
        }))
    }

    // @section json_response
    /// Decodes a success body as JSON (an empty body reads as `null`).
    pub(crate) fn json<T: ::serde::de::DeserializeOwned, E>(
        self,
        decode_error: fn(u16, &[u8]) -> ::std::option::Option<E>,
    ) -> ::std::result::Result<T, Error<E>> {
        self.check(decode_error)?.decode()
    }
    // @end

    // @section decode
    /// Decodes the body as JSON, whatever the status.
    pub(crate) fn decode<T: ::serde::de::DeserializeOwned, E>(self) -> ::std::result::Result<T, Error<E>> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        ::serde_json::from_slice(body).map_err(|source| {
            Error::Decode(::std::boxed::Box::new(DecodeError {
                status: self.status,
                excerpt: excerpt(&self.body),
                source,
            }))
        })
    }
    // @end

    // @section text_response
    /// A success body as text.
    pub(crate) fn text<E>(
        self,
        decode_error: fn(u16, &[u8]) -> ::std::option::Option<E>,
    ) -> ::std::result::Result<::std::string::String, Error<E>> {
        let raw = self.check(decode_error)?;
        ::std::result::Result::Ok(::std::string::String::from_utf8_lossy(&raw.body).into_owned())
    }
    // @end

    // @section bytes_response
    /// A success body as bytes.
    pub(crate) fn bytes<E>(
        self,
        decode_error: fn(u16, &[u8]) -> ::std::option::Option<E>,
    ) -> ::std::result::Result<::std::vec::Vec<u8>, Error<E>> {
        ::std::result::Result::Ok(self.check(decode_error)?.body)
    }
    // @end

    // @section into_body
    /// The body as it is (for outcome enums).
    pub(crate) fn into_body(self) -> ::std::vec::Vec<u8> {
        self.body
    }
    // @end

    // @section empty_response
    /// Checks a success response without a body.
    pub(crate) fn empty<E>(
        self,
        decode_error: fn(u16, &[u8]) -> ::std::option::Option<E>,
    ) -> ::std::result::Result<(), Error<E>> {
        self.check(decode_error).map(|_| ())
    }
    // @end
}
// @end

// @section json_error
/// Decodes an error body as JSON of one type.
pub(crate) fn json_error<E: ::serde::de::DeserializeOwned>(_status: u16, body: &[u8]) -> ::std::option::Option<E> {
    ::serde_json::from_slice(body).ok()
}
// @end

/// Checks a base URL: absolute, `http` or `https`, no query or fragment.
/// Returns it without a trailing `/`, ready to prefix paths.
pub(crate) fn base_url(text: &str) -> ::std::result::Result<::std::string::String, Failure> {
    let url = ::reqwest::Url::parse(text.trim())
        .map_err(|error| Failure::Invalid(::std::format!("invalid base URL {text:?}: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return ::std::result::Result::Err(Failure::Invalid(::std::format!(
            "the base URL must be http or https, not {:?}",
            url.scheme()
        )));
    }
    if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
        return ::std::result::Result::Err(Failure::Invalid(::std::format!(
            "the base URL {text:?} may not have a query or fragment"
        )));
    }
    ::std::result::Result::Ok(url.as_str().trim_end_matches('/').to_owned())
}

// @section client_header_value
/// Checks a header value set on the client builder.
pub(crate) fn header_value(
    name: &str,
    value: &str,
    sensitive: bool,
) -> ::std::result::Result<::reqwest::header::HeaderValue, Failure> {
    let mut header = ::reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        Failure::Invalid(::std::format!(
            "the value of header `{name}` contains characters a header cannot carry (such as CR or LF)"
        ))
    })?;
    header.set_sensitive(sensitive);
    ::std::result::Result::Ok(header)
}
// @end

// @section paging
/// One page of an offset-paged list.
pub(crate) struct Page<T> {
    /// The page's items.
    pub(crate) items: ::std::vec::Vec<T>,
    /// The total number of items, when the server reports it.
    pub(crate) total: ::std::option::Option<i64>,
}

// @section paging_fit
/// An integer parameter from an `i64` offset or page size, or an error
/// when it does not fit the parameter's type.
pub(crate) fn fit<T: ::std::convert::TryFrom<i64>, E>(value: i64, what: &str) -> ::std::result::Result<T, Error<E>> {
    T::try_from(value).map_err(|_| Error::InvalidRequest(::std::format!("the {what} {value} does not fit the parameter's type")))
}
// @end

/// Streams every item of an offset-paged operation, fetching pages
/// lazily. `fetch` sends a copy of the first request with a page's offset
/// and, when the server's window forces a smaller page, its size.
/// `max_window` is the largest offset + page size the server serves, with
/// the error for a stream that reaches it. The stream ends at the total
/// the server reports, or at an empty page; an error ends it.
pub(crate) fn offset_stream<'a, B, T, E, F, Fut>(
    request: B,
    start: i64,
    page_size: ::std::option::Option<i64>,
    max_window: ::std::option::Option<(i64, &'static str)>,
    fetch: F,
) -> impl ::futures::Stream<Item = ::std::result::Result<T, Error<E>>> + 'a
where
    B: ::std::clone::Clone + 'a,
    T: 'a,
    E: 'a,
    F: Fn(B, i64, ::std::option::Option<i64>) -> Fut + ::std::clone::Clone + 'a,
    Fut: ::std::future::Future<Output = ::std::result::Result<Page<T>, Error<E>>> + 'a,
{
    ::futures::stream::unfold(
        (::std::option::Option::Some(request), start, ::std::collections::VecDeque::new()),
        move |(request, offset, mut buffer)| {
            let fetch = fetch.clone();
            async move {
                if let ::std::option::Option::Some(item) = buffer.pop_front() {
                    return ::std::option::Option::Some((::std::result::Result::Ok(item), (request, offset, buffer)));
                }
                let first = request?;
                let next = ::std::clone::Clone::clone(&first);
                let mut size = ::std::option::Option::None;
                if let (::std::option::Option::Some((max, message)), ::std::option::Option::Some(page_size)) = (max_window, page_size)
                    && offset.saturating_add(page_size) > max
                {
                    if offset >= max {
                        return ::std::option::Option::Some((
                            ::std::result::Result::Err(Error::InvalidRequest(message.to_owned())),
                            (::std::option::Option::None, offset, buffer),
                        ));
                    }
                    size = ::std::option::Option::Some(max - offset);
                }
                match fetch(first, offset, size).await {
                    ::std::result::Result::Err(error) => ::std::option::Option::Some((
                        ::std::result::Result::Err(error),
                        (::std::option::Option::None, offset, buffer),
                    )),
                    ::std::result::Result::Ok(page) => {
                        let received = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
                        let next_offset = offset.saturating_add(received);
                        let more = received > 0 && page.total.is_none_or(|total| next_offset < total);
                        buffer.extend(page.items);
                        let state = if more { ::std::option::Option::Some(next) } else { ::std::option::Option::None };
                        buffer
                            .pop_front()
                            .map(|item| (::std::result::Result::Ok(item), (state, next_offset, buffer)))
                    }
                }
            }
        },
    )
}
// @end
