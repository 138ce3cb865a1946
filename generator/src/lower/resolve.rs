//! Local `$ref`s: the one place a reference (`#/definitions/Pet`,
//! `#/parameters/limit`, `#/responses/NotFound`) becomes the key it names,
//! with JSON-pointer escapes (`~1`, `~0`) and URI escapes (`%20`) undone,
//! and the one place a reference that resolves to nothing is reported.

use indexmap::IndexMap;

use super::Cx;
use crate::diag::{Diagnostics, pointer_join};
use crate::spec;

/// The key a local reference names under `section` (`definitions`,
/// `parameters`, `responses`), or `None` when it points anywhere else.
pub fn local_key(reference: &str, section: &str) -> Option<String> {
    let rest = reference
        .strip_prefix("#/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    let rest = if rest.contains('%') {
        crate::refs::percent_decode(rest)
    } else {
        rest.to_owned()
    };
    Some(rest.replace("~1", "/").replace("~0", "~"))
}

/// A parameter `$ref` (at `ptr`, the referring parameter's pointer):
/// the parameter and its pointer, or `None` with a located `S0101`
/// warning saying that `consequence` follows.
pub fn parameter<'a>(
    cx: &mut Cx<'a>,
    reference: &str,
    ptr: &str,
    consequence: &str,
) -> Option<(&'a spec::Parameter, String)> {
    let at = Referrer {
        reference,
        ptr,
        consequence,
    };
    find(
        &cx.spec.parameters,
        "parameters",
        "parameter",
        &at,
        cx.diags,
    )
}

/// A response `$ref`: the response and its pointer, or `None` with a
/// located `S0101` warning saying that `consequence` follows.
pub fn response<'a>(
    cx: &mut Cx<'a>,
    reference: &str,
    ptr: &str,
    consequence: &str,
) -> Option<(&'a spec::Response, String)> {
    let at = Referrer {
        reference,
        ptr,
        consequence,
    };
    find(&cx.spec.responses, "responses", "response", &at, cx.diags)
}

/// A reference, where it is, and what follows when it resolves to nothing.
struct Referrer<'r> {
    reference: &'r str,
    ptr: &'r str,
    consequence: &'r str,
}

/// Looks a local reference up in one section of the document.
fn find<'a, T>(
    section: &'a IndexMap<String, T>,
    name: &str,
    what: &str,
    at: &Referrer<'_>,
    diags: &mut Diagnostics,
) -> Option<(&'a T, String)> {
    let found = local_key(at.reference, name)
        .and_then(|k| section.get_key_value(&k))
        .map(|(k, v)| (v, pointer_join(&format!("/{name}"), k)));
    if found.is_none() {
        diags.warn_help(
            "S0101",
            &pointer_join(at.ptr, "$ref"),
            format!(
                "{what} `$ref: {}` does not resolve; {}",
                at.reference, at.consequence
            ),
            format!("fix the reference or add the {what} under `{name}`"),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::local_key;

    #[test]
    fn local_keys() {
        let table = [
            ("#/definitions/Pet", "definitions", Some("Pet")),
            ("#/definitions/a~1b~0c", "definitions", Some("a/b~c")),
            ("#/definitions/My%20Pet", "definitions", Some("My Pet")),
            ("#/parameters/limit", "parameters", Some("limit")),
            ("#/parameters/limit", "definitions", None),
            ("#/definitionsX/Pet", "definitions", None),
            ("other.yaml#/definitions/Pet", "definitions", None),
        ];
        for (reference, section, want) in table {
            assert_eq!(
                local_key(reference, section).as_deref(),
                want,
                "{reference}"
            );
        }
    }
}
