//! Stage 3, lower: the document model -> the IR. Decides every name, every
//! type and every diagnostic about meaning. Never builds tokens.

mod describe;
mod features;
mod paging;
mod schema;
mod sizes;

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diag::{Diagnostics, pointer_join};
use crate::ir::{
    Api, BodyEncoding, BodyKind, ClientParam, CollectionFormat, Credential, CredentialKind,
    ErrorBody, FinalState, Gate, HostTemplate, Method, Needs, Operation, Outcome, Outcomes, Param,
    ParamIn, PathPart, RequestBody, Success, Ty, TypeDef, TypeKind,
};
use crate::names::{self, Scope};
use crate::spec::{self, Swagger};

pub use schema::primitive;

/// Settings for lowering that do not come from the spec.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    /// Cargo package name; derived from the title when `None`.
    pub package_name: Option<String>,
    /// How the spec is named in generated headers.
    pub spec_name: String,
    /// The command that regenerates the crate.
    pub regenerate: String,
}

/// Names the client's own methods use; operations cannot take them.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "clone",
    "fmt",
    "execute",
    "has_credential",
    "apply_credential",
    "reqwest_client",
    "timeout",
    "max_body_size",
    "settings",
    "retry_policy",
];
/// Names the client builder's own methods and the fields of the client and
/// its builder use (credentials and client headers are both).
const BUILDER_METHODS: &[&str] = &[
    "new",
    "http",
    "base_url",
    "reqwest_client",
    "timeout",
    "max_body_size",
    "connect_timeout",
    "retry",
    "on_request",
    "on_response",
    "settings",
    "build",
    "default",
    "fmt",
];
/// The hint for a header name HTTP does not allow.
const HEADER_NAME_HELP: &str =
    "use a header name made of letters, digits and the symbols !#$%&'*+-.^_|~";
/// Names an operation builder's own methods use.
const OPERATION_METHODS: &[&str] = &[
    "new",
    "send",
    "send_with_headers",
    "stream",
    "client",
    "fmt",
    "clone",
    "options",
    "timeout",
    "max_body_size",
    "retry",
    "request",
    "wait",
];

/// A parameter after `$ref` resolution, with its pointer.
struct RawParam<'a> {
    param: &'a spec::Parameter,
    ptr: String,
}

/// Lowers a parsed document into the IR. Diagnostics are recorded in
/// `diags`; the caller stops before emitting if any is an error.
pub fn lower(spec: &Swagger, options: &LowerOptions, diags: &mut Diagnostics) -> Api {
    let mut schemas = schema::Schemas::new(spec);
    schemas.lower_definitions(diags);

    let title = spec
        .info
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "API".to_owned());
    let package_name = options
        .package_name
        .clone()
        .unwrap_or_else(|| format!("{}-client", names::package_name(&title)));
    let lib_name = package_name.replace('-', "_");
    let api_version = spec.info.version.as_ref().map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });

    let mut builder_scope = Scope::with_reserved(BUILDER_METHODS);
    // A spec without operations (types only) gets no credentials: nothing
    // would use them.
    let has_operations = spec
        .paths
        .values()
        .chain(spec.x_ms_paths.values())
        .any(|item| item.operations().next().is_some());
    let credentials = if has_operations {
        lower_credentials(spec, &mut builder_scope, diags)
    } else {
        Vec::new()
    };

    // Resolve every operation's parameters first: lifting needs them all.
    let mut raw_ops = Vec::new();
    let all_paths = spec
        .paths
        .iter()
        .map(|(path, item)| ("/paths", path, item))
        .chain(
            spec.x_ms_paths
                .iter()
                .map(|(path, item)| ("/x-ms-paths", path, item)),
        );
    for (section, path, item) in all_paths {
        let path_ptr = pointer_join(section, path);
        if item.reference.is_some() {
            diags.warn_help(
                "S0403",
                &pointer_join(&path_ptr, "$ref"),
                "path items by local `$ref` are not supported; swaggen skips this path",
                "write the path item out, or put it in a separate file and refer to that file",
            );
        }
        for (method, op) in item.operations() {
            let op_ptr = pointer_join(&path_ptr, method);
            let params = merged_params(spec, item, op, &path_ptr, &op_ptr, diags);
            raw_ops.push((path.as_str(), method, op, op_ptr, params));
        }
    }
    let lifted = lifted_headers(&raw_ops);
    let mut client_params = Vec::new();
    for wire in &lifted {
        let (param, required) = find_header(&raw_ops, wire);
        let name = builder_scope.claim(&names::snake(wire));
        client_params.push(ClientParam {
            name,
            wire: param.name.clone().unwrap_or_else(|| wire.clone()),
            location: ParamIn::Header,
            default: None,
            required,
            everywhere: true,
            secret: names::looks_secret(wire),
            docs: param.description.clone(),
        });
    }
    client_params.extend(azure_client_params(
        &raw_ops,
        &client_params,
        &mut builder_scope,
    ));
    let host_template = host_template(spec, &mut client_params, &mut builder_scope, diags);

    let mut method_scope = Scope::with_reserved(CLIENT_METHODS);
    let mut builder_names = Scope::default();
    let mut operations = Vec::new();
    for (path, method, op, op_ptr, params) in &raw_ops {
        let lowered = lower_operation(
            spec,
            OpInput {
                path,
                method,
                op,
                ptr: op_ptr,
                params,
                lifted: &lifted,
                client: &client_params,
                credentials: &credentials,
            },
            &mut method_scope,
            &mut builder_names,
            &mut schemas,
            diags,
        );
        operations.push(lowered);
    }
    let mut credentials = credentials;
    for (index, credential) in credentials.iter_mut().enumerate() {
        credential.required_by_all = !operations.is_empty()
            && operations.iter().all(|op| {
                !op.security.is_empty() && op.security.iter().all(|alt| alt.contains(&index))
            });
    }
    let mut types = schemas.into_types(diags);
    for t in &mut types {
        t.about = describe::origin(spec, &t.origin);
    }
    sizes::box_large_payloads(&mut types);
    let features = features::assign(spec, &mut operations, &mut types);
    let needs = Needs::of(&operations, &types);
    Api {
        package_name,
        lib_name,
        package_version: semver_of(api_version.as_deref()),
        title,
        description: spec.info.description.clone(),
        api_version,
        spec_name: options.spec_name.clone(),
        regenerate: options.regenerate.clone(),
        default_base_url: if host_template.is_some() {
            None
        } else {
            base_url(spec)
        },
        host_template,
        types,
        operations,
        client_params,
        credentials,
        needs,
        features,
    }
}

