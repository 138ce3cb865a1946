//! Local `$ref`s: the one place a reference (`#/definitions/Pet`,
//! `#/parameters/limit`, `#/responses/NotFound`) becomes the key it names,
//! with JSON-pointer escapes (`~1`, `~0`) and URI escapes (`%20`) undone,
//! and the one place a reference that resolves to nothing is reported.

use crate::diag::{Diagnostics, pointer_join};
use crate::spec::{self, Swagger};

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
    spec: &'a Swagger,
    reference: &str,
    ptr: &str,
    consequence: &str,
    diags: &mut Diagnostics,
) -> Option<(&'a spec::Parameter, String)> {
    let found = local_key(reference, "parameters")
        .and_then(|k| spec.parameters.get_key_value(&k))
        .map(|(k, p)| (p, pointer_join("/parameters", k)));
    if found.is_none() {
        diags.warn_help(
            "S0101",
            &pointer_join(ptr, "$ref"),
            format!("parameter `$ref: {reference}` does not resolve; {consequence}"),
            "fix the reference or add the parameter under `parameters`",
        );
    }
    found
}

/// A response `$ref`: the response and its pointer, or `None` with a
/// located `S0101` warning saying that `consequence` follows.
pub fn response<'a>(
    spec: &'a Swagger,
    reference: &str,
    ptr: &str,
    consequence: &str,
    diags: &mut Diagnostics,
) -> Option<(&'a spec::Response, String)> {
    let found = local_key(reference, "responses")
        .and_then(|k| spec.responses.get_key_value(&k))
        .map(|(k, r)| (r, pointer_join("/responses", k)));
    if found.is_none() {
        diags.warn_help(
            "S0101",
            &pointer_join(ptr, "$ref"),
            format!("response `$ref: {reference}` does not resolve; {consequence}"),
            "fix the reference or add the response under `responses`",
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
