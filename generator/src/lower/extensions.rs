//! Vendor extensions on operations and parameters: `x-ms-client-name`,
//! `x-ms-long-running-operation(-options)`, `x-swaggen-idempotent`.

use super::*;

/// The name a parameter has in Rust: its `x-ms-client-name` when it has
/// one (the wire name stays), else its wire name.
pub(super) fn client_name<'p>(p: &'p spec::Parameter, wire: &'p str) -> &'p str {
    p.x_ms_client_name
        .as_deref()
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(wire)
}

/// Reads `x-ms-long-running-operation` and its `final-state-via`.
pub(super) fn long_running(cx: &mut Cx<'_>, op: &spec::Operation, ptr: &str) -> Option<FinalState> {
    match op.x_ms_long_running_operation.as_deref() {
        None | Some(Value::Bool(false)) => return None,
        Some(Value::Bool(true)) => {}
        Some(other) => {
            cx.diags.warn_help(
                "S0701",
                &pointer_join(ptr, "x-ms-long-running-operation"),
                format!("`x-ms-long-running-operation` is {other}, not a boolean; swaggen generates no poller"),
                "write `x-ms-long-running-operation: true`",
            );
            return None;
        }
    }
    let via = op
        .x_ms_long_running_operation_options
        .as_ref()
        .and_then(|o| o.get("final-state-via"));
    Some(match via.and_then(Value::as_str) {
        None => FinalState::Default,
        Some("azure-async-operation") => FinalState::AzureAsyncOperation,
        Some("location") => FinalState::Location,
        Some("original-uri") => FinalState::OriginalUri,
        Some(other) => {
            cx.diags.warn_help(
                "S0701",
                &pointer_join(ptr, "x-ms-long-running-operation-options/final-state-via"),
                format!("`final-state-via: {other}` is not one swaggen knows; it uses AutoRest's default"),
                "use `azure-async-operation`, `location` or `original-uri`",
            );
            FinalState::Default
        }
    })
}

/// Reads `x-swaggen-idempotent` (a boolean).
pub(super) fn idempotent_extension(cx: &mut Cx<'_>, op: &spec::Operation, ptr: &str) -> bool {
    match op.x_swaggen_idempotent.as_deref() {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            cx.diags.warn_help(
                "S0701",
                &pointer_join(ptr, "x-swaggen-idempotent"),
                format!("`x-swaggen-idempotent` is {other}, not a boolean; swaggen ignores it"),
                "write `x-swaggen-idempotent: true` on an operation that is safe to send twice",
            );
            false
        }
    }
}