/// A package version from `info.version`: used as is when it is semver,
/// padded when it is `1` or `1.2`, otherwise `0.1.0`.
pub fn semver_of(version: Option<&str>) -> String {
    let Some(v) = version else {
        return "0.1.0".to_owned();
    };
    let v = v.trim().trim_start_matches(['v', 'V']);
    let parts: Vec<&str> = v.split('.').collect();
    let numeric = |s: &str| {
        !s.is_empty()
            && s.len() < 10
            && s.bytes().all(|b| b.is_ascii_digit())
            && (s == "0" || !s.starts_with('0'))
    };
    match parts.as_slice() {
        [a, b, c] if numeric(a) && numeric(b) && numeric(c) => format!("{a}.{b}.{c}"),
        [a, b] if numeric(a) && numeric(b) => format!("{a}.{b}.0"),
        [a] if numeric(a) => format!("{a}.0.0"),
        _ => "0.1.0".to_owned(),
    }
}

fn base_url(spec: &Swagger) -> Option<String> {
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
fn host_template(
    spec: &Swagger,
    client: &mut Vec<ClientParam>,
    scope: &mut Scope,
    diags: &mut Diagnostics,
) -> Option<HostTemplate> {
    let ext = spec.x_ms_parameterized_host.as_ref()?;
    let ptr = "/x-ms-parameterized-host";
    let Some(template) = ext.get("hostTemplate").and_then(Value::as_str) else {
        diags.warn_help(
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
            Some(r) => match r.strip_prefix("#/parameters/").and_then(|k| {
                spec.parameters
                    .get(&k.replace("~1", "/").replace("~0", "~"))
            }) {
                Some(p) => p.clone(),
                None => {
                    diags.warn_help(
                        "S0101",
                        &pointer_join(&item_ptr, "$ref"),
                        format!("host parameter `$ref: {r}` does not resolve; swaggen skips it"),
                        "fix the reference or add the parameter under `parameters`",
                    );
                    continue;
                }
            },
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
        let default = resolved.simple.default.as_ref().map(|v| match v {
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

/// The name a parameter has in Rust: its `x-ms-client-name` when it has
/// one (the wire name stays), else its wire name.
fn client_name<'p>(p: &'p spec::Parameter, wire: &'p str) -> &'p str {
    p.x_ms_client_name
        .as_ref()
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(wire)
}

/// Reads `x-ms-long-running-operation` and its `final-state-via`.
fn long_running(op: &spec::Operation, ptr: &str, diags: &mut Diagnostics) -> Option<FinalState> {
    match &op.x_ms_long_running_operation {
        None | Some(Value::Bool(false)) => return None,
        Some(Value::Bool(true)) => {}
        Some(other) => {
            diags.warn_help(
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
            diags.warn_help(
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
fn idempotent_extension(op: &spec::Operation, ptr: &str, diags: &mut Diagnostics) -> bool {
    match &op.x_swaggen_idempotent {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            diags.warn_help(
                "S0701",
                &pointer_join(ptr, "x-swaggen-idempotent"),
                format!("`x-swaggen-idempotent` is {other}, not a boolean; swaggen ignores it"),
                "write `x-swaggen-idempotent: true` on an operation that is safe to send twice",
            );
            false
        }
    }
}

/// Warns about security requirements naming schemes that are not defined.
fn unknown_schemes(
    spec: &Swagger,
    alts: &[indexmap::IndexMap<String, Vec<String>>],
    ptr: &str,
    diags: &mut Diagnostics,
) {
    for (i, req) in alts.iter().enumerate() {
        for key in req.keys() {
            if !spec.security_definitions.contains_key(key) {
                diags.warn_help(
                    "S0502",
                    &pointer_join(&pointer_join(ptr, &i.to_string()), key),
                    format!("security scheme `{key}` is not in `securityDefinitions`; requests send no credential for it"),
                    "define the scheme under `securityDefinitions`, or fix the name",
                );
            }
        }
    }
}

/// Warns that a parameter is dropped because a credential sends it.
fn supplied_by_credential(wire: &str, ptr: &str, diags: &mut Diagnostics) {
    diags.warn_help(
        "S0503",
        ptr,
        format!(
            "parameter `{wire}` is the operation's API key; the client's credential supplies it"
        ),
        "set the key on the `ClientBuilder`; remove the parameter from the spec to silence this",
    );
}

fn lower_credentials(
    spec: &Swagger,
    scope: &mut Scope,
    diags: &mut Diagnostics,
) -> Vec<Credential> {
    if let Some(alts) = &spec.security {
        unknown_schemes(spec, alts, "/security", diags);
    }
    let mut out = Vec::new();
    for (key, scheme) in &spec.security_definitions {
        let ptr = pointer_join("/securityDefinitions", key);
        let kind = match scheme.type_.as_deref() {
            Some("apiKey") => {
                match (scheme.location.as_deref(), scheme.name.as_deref()) {
                    (Some("header"), Some(name)) if names::is_header_name(name) => {
                        CredentialKind::ApiKeyHeader(name.to_owned())
                    }
                    (Some("header"), Some(name)) => {
                        diags.warn_help(
                        "S0501",
                        &pointer_join(&ptr, "name"),
                        format!("{name:?} is not a valid HTTP header name; swaggen skips this scheme"),
                        HEADER_NAME_HELP,
                    );
                        continue;
                    }
                    (Some("query"), Some(name)) if !name.is_empty() => {
                        CredentialKind::ApiKeyQuery(name.to_owned())
                    }
                    _ => {
                        diags.warn_help("S0501", &ptr, "an `apiKey` scheme needs `name` and `in: header` or `in: query`; swaggen skips it", "add `name` and `in`");
                        continue;
                    }
                }
            }
            Some("basic") => CredentialKind::Basic,
            Some("oauth2") => CredentialKind::Bearer,
            other => {
                diags.warn_help(
                    "S0501",
                    &ptr,
                    format!("unknown security scheme type {other:?}; swaggen skips it"),
                    "use `apiKey`, `basic` or `oauth2`",
                );
                continue;
            }
        };
        out.push(Credential {
            name: scope.claim(&names::snake(key)),
            scheme: key.clone(),
            kind,
            docs: scheme.description.clone(),
            required_by_all: false,
        });
    }
    out
}

/// Path-level parameters merged with the operation's (the operation wins),
/// with `$ref`s resolved.
fn merged_params<'a>(
    spec: &'a Swagger,
    item: &'a spec::PathItem,
    op: &'a spec::Operation,
    path_ptr: &str,
    op_ptr: &str,
    diags: &mut Diagnostics,
) -> Vec<RawParam<'a>> {
    let mut out: Vec<RawParam<'a>> = Vec::new();
    let resolve = |p: &'a spec::Parameter,
                   ptr: String,
                   diags: &mut Diagnostics|
     -> Option<RawParam<'a>> {
        match &p.reference {
            Some(r) => {
                let key = r
                    .strip_prefix("#/parameters/")
                    .map(|k| k.replace("~1", "/").replace("~0", "~"));
                match key
                    .as_ref()
                    .and_then(|k| spec.parameters.get(k).map(|t| (k, t)))
                {
                    Some((k, target)) => Some(RawParam {
                        param: target,
                        ptr: pointer_join("/parameters", k),
                    }),
                    None => {
                        diags.warn_help("S0101", &pointer_join(&ptr, "$ref"), format!("parameter `$ref: {r}` does not resolve; swaggen skips the parameter"), "fix the reference or add the parameter under `parameters`");
                        None
                    }
                }
            }
            None => Some(RawParam { param: p, ptr }),
        }
    };
    for (i, p) in item.parameters.iter().enumerate() {
        let ptr = pointer_join(&pointer_join(path_ptr, "parameters"), &i.to_string());
        if let Some(rp) = resolve(p, ptr, diags) {
            out.push(rp);
        }
    }
    for (i, p) in op.parameters.iter().enumerate() {
        let ptr = pointer_join(&pointer_join(op_ptr, "parameters"), &i.to_string());
        if let Some(rp) = resolve(p, ptr, diags) {
            let key = (rp.param.name.clone(), rp.param.location.clone());
            if let Some(pos) = out
                .iter()
                .position(|o| (o.param.name.clone(), o.param.location.clone()) == key)
            {
                out[pos] = rp;
            } else {
                out.push(rp);
            }
        }
    }
    out
}

type RawOp<'a> = (
    &'a str,
    &'static str,
    &'a spec::Operation,
    String,
    Vec<RawParam<'a>>,
);

/// Header names (lower-cased) declared by every operation, when there are
/// at least two operations.
fn lifted_headers(ops: &[RawOp<'_>]) -> Vec<String> {
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

fn find_header<'a>(ops: &'a [RawOp<'a>], wire_lower: &str) -> (&'a spec::Parameter, bool) {
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
                required |= matches!(p.param.required, Some(Value::Bool(true)));
            }
        }
    }
    // `lifted_headers` only names headers that exist, so `found` is set.
    (found.unwrap_or_else(|| ops[0].4[0].param), required)
}

/// The pairs of a fixed query (`comp=list&restype=container`; a name
/// without `=` has an empty value), percent-decoded.
fn fixed_query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(name), decode(value))
        })
        .collect()
}

/// Whether a client-level setting is the parameter `wire` at `location`
/// (header names compare without case).
fn same_param(c: &ClientParam, location: ParamIn, wire: &str) -> bool {
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
fn azure_client_params(
    ops: &[RawOp<'_>],
    lifted: &[ClientParam],
    scope: &mut Scope,
) -> Vec<ClientParam> {
    let mut out: Vec<ClientParam> = Vec::new();
    for rp in ops.iter().flat_map(|op| op.4.iter()) {
        let p = rp.param;
        if p.x_ms_parameter_location.as_ref().and_then(Value::as_str) != Some("client") {
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
        let default = p.simple.default.as_ref().map(text).or_else(|| {
            match p
                .simple
                .enum_
                .as_ref()
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                Some([only]) => Some(text(only)),
                _ => None,
            }
        });
        let required = default.is_none()
            && (location == ParamIn::Path || matches!(p.required, Some(Value::Bool(true))));
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

struct OpInput<'a, 'b> {
    path: &'a str,
    method: &'static str,
    op: &'a spec::Operation,
    ptr: &'b str,
    params: &'b [RawParam<'a>],
    lifted: &'b [String],
    client: &'b [ClientParam],
    credentials: &'b [Credential],
}

fn http_method(m: &str) -> Method {
    match m {
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Get,
    }
}

/// A stable operation name from method and path: `get /pets/{id}` ->
/// `get_pets_by_id`.
fn derived_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(inner) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push(format!("by_{inner}"));
        } else {
            words.push(seg.to_owned());
        }
    }
    words.join("_")
}

fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "text/json" || m == "*/*"
}

