//! Client-level settings: the base URL, `x-ms-parameterized-host`, headers
//! every operation takes (lifted onto the client), and Azure's
//! `x-ms-parameter-location: client` parameters.

use super::extensions::client_name;
use super::params::RawParam;
use super::resolve;
use super::*;

pub(super) fn base_url(spec: &Swagger) -> Option<String> {
    let host = spec.host.as_deref()?.trim();
    if host.is_empty() || host.contains(['/', ' ', '?', '#', '@']) {
        return None;
    }
    let scheme = if spec.schemes.iter().any(|s| s == "https") {
        "https"
    } else if spec.schemes.iter().any(|s| s == "http") || spec.schemes.is_empty() {
        if spec.schemes.is_empty() {
            "https"
        } else {
            "http"
        }
    } else {
        return None;
    };
    let base = spec
        .base_path
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/');
    let base = if base.is_empty() || base.starts_with('/') {
        base.to_owned()
    } else {
        format!("/{base}")
    };
    Some(format!("{scheme}://{host}{base}"))
}

/// `x-ms-parameterized-host`: the host as a template whose parameters
/// become client settings (those already declared as client settings
/// are shared).
pub(super) fn host_template(
    cx: &mut Cx<'_>,
    client: &mut Vec<ClientParam>,
    scope: &mut Scope,
) -> Option<HostTemplate> {
    let spec = cx.spec;
    let ext = spec.x_ms_parameterized_host.as_ref()?;
    let ptr = "/x-ms-parameterized-host";
    let Some(template) = ext.get("hostTemplate").and_then(Value::as_str) else {
        cx.diags.warn_help(
            "S0701",
            ptr,
            "`x-ms-parameterized-host` has no `hostTemplate`; swaggen uses `host`",
            "add `hostTemplate: \"{name}.example.com\"` with its `parameters`",
        );
        return None;
    };
    let http_only =
        spec.schemes.iter().all(|s| s != "https") && spec.schemes.iter().any(|s| s == "http");
    let prefix = match ext.get("useSchemePrefix") {
        Some(Value::Bool(false)) => String::new(),
        _ if http_only => "http://".to_owned(),
        _ => "https://".to_owned(),
    };
    let mut params = Vec::new();
    let list = ext
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, raw) in list.iter().enumerate() {
        let item_ptr = pointer_join(&pointer_join(ptr, "parameters"), &i.to_string());
        let resolved = match raw.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                match resolve::parameter(cx, r, &item_ptr, "swaggen skips this host parameter") {
                    Some((p, _)) => p.clone(),
                    None => continue,
                }
            }
            None => match serde_json::from_value::<spec::Parameter>(raw.clone()) {
                Ok(p) => p,
                Err(_) => continue,
            },
        };
        let Some(wire) = resolved.name.clone() else {
            continue;
        };
        if let Some(index) = client
            .iter()
            .position(|c| c.location == ParamIn::Path && c.wire == wire)
        {
            params.push(index);
            continue;
        }
        let default = resolved.simple.default.as_deref().map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        client.push(ClientParam {
            name: scope.claim(&names::snake(client_name(&resolved, &wire))),
            // Needed only when the builder sets no base URL (checked then).
            required: false,
            wire,
            location: ParamIn::Path,
            default,
            everywhere: false,
            secret: false,
            docs: resolved.description.clone(),
        });
        params.push(client.len() - 1);
    }
    let base_path = spec
        .base_path
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/');
    Some(HostTemplate {
        prefix,
        template: template.to_owned(),
        base_path: if base_path.is_empty() || base_path.starts_with('/') {
            base_path.to_owned()
        } else {
            format!("/{base_path}")
        },
        params,
    })
}

pub(super) type RawOp<'a> = (
    &'a str,
    &'static str,
    &'a spec::Operation,
    String,
    Vec<RawParam<'a>>,
);

