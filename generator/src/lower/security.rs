//! Credentials: security definitions into `ir::Credential`s, and the
//! checks on requirements and parameters that duplicate a credential.

use super::*;

/// Warns about security requirements naming schemes that are not defined.
pub(super) fn unknown_schemes(
    cx: &mut Cx<'_>,
    alts: &[indexmap::IndexMap<String, Vec<String>>],
    ptr: &str,
) {
    let spec = cx.spec;
    for (i, req) in alts.iter().enumerate() {
        for key in req.keys() {
            if !spec.security_definitions.contains_key(key) {
                cx.diags.warn_help(
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
pub(super) fn supplied_by_credential(cx: &mut Cx<'_>, wire: &str, ptr: &str) {
    cx.diags.warn_help(
        "S0503",
        ptr,
        format!(
            "parameter `{wire}` is the operation's API key; the client's credential supplies it"
        ),
        "set the key on the `ClientBuilder`; remove the parameter from the spec to silence this",
    );
}

pub(super) fn lower_credentials(cx: &mut Cx<'_>, scope: &mut Scope) -> Vec<Credential> {
    let spec = cx.spec;
    if let Some(alts) = &spec.security {
        unknown_schemes(cx, alts, "/security");
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
                        cx.diags.warn_help(
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
                        cx.diags.warn_help("S0501", &ptr, "an `apiKey` scheme needs `name` and `in: header` or `in: query`; swaggen skips it", "add `name` and `in`");
                        continue;
                    }
                }
            }
            Some("basic") => CredentialKind::Basic,
            Some("oauth2") => CredentialKind::Bearer,
            other => {
                cx.diags.warn_help(
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
