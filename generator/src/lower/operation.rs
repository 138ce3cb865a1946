//! One operation: its name, parameters, body, responses, security and
//! extensions into an `ir::Operation`.

use super::client::same_param;
use super::extensions::{client_name, idempotent_extension, long_running};
use super::params::{RawParam, simple_type, split_path};
use super::responses::{accept_header, is_json, lower_responses};
use super::security::{supplied_by_credential, unknown_schemes};
use super::*;

/// Names an operation builder's own methods use.
pub(super) const OPERATION_METHODS: &[&str] = &[
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

pub(super) struct OpInput<'a, 'b> {
    pub(super) path: &'a str,
    pub(super) method: &'static str,
    pub(super) op: &'a spec::Operation,
    pub(super) ptr: &'b str,
    pub(super) params: &'b [RawParam<'a>],
    pub(super) lifted: &'b [String],
    pub(super) client: &'b [ClientParam],
    pub(super) credentials: &'b [Credential],
}

pub(super) fn http_method(m: &str) -> Method {
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
pub(super) fn derived_name(method: &str, path: &str) -> String {
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

/// The pairs of a fixed query (`comp=list&restype=container`; a name
/// without `=` has an empty value), percent-decoded.
pub(super) fn fixed_query_pairs(query: &str) -> Vec<(String, String)> {
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

pub(super) fn lower_operation<'a>(
    cx: &mut Cx<'a>,
    input: OpInput<'a, '_>,
    method_scope: &mut Scope,
    builder_names: &mut Scope,
) -> Operation {
    let spec = cx.spec;
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
            cx.diags.warn_help(
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
        cx.diags.warn_help(
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
        unknown_schemes(cx, alts, &pointer_join(ptr, "security"));
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
    let supplied: Vec<(ParamIn, String)> = security
        .iter()
        .flatten()
        .filter_map(|&i| credentials.get(i)?.kind.supplies())
        .map(|(place, name)| match place {
            ParamIn::Header => (place, name.to_ascii_lowercase()),
            _ => (place, name.to_owned()),
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
            cx.diags.push(
                crate::diag::Diagnostic::error("S0202", ptr, "a parameter has no `name`")
                    .with_help("add `name` to the parameter"),
            );
            continue;
        };
        let location = match p.location.as_deref() {
            Some("path") => ParamIn::Path,
            Some("query") => {
                if supplied.contains(&(ParamIn::Query, wire.clone())) {
                    supplied_by_credential(cx, &wire, ptr);
                    continue;
                }
                ParamIn::Query
            }
            Some("header") => {
                if lifted.contains(&wire.to_ascii_lowercase()) {
                    continue;
                }
                if supplied.contains(&(ParamIn::Header, wire.to_ascii_lowercase())) {
                    supplied_by_credential(cx, &wire, ptr);
                    continue;
                }
                if !names::is_header_name(&wire) {
                    cx.diags.warn_help(
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
                let place = Place::Suffixed(&Place::Named(&builder_name), "Body");
                let ty = match &p.schema {
                    Some(s) => cx.lower(s, &pointer_join(ptr, "schema"), place, 0),
                    None => {
                        cx.diags.warn_help(
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
                    required: matches!(p.required.as_deref(), Some(Value::Bool(true))),
                    docs: p.description.clone(),
                    content_type,
                    encoding,
                });
                continue;
            }
            other => {
                cx.diags.warn_help(
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
        let place = Place::Nested(&builder_name, &wire);
        let (ty, file) = simple_type(cx, &p.simple, ptr, place, &wire, 0);
        has_file |= file;
        let collection = match p
            .simple
            .collection_format
            .as_deref()
            .and_then(Value::as_str)
        {
            Some("ssv") => CollectionFormat::Ssv,
            Some("tsv") => CollectionFormat::Tsv,
            Some("pipes") => CollectionFormat::Pipes,
            Some("multi") if matches!(location, ParamIn::Query | ParamIn::Form) => {
                CollectionFormat::Multi
            }
            _ => CollectionFormat::Csv,
        };
        let required =
            location == ParamIn::Path || matches!(p.required.as_deref(), Some(Value::Bool(true)));
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
            default: p.simple.default.as_deref().map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            raw_path: location == ParamIn::Path
                && matches!(p.x_ms_skip_url_encoding.as_deref(), Some(Value::Bool(true))),
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
            cx.diags.warn_help(
                "S0202",
                ptr,
                "an operation has both a body parameter and form parameters; swaggen sends the form fields",
                "keep either the body parameter or the form parameters",
            );
            body = None;
        }
    }
    let path_parts = split_path(cx, path, &mut params, client, &mut scope, ptr);

    let (success, error) = lower_responses(cx, op, ptr, &builder_name, &produces);
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
        idempotent: idempotent_extension(cx, op, ptr),
        long_running: long_running(cx, op, ptr),
        client_params: client_used,
        tag: op.tags.iter().find_map(|t| t.as_str()).map(str::to_owned),
        gate: Gate::Always,
    }
    .with_paging(op, ptr, cx)
}

impl Operation {
    pub(super) fn with_paging(
        mut self,
        op: &spec::Operation,
        ptr: &str,
        cx: &mut Cx<'_>,
    ) -> Operation {
        self.paging = paging::lower(&self, op, ptr, cx);
        self
    }
}
