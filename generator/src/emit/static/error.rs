//! The error type every operation returns.

/// What can go wrong when calling an operation. `E` is the operation's
/// typed error body (the spec's error response schema), or a JSON value
/// when the spec gives none.
#[derive(Debug)]
pub enum Error<E = ::serde_json::Value> {
    /// A value could not be put into the request (for example a header
    /// value with a line break, or an invalid base URL). Nothing was sent.
    InvalidRequest(::std::string::String),
    /// The request could not be sent or the response not received.
    Transport(::reqwest::Error),
    /// The server answered with a status that is not a success.
    Status(::std::boxed::Box<ErrorResponse<E>>),
    /// The server answered with success, but the body did not decode.
    Decode(::std::boxed::Box<DecodeError>),
}

/// A response with a non-success status.
#[derive(Debug, Clone)]
pub struct ErrorResponse<E> {
    /// The status code.
    pub status: ::reqwest::StatusCode,
    /// The response headers.
    pub headers: ::reqwest::header::HeaderMap,
    /// The raw body.
    pub body: ::std::vec::Vec<u8>,
    /// The body decoded as the spec's error type, when it decodes.
    pub typed: ::std::option::Option<E>,
}

/// A success response: the decoded body with the status and headers
/// (from an operation builder's `send_with_headers()`).
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The status code.
    pub status: ::reqwest::StatusCode,
    /// The response headers (rate limits, pagination links, `ETag`, …).
    pub headers: ::reqwest::header::HeaderMap,
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
#[derive(Debug)]
pub struct DecodeError {
    /// The status code.
    pub status: ::reqwest::StatusCode,
    /// The start of the body, for diagnosis.
    pub excerpt: ::std::string::String,
    /// What serde reported.
    pub source: ::serde_json::Error,
}

impl<E> Error<E> {
    /// The response status, when the server answered.
    pub fn status(&self) -> ::std::option::Option<::reqwest::StatusCode> {
        match self {
            Error::Status(response) => ::std::option::Option::Some(response.status),
            Error::Decode(error) => ::std::option::Option::Some(error.status),
            Error::Transport(error) => error.status(),
            Error::InvalidRequest(_) => ::std::option::Option::None,
        }
    }

    /// The typed error body, when the server sent one the spec describes.
    pub fn typed(&self) -> ::std::option::Option<&E> {
        match self {
            Error::Status(response) => response.typed.as_ref(),
            _ => ::std::option::Option::None,
        }
    }
}

impl<E> ::std::fmt::Display for Error<E> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Transport(error) => write!(f, "transport error: {error}"),
            Error::Status(response) => write!(
                f,
                "the server answered {}: {}",
                response.status,
                crate::runtime::excerpt(&response.body)
            ),
            Error::Decode(error) => write!(
                f,
                "cannot decode the {} response body ({}): {}",
                error.status, error.source, error.excerpt
            ),
        }
    }
}

impl<E: ::std::fmt::Debug> ::std::error::Error for Error<E> {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => ::std::option::Option::Some(error),
            Error::Decode(error) => ::std::option::Option::Some(&error.source),
            _ => ::std::option::Option::None,
        }
    }
}

impl<E> ::std::convert::From<crate::runtime::Failure> for Error<E> {
    fn from(failure: crate::runtime::Failure) -> Self {
        match failure {
            crate::runtime::Failure::Invalid(message) => Error::InvalidRequest(message),
            // @section operations
            crate::runtime::Failure::Transport(error) => Error::Transport(error),
            // @end
        }
    }
}
