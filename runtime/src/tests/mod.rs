//! Unit tests of each runtime module. Kept out of the modules themselves,
//! which are copied into generated crates whole.

mod error;
#[cfg(feature = "lro")]
mod lro;
pub mod model;
mod param;
mod request;
mod retry;
mod server;

#[cfg(feature = "base64")]
mod base64_data;
#[cfg(feature = "dates")]
mod dates;
#[cfg(feature = "multipart")]
mod multipart;
#[cfg(feature = "paging")]
mod paging;
