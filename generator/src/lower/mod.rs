//! Stage 3, lower: the document model -> the IR. Decides every name, every
//! type and every diagnostic about meaning. Never builds tokens.

mod client;
mod describe;
mod extensions;
mod features;
mod operation;
mod paging;
mod params;
mod resolve;
mod responses;
mod schema;
mod security;
mod sizes;

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diag::{Diagnostics, pointer_join};
use crate::ir::{
    Api, BodyEncoding, BodyKind, ClientParam, CollectionFormat, Credential, CredentialKind,
    ErrorBody, FinalState, Gate, HostTemplate, Method, Needs, Operation, Outcome, Outcomes, Param,
    ParamIn, PathPart, RequestBody, Success, Ty, TypeKind,
};
use crate::names::{self, Scope};
use crate::spec::{self, Swagger};

pub use schema::primitive;

use schema::Place;

use client::{azure_client_params, base_url, find_header, host_template, lifted_headers};
use operation::{OpInput, lower_operation};
use params::merged_params;
use security::lower_credentials;

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
/// The lowering context, handed to every lowering function that reads the
/// spec, reports a diagnostic or makes a named type: the document, the
/// diagnostics, and the named types made so far.
pub(crate) struct Cx<'a> {
    /// The document being lowered.
    spec: &'a Swagger,
    /// Where diagnostics go.
    diags: &'a mut Diagnostics,
    /// The named types made so far (see [`schema::Types`]).
    types: schema::Types,
}

/// Lowers a parsed document into the IR. Diagnostics are recorded in
/// `diags`; the caller stops before emitting if any is an error.
pub fn lower(spec: &Swagger, options: &LowerOptions, diags: &mut Diagnostics) -> Api {
    let mut cx = Cx {
        spec,
        diags,
        types: schema::Types::new(spec),
    };
    cx.lower_definitions();

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
    let api_version = spec.info.version.as_deref().map(|v| match v {
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
        lower_credentials(&mut cx, &mut builder_scope)
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
            cx.diags.warn_help(
                "S0403",
                &pointer_join(&path_ptr, "$ref"),
                "path items by local `$ref` are not supported; swaggen skips this path",
                "write the path item out, or put it in a separate file and refer to that file",
            );
        }
        for (method, op) in item.operations() {
            let op_ptr = pointer_join(&path_ptr, method);
            let params = merged_params(&mut cx, item, op, &path_ptr, &op_ptr);
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
    let host_template = host_template(&mut cx, &mut client_params, &mut builder_scope);

    let mut method_scope = Scope::with_reserved(CLIENT_METHODS);
    let mut builder_names = Scope::default();
    let mut operations = Vec::new();
    for (path, method, op, op_ptr, params) in &raw_ops {
        let lowered = lower_operation(
            &mut cx,
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
    let (order, made) = cx.into_types();
    let mut types = crate::ir::renumber(&order, made, &mut operations);
    for t in &mut types {
        // Only a type whose docs say nothing is described (the docs are
        // shown otherwise): docs with a letter or digit near their start
        // always say something once escaped.
        let says_something = t
            .docs
            .as_deref()
            .is_some_and(|d| d.chars().take(1000).any(|c| c.is_ascii_alphanumeric()));
        if !says_something {
            t.about = describe::origin(spec, &t.origin);
        }
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
