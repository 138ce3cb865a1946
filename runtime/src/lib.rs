//! The runtime of swaggen's generated clients, as a crate of its own so
//! that it is ordinary, formatted, linted and unit-tested Rust.
//!
//! Generated crates do not depend on this crate: swaggen copies the
//! modules a crate needs, whole, into its `src/runtime/` (see
//! `generator/src/emit/runtime.rs`). So every module here must:
//! - refer to its siblings as `super::name`, never as `crate::…` (in a
//!   generated crate they live in `crate::runtime`);
//! - make every item `pub` (the generated `runtime` module is public but
//!   hidden), so no set of modules leaves dead code;
//! - keep its tests in `src/tests/`, which is not copied.
//!
//! `error`, `request`, `retry`, `param`, `de` and `model` are in every generated
//! crate; `dates`, `multipart`, `base64_data` and `paging` only when the
//! crate needs their dependency, and `lro` only when it has long-running
//! operations. Each optional module has a cargo feature here so that
//! every combination is checked. The `tracing`
//! feature (a feature of generated crates too) adds a span per request
//! and an event per attempt.

pub mod de;
pub mod error;
pub mod model;
pub mod param;
pub mod request;
pub mod retry;

#[cfg(feature = "base64")]
pub mod base64_data;
#[cfg(feature = "dates")]
pub mod dates;
#[cfg(feature = "lro")]
pub mod lro;
#[cfg(feature = "multipart")]
pub mod multipart;
#[cfg(feature = "paging")]
pub mod paging;

/// This crate under the name its modules have in a generated crate
/// (`crate::runtime`), so the `model` macros' `$crate::runtime::…` paths
/// resolve here too.
#[doc(hidden)]
pub use crate as runtime;

#[cfg(test)]
mod tests;

/// The client the builder macro's tests build requests with (a generated
/// crate's own `Client` in a generated crate).
#[cfg(test)]
pub use tests::model::Client;
