//! What a type is, in words, from where in the spec it comes: the docs of
//! a type the spec does not describe ("The `color` property of `Pet`"),
//! rather than a JSON pointer whose index shifts when a parameter is
//! inserted.

use crate::spec::{self, Swagger};

/// A sentence (Markdown) naming what the spec item at `pointer` is.
pub(super) fn origin(spec: &Swagger, pointer: &str) -> String {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let (owner, rest) = match segments.as_slice() {
        ["definitions", name, rest @ ..] => (format!("the `{name}` definition"), rest),
        ["parameters", name, rest @ ..] => (format!("the `{name}` parameter"), rest),
        ["responses", name, rest @ ..] => (format!("the `{name}` response"), rest),
        ["paths" | "x-ms-paths", path, rest @ ..] => path_item(spec, path, rest),
        _ => return "A type from the spec.".to_owned(),
    };
    let mut text = owner;
    let mut rest = rest;
    loop {
        let (part, remaining) = match rest {
            ["properties", name, r @ ..] => (format!("the `{name}` property"), r),
            ["items", r @ ..] => ("the items".to_owned(), r),
            ["additionalProperties", r @ ..] => ("the values".to_owned(), r),
            ["schema", r @ ..] => {
                rest = r;
                continue;
            }
            [key @ ("allOf" | "anyOf" | "oneOf"), i, r @ ..] => {
                let n = i.parse::<usize>().map_or(0, |n| n + 1);
                (format!("part {n} of `{key}`"), r)
            }
            _ => break,
        };
        text = format!("{part} of {text}");
        rest = remaining;
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => "A type from the spec.".to_owned(),
    }
}

/// The owner named by `/paths/{path}/…`: a parameter by its name (not
/// its index), a response by its status, the operation by its id.
fn path_item<'a>(spec: &Swagger, path: &str, rest: &'a [&'a str]) -> (String, &'a [&'a str]) {
    let item = spec.paths.get(path).or_else(|| spec.x_ms_paths.get(path));
    let operation = |method: &str| -> String {
        item.and_then(|i| i.operations().find(|(m, _)| *m == method))
            .and_then(|(_, op)| op.operation_id.clone())
            .map_or_else(
                || format!("`{} {path}`", method.to_uppercase()),
                |id| format!("`{id}`"),
            )
    };
    let param_name = |params: &[spec::Parameter], index: &str| -> String {
        let param = index.parse::<usize>().ok().and_then(|i| params.get(i));
        let named = param.and_then(|p| match &p.reference {
            Some(r) => super::resolve::local_key(r, "parameters")
                .and_then(|k| spec.parameters.get(&k))
                .and_then(|p| p.name.clone()),
            None => p.name.clone(),
        });
        named.map_or_else(|| "a".to_owned(), |n| format!("the `{n}`"))
    };
    match rest {
        ["parameters", i, r @ ..] => {
            let params = item.map(|i| i.parameters.as_slice()).unwrap_or_default();
            (
                format!(
                    "{} parameter of the `{path}` operations",
                    param_name(params, i)
                ),
                r,
            )
        }
        [method, "parameters", i, r @ ..] => {
            let params = item
                .and_then(|it| it.operations().find(|(m, _)| m == method))
                .map(|(_, op)| op.parameters.as_slice())
                .unwrap_or_default();
            (
                format!(
                    "{} parameter of {}",
                    param_name(params, i),
                    operation(method)
                ),
                r,
            )
        }
        [method, "responses", status, r @ ..] => (
            format!("the `{status}` response of {}", operation(method)),
            r,
        ),
        [method, r @ ..] => (operation(method), r),
        [] => (format!("the `{path}` path"), rest),
    }
}