/// Header names (lower-cased) declared by every operation, when there are
/// at least two operations.
pub(super) fn lifted_headers(ops: &[RawOp<'_>]) -> Vec<String> {
    if ops.len() < 2 {
        return Vec::new();
    }
    let headers_of = |params: &[RawParam<'_>]| -> BTreeSet<String> {
        params
            .iter()
            .filter(|p| p.param.location.as_deref() == Some("header"))
            .filter_map(|p| p.param.name.as_deref())
            .filter(|n| names::is_header_name(n))
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let mut common = headers_of(&ops[0].4);
    for op in &ops[1..] {
        let h = headers_of(&op.4);
        common.retain(|n| h.contains(n));
    }
    // Keep the first operation's order.
    ops[0]
        .4
        .iter()
        .filter_map(|p| p.param.name.as_deref())
        .map(str::to_ascii_lowercase)
        .filter(|n| common.contains(n))
        .collect::<Vec<_>>()
        .into_iter()
        .fold(Vec::new(), |mut acc, n| {
            if !acc.contains(&n) {
                acc.push(n);
            }
            acc
        })
}

pub(super) fn find_header<'a>(
    ops: &'a [RawOp<'a>],
    wire_lower: &str,
) -> (&'a spec::Parameter, bool) {
    let mut found = None;
    let mut required = false;
    for op in ops {
        for p in &op.4 {
            if p.param.location.as_deref() == Some("header")
                && p.param
                    .name
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                    == Some(wire_lower)
            {
                found.get_or_insert(p.param);
                required |= matches!(p.param.required.as_deref(), Some(Value::Bool(true)));
            }
        }
    }
    // `lifted_headers` only names headers that exist, so `found` is set.
    (found.unwrap_or_else(|| ops[0].4[0].param), required)
}

/// Whether a client-level setting is the parameter `wire` at `location`
/// (header names compare without case).
pub(super) fn same_param(c: &ClientParam, location: ParamIn, wire: &str) -> bool {
    c.location == location
        && if location == ParamIn::Header {
            c.wire.eq_ignore_ascii_case(wire)
        } else {
            c.wire == wire
        }
}

/// The client-level settings `x-ms-parameter-location: client` declares
/// (header, query or path parameters), one per location and wire name,
/// beside the lifted headers. A setting defaults to the parameter's
/// `default` or its only `enum` value (an `api-version` given as a
/// constant); without one, a required setting must be set before
/// `build()`.
pub(super) fn azure_client_params(
    ops: &[RawOp<'_>],
    lifted: &[ClientParam],
    scope: &mut Scope,
) -> Vec<ClientParam> {
    let mut out: Vec<ClientParam> = Vec::new();
    for rp in ops.iter().flat_map(|op| op.4.iter()) {
        let p = rp.param;
        if p.x_ms_parameter_location.as_deref().and_then(Value::as_str) != Some("client") {
            continue;
        }
        let (Some(wire), Some(location)) = (p.name.as_deref(), p.location.as_deref()) else {
            continue;
        };
        let location = match location {
            "header" if names::is_header_name(wire) => ParamIn::Header,
            "query" => ParamIn::Query,
            "path" => ParamIn::Path,
            _ => continue,
        };
        if lifted
            .iter()
            .chain(&out)
            .any(|c| same_param(c, location, wire))
        {
            continue;
        }
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let default = p.simple.default.as_deref().map(text).or_else(|| {
            match p
                .simple
                .enum_
                .as_deref()
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                Some([only]) => Some(text(only)),
                _ => None,
            }
        });
        let required = default.is_none()
            && (location == ParamIn::Path
                || matches!(p.required.as_deref(), Some(Value::Bool(true))));
        out.push(ClientParam {
            name: scope.claim(&names::snake(client_name(p, wire))),
            wire: wire.to_owned(),
            location,
            default,
            required,
            everywhere: false,
            secret: names::looks_secret(wire),
            docs: p.description.clone(),
        });
    }
    out
}