fn lower_operation(
    spec: &Swagger,
    input: OpInput<'_, '_>,
    method_scope: &mut Scope,
    builder_names: &mut Scope,
    schemas: &mut schema::Schemas<'_>,
    diags: &mut Diagnostics,
) -> Operation {
    let OpInput {
        path,
        method,
        op,
        ptr,
        params: raw_params,
        lifted,
        client,
        credentials,
    } = input;
    // An `x-ms-paths` key may end in a fixed query (`/blob?comp=list`).
    let path_key = path;
    let (path, fixed_query) = match path_key.split_once('?') {
        Some((path, query)) => (path, fixed_query_pairs(query)),
        None => (path_key, Vec::new()),
    };
    let base_name = match op.operation_id.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(id) => id.to_owned(),
        None => {
            let derived = derived_name(method, path);
            diags.warn_help(
                "S0401",
                ptr,
                format!(
                    "the operation has no `operationId`; swaggen names it `{}`",
                    names::snake(&derived)
                ),
                "add an `operationId` (in the spec or an overlay) to choose the name",
            );
            derived
        }
    };
    let wanted = names::snake(&base_name);
    let method_name = method_scope.claim(&wanted);
    if method_name != wanted {
        diags.warn_help(
            "S0402",
            &pointer_join(ptr, "operationId"),
            if CLIENT_METHODS.contains(&names::unraw(&wanted)) {
                format!(
                    "`{wanted}` is a method of the generated `Client`; this operation becomes `{method_name}`"
                )
            } else {
                format!(
                    "another operation is already called `{wanted}`; this one becomes `{method_name}`"
                )
            },
            "give each operation a unique `operationId`",
        );
    }
    let builder_name = builder_names.claim(&names::camel(names::unraw(&method_name)));

    let consumes = op.consumes.clone().unwrap_or_else(|| spec.consumes.clone());
    let produces = op.produces.clone().unwrap_or_else(|| spec.produces.clone());
    if let Some(alts) = &op.security {
        unknown_schemes(spec, alts, &pointer_join(ptr, "security"), diags);
    }
    let security = op
        .security
        .as_ref()
        .or(spec.security.as_ref())
        .map(|alts| {
            alts.iter()
                .map(|req| {
                    req.keys()
                        .filter_map(|k| credentials.iter().position(|c| &c.scheme == k))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    // Header and query names a credential of this operation supplies.
    let supplied: BTreeSet<(bool, String)> = security
        .iter()
        .flatten()
        .filter_map(|&i| match &credentials.get(i)?.kind {
            CredentialKind::ApiKeyHeader(n) => Some((true, n.to_ascii_lowercase())),
            CredentialKind::ApiKeyQuery(n) => Some((false, n.clone())),
            _ => None,
        })
        .collect();
    let mut scope = Scope::with_reserved(OPERATION_METHODS);
    let mut client_used = Vec::new();
    let mut params = Vec::new();
    let mut body = None;
    let mut has_file = false;
    for rp in raw_params {
        let p = rp.param;
        let ptr = rp.ptr.as_str();
        let Some(wire) = p.name.clone() else {
            diags.push(
                crate::diag::Diagnostic::error("S0202", ptr, "a parameter has no `name`")
                    .with_help("add `name` to the parameter"),
            );
            continue;
        };
        let location = match p.location.as_deref() {
            Some("path") => ParamIn::Path,
            Some("query") => {
                if supplied.contains(&(false, wire.clone())) {
                    supplied_by_credential(&wire, ptr, diags);
                    continue;
                }
                ParamIn::Query
            }
            Some("header") => {
                if lifted.contains(&wire.to_ascii_lowercase()) {
                    continue;
                }
                if supplied.contains(&(true, wire.to_ascii_lowercase())) {
                    supplied_by_credential(&wire, ptr, diags);
                    continue;
                }
                if !names::is_header_name(&wire) {
                    diags.warn_help(
                        "S0202",
                        &pointer_join(ptr, "name"),
                        format!(
                            "{wire:?} is not a valid HTTP header name; swaggen skips this parameter"
                        ),
                        HEADER_NAME_HELP,
                    );
                    continue;
                }
                ParamIn::Header
            }
            Some("formData") => ParamIn::Form,
            Some("body") => {
                let context = format!("{builder_name}Body");
                let ty = match &p.schema {
                    Some(s) => schemas.lower(s, &pointer_join(ptr, "schema"), &context, diags, 0),
                    None => {
                        diags.warn_help(
                            "S0202",
                            ptr,
                            "a body parameter has no `schema`; swaggen sends any JSON value",
                            "add a `schema`",
                        );
                        Ty::Json
                    }
                };
                let content_type = consumes
                    .iter()
                    .find(|c| is_json(c))
                    .or(consumes.first())
                    .cloned()
                    .unwrap_or_else(|| "application/json".to_owned());
                let encoding = if is_json(&content_type) {
                    BodyEncoding::Json
                } else if matches!(ty, Ty::Bytes) || content_type == "application/octet-stream" {
                    BodyEncoding::Bytes
                } else if content_type.starts_with("text/") && ty == Ty::String {
                    BodyEncoding::Text
                } else {
                    BodyEncoding::Json
                };
                let (ty, content_type) = match encoding {
                    BodyEncoding::Bytes => (Ty::Bytes, content_type),
                    _ => (ty, content_type),
                };
                body = Some(RequestBody {
                    name: scope.claim(&names::snake(client_name(p, &wire))),
                    ty,
                    required: matches!(p.required, Some(Value::Bool(true))),
                    docs: p.description.clone(),
                    content_type,
                    encoding,
                });
                continue;
            }
            other => {
                diags.warn_help(
                    "S0202",
                    &pointer_join(ptr, "in"),
                    format!("unknown parameter location {other:?}; swaggen skips the parameter"),
                    "use `path`, `query`, `header`, `formData` or `body`",
                );
                continue;
            }
        };
        // A client-level setting: sent from the client's value.
        if let Some(index) = client
            .iter()
            .position(|c| !c.everywhere && same_param(c, location, &wire))
        {
            if location != ParamIn::Path && !client_used.contains(&index) {
                client_used.push(index);
            }
            continue;
        }
        let context = names::nested(&builder_name, &wire);
        let (ty, file) = simple_type(&p.simple, ptr, &context, &wire, schemas, diags, 0);
        has_file |= file;
        let collection = match p.simple.collection_format.as_ref().and_then(Value::as_str) {
            Some("ssv") => CollectionFormat::Ssv,
            Some("tsv") => CollectionFormat::Tsv,
            Some("pipes") => CollectionFormat::Pipes,
            Some("multi") if matches!(location, ParamIn::Query | ParamIn::Form) => {
                CollectionFormat::Multi
            }
            _ => CollectionFormat::Csv,
        };
        let required = location == ParamIn::Path || matches!(p.required, Some(Value::Bool(true)));
        let wire_name = wire.clone();
        params.push(Param {
            name: scope.claim(&names::snake(client_name(p, &wire))),
            wire,
            location,
            ty,
            required,
            collection,
            docs: p.description.clone(),
            file,
            default: p.simple.default.as_ref().map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            raw_path: location == ParamIn::Path
                && matches!(p.x_ms_skip_url_encoding, Some(Value::Bool(true))),
            secret: names::looks_secret(&wire_name),
        });
    }
    // Form bodies.
    let mut multipart = false;
    if params.iter().any(|p| p.location == ParamIn::Form) {
        if has_file
            || consumes
                .iter()
                .any(|c| c.starts_with("multipart/form-data"))
        {
            multipart = true;
        }
        if body.is_some() {
            diags.warn_help(
                "S0202",
                ptr,
                "an operation has both a body parameter and form parameters; swaggen sends the form fields",
                "keep either the body parameter or the form parameters",
            );
            body = None;
        }
    }
    let path_parts = split_path(path, &mut params, client, &mut scope, ptr, diags);

    let (success, error) = lower_responses(spec, op, ptr, &builder_name, &produces, schemas, diags);
    let accept = accept_header(&produces, &success);
    Operation {
        method_name,
        builder_name,
        operation_id: op.operation_id.clone(),
        method: http_method(method),
        path_template: path_key.to_owned(),
        fixed_query,
        path: path_parts,
        params,
        body,
        multipart,
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated == Some(true),
        accept,
        success,
        error,
        security,
        paging: None,
        idempotent: idempotent_extension(op, ptr, diags),
        long_running: long_running(op, ptr, diags),
        client_params: client_used,
        tag: op.tags.iter().find_map(|t| t.as_str()).map(str::to_owned),
        gate: Gate::Always,
    }
    .with_paging(op, ptr, schemas, diags)
}

impl Operation {
    fn with_paging(
        mut self,
        op: &spec::Operation,
        ptr: &str,
        schemas: &schema::Schemas<'_>,
        diags: &mut Diagnostics,
    ) -> Operation {
        self.paging = paging::lower(&self, op, ptr, schemas, diags);
        self
    }
}

/// The type of a non-body parameter (or array items). Returns the type and
/// whether it is a file.
fn simple_type(
    st: &spec::SimpleType,
    ptr: &str,
    context: &str,
    wire: &str,
    schemas: &mut schema::Schemas<'_>,
    diags: &mut Diagnostics,
    depth: usize,
) -> (Ty, bool) {
    if depth > 16 {
        diags.error_help(
            "S0005",
            ptr,
            "parameter `items` nest too deeply",
            "use fewer levels of nested arrays",
        );
        return (Ty::String, false);
    }
    let type_name = match &st.type_ {
        Some(Value::String(s)) => s.as_str(),
        None if st.reference.is_some() => {
            diags.warn_help(
                "S0202",
                ptr,
                format!(
                    "parameter `{wire}` uses `$ref` for its type; swaggen treats it as a string"
                ),
                "give the parameter a `type` (non-body parameters take simple types)",
            );
            return (Ty::String, false);
        }
        None => {
            diags.warn_help(
                "S0201",
                ptr,
                format!("parameter `{wire}` has no `type`; swaggen treats it as a string"),
                "add `type` (and `format`) to the parameter, in the spec or with an overlay (`swaggen generate --overlay`)",
            );
            return (Ty::String, false);
        }
        Some(other) => {
            diags.warn_help(
                "S0202",
                &pointer_join(ptr, "type"),
                format!("parameter `{wire}` has type {other}; swaggen treats it as a string"),
                "use one of `string`, `integer`, `number`, `boolean`, `array`, `file`",
            );
            return (Ty::String, false);
        }
    };
    let format = st.format.as_ref().and_then(Value::as_str);
    if type_name == "array" {
        let item_ptr = pointer_join(ptr, "items");
        let item = match &st.items {
            Some(items) => {
                simple_type(
                    items,
                    &item_ptr,
                    &format!("{context}Item"),
                    wire,
                    schemas,
                    diags,
                    depth + 1,
                )
                .0
            }
            None => {
                diags.warn_help(
                    "S0202",
                    ptr,
                    format!("array parameter `{wire}` has no `items`; swaggen uses strings"),
                    "add `items`",
                );
                Ty::String
            }
        };
        return (Ty::Vec(Box::new(item)), false);
    }
    if type_name == "string"
        && st
            .enum_
            .as_ref()
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    {
        let schema = spec::Schema {
            type_: Some(Value::String("string".to_owned())),
            enum_: st.enum_.clone(),
            x_ms_enum: st.x_ms_enum.clone(),
            ..Default::default()
        };
        let ty = schemas.lower(&schema, ptr, context, diags, depth);
        if ty != Ty::String && ty != Ty::Json {
            return (ty, false);
        }
    }
    match primitive(type_name, format) {
        Some(Ty::Base64) => (Ty::String, false),
        // Binary text outside a file upload is sent as it is.
        Some(Ty::Bytes) if type_name != "file" => (Ty::String, false),
        Some(ty) => (ty.clone(), type_name == "file"),
        None => {
            diags.warn_help(
                "S0202",
                &pointer_join(ptr, "type"),
                format!("parameter `{wire}` has unknown type `{type_name}`; swaggen treats it as a string"),
                "use one of `string`, `integer`, `number`, `boolean`, `array`, `file`",
            );
            (Ty::String, false)
        }
    }
}

/// Splits `/a/{b}/c.{fmt}` into literal and parameter parts. Declared path
/// parameters missing from the template are dropped; template names with no
/// declaration get a string parameter; both with a warning.
fn split_path(
    template: &str,
    params: &mut Vec<Param>,
    client: &[ClientParam],
    scope: &mut Scope,
    ptr: &str,
    diags: &mut Diagnostics,
) -> Vec<PathPart> {
    let mut in_template: Vec<&str> = Vec::new();
    let mut rest = template;
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        if close < open {
            rest = &rest[close + 1..];
            continue;
        }
        in_template.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    params.retain(|p| {
        let keep = p.location != ParamIn::Path || in_template.contains(&p.wire.as_str());
        if !keep {
            diags.warn_help(
                "S0203",
                ptr,
                format!(
                    "path parameter `{}` is not in the path template; swaggen leaves it out",
                    p.wire
                ),
                "add it to the path or change `in`",
            );
        }
        keep
    });
    let client_path = |wire: &str| {
        client
            .iter()
            .position(|c| c.location == ParamIn::Path && c.wire == wire)
    };
    for wire in &in_template {
        if !params
            .iter()
            .any(|p| p.location == ParamIn::Path && p.wire == *wire)
            && client_path(wire).is_none()
        {
            diags.warn_help(
                "S0203",
                ptr,
                format!("the path has `{{{wire}}}` but no path parameter `{wire}`; swaggen adds a string parameter"),
                "declare the parameter with `in: path`",
            );
            params.push(Param {
                name: scope.claim(&names::snake(wire)),
                wire: (*wire).to_owned(),
                location: ParamIn::Path,
                ty: Ty::String,
                required: true,
                collection: CollectionFormat::Csv,
                docs: None,
                file: false,
                default: None,
                raw_path: false,
                secret: names::looks_secret(wire),
            });
        }
    }
    // Required arguments: path parameters first, in template order, then
    // the others in spec order (a stable sort).
    params.sort_by_key(|p| match p.location {
        ParamIn::Path => (0, in_template.iter().position(|w| *w == p.wire)),
        _ => (1, None),
    });
    let mut parts = Vec::new();
    for (seg_index, segment) in template.split('/').enumerate() {
        if seg_index > 0 {
            push_literal(&mut parts, "/");
        }
        let mut rest = segment;
        while !rest.is_empty() {
            match (rest.find('{'), rest.find('}')) {
                (Some(open), Some(close)) if close > open => {
                    push_literal(&mut parts, &encode_literal(&rest[..open]));
                    let wire = &rest[open + 1..close];
                    let whole = open == 0 && close + 1 == rest.len() && rest.len() == segment.len();
                    if let Some(index) = params
                        .iter()
                        .position(|p| p.location == ParamIn::Path && p.wire == wire)
                    {
                        parts.push(PathPart::Param { index, whole });
                    } else if let Some(index) = client_path(wire) {
                        parts.push(PathPart::Client { index, whole });
                    }
                    rest = &rest[close + 1..];
                }
                _ => {
                    push_literal(&mut parts, &encode_literal(rest));
                    rest = "";
                }
            }
        }
    }
    parts
}

fn push_literal(parts: &mut Vec<PathPart>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(PathPart::Literal(prev)) = parts.last_mut() {
        prev.push_str(text);
    } else {
        parts.push(PathPart::Literal(text.to_owned()));
    }
}

/// Percent-encodes characters that may not stand in a URL path.
fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn status_name(code: u16) -> String {
    match code {
        200 => "Ok".to_owned(),
        201 => "Created".to_owned(),
        202 => "Accepted".to_owned(),
        203 => "NonAuthoritative".to_owned(),
        204 => "NoContent".to_owned(),
        206 => "PartialContent".to_owned(),
        other => format!("Status{other}"),
    }
}

fn lower_responses(
    spec: &Swagger,
    op: &spec::Operation,
    ptr: &str,
    builder_name: &str,
    produces: &[String],
    schemas: &mut schema::Schemas<'_>,
    diags: &mut Diagnostics,
) -> (Success, ErrorBody) {
    let json = produces.is_empty() || produces.iter().any(|p| is_json(p));
    let text = !json && produces.iter().any(|p| p.starts_with("text/"));
    let mut success: Vec<Outcome> = Vec::new();
    let mut errors: Vec<Outcome> = Vec::new();
    let mut default: Option<Outcome> = None;
    for (code, resp) in &op.responses {
        let rptr = pointer_join(&pointer_join(ptr, "responses"), code);
        let (resp, rptr) = match &resp.reference {
            Some(r) => {
                let key = r
                    .strip_prefix("#/responses/")
                    .map(|k| k.replace("~1", "/").replace("~0", "~"));
                match key
                    .as_ref()
                    .and_then(|k| spec.responses.get(k).map(|t| (k, t)))
                {
                    Some((k, target)) => (target, pointer_join("/responses", k)),
                    None => {
                        diags.warn_help(
                            "S0101",
                            &pointer_join(&rptr, "$ref"),
                            format!(
                                "response `$ref: {r}` does not resolve; swaggen ignores the body"
                            ),
                            "fix the reference",
                        );
                        (resp, rptr)
                    }
                }
            }
            None => (resp, rptr),
        };
        let status: Option<u16> = if code == "default" {
            None
        } else {
            match code.parse::<u16>() {
                Ok(c) if (100..=599).contains(&c) => Some(c),
                _ => {
                    diags.warn_help(
                        "S0403",
                        &rptr,
                        format!("response code `{code}` is not a status code; swaggen ignores it"),
                        "use a three-digit status code or `default`",
                    );
                    continue;
                }
            }
        };
        let is_success = status.is_some_and(|c| (200..300).contains(&c));
        let body = match &resp.schema {
            Some(s) if s.type_.as_ref().and_then(Value::as_str) == Some("file") => BodyKind::Bytes,
            Some(s) if json => {
                let context = match status {
                    Some(_)
                        if is_success
                            && op.responses.keys().filter(|k| k.starts_with('2')).count() == 1 =>
                    {
                        format!("{builder_name}Response")
                    }
                    Some(c) => format!("{builder_name}Response{c}"),
                    None => format!("{builder_name}DefaultResponse"),
                };
                BodyKind::Json(schemas.lower(s, &pointer_join(&rptr, "schema"), &context, diags, 0))
            }
            Some(_) if text => BodyKind::Text,
            Some(_) => BodyKind::Bytes,
            None if status == Some(204) || status == Some(205) => BodyKind::Empty,
            None if !is_success => BodyKind::Empty,
            None if json => BodyKind::Json(Ty::Json),
            None if text => BodyKind::Text,
            None => BodyKind::Bytes,
        };
        let outcome = Outcome {
            name: match status {
                Some(c) => status_name(c),
                None => "Default".to_owned(),
            },
            status,
            docs: resp.description.clone(),
            body,
            boxed: false,
        };
        match status {
            None => default = Some(outcome),
            Some(_) if is_success => success.push(outcome),
            Some(_) => errors.push(outcome),
        }
    }
    if success.is_empty() {
        let body = match &default {
            Some(d) if d.body != BodyKind::Empty => d.body.clone(),
            _ if json => BodyKind::Json(Ty::Json),
            _ if text => BodyKind::Text,
            _ => BodyKind::Bytes,
        };
        success.push(Outcome {
            name: "Ok".to_owned(),
            status: None,
            docs: None,
            body,
            boxed: false,
        });
    }
    let first = success[0].body.clone();
    let success_ir = if success.iter().all(|o| o.body == first) {
        Success::Single(first)
    } else {
        let name = schemas.claim(&format!("{builder_name}Response"));
        schemas.add(TypeDef {
            about: String::new(),
            name: name.clone(),
            origin: pointer_join(ptr, "responses"),
            docs: None,
            kind: TypeKind::Outcomes(Outcomes {
                builder: builder_name.to_owned(),
                error: false,
                outcomes: success,
            }),
            gate: Gate::Always,
        });
        Success::Outcomes(name)
    };
    errors.extend(default);
    let json_errors: Vec<&Outcome> = errors
        .iter()
        .filter(|o| matches!(o.body, BodyKind::Json(_)))
        .collect();
    let error_ir = match json_errors.as_slice() {
        [] => ErrorBody::Json(Ty::Json),
        [one, rest @ ..] if rest.iter().all(|o| o.body == one.body) => match &one.body {
            BodyKind::Json(ty) => ErrorBody::Json(ty.clone()),
            _ => ErrorBody::Json(Ty::Json),
        },
        _ => {
            let name = schemas.claim(&format!("{builder_name}Error"));
            let outcomes: Vec<Outcome> = json_errors.into_iter().cloned().collect();
            schemas.add(TypeDef {
                about: String::new(),
                name: name.clone(),
                origin: pointer_join(ptr, "responses"),
                docs: None,
                kind: TypeKind::Outcomes(Outcomes {
                    builder: builder_name.to_owned(),
                    error: true,
                    outcomes,
                }),
                gate: Gate::Always,
            });
            ErrorBody::Outcomes(name)
        }
    };
    (success_ir, error_ir)
}

fn accept_header(produces: &[String], success: &Success) -> Option<String> {
    if let Some(j) = produces.iter().find(|p| is_json(p) && *p != "*/*") {
        return Some(j.clone());
    }
    if !produces.is_empty() {
        return Some(produces.join(", "));
    }
    match success {
        Success::Single(BodyKind::Json(_)) | Success::Outcomes(_) => {
            Some("application/json".to_owned())
        }
        _ => None,
    }
}
