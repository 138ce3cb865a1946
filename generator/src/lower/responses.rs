//! Responses: success and error bodies by status, outcome enums, and the
//! `Accept` header.

use super::resolve;
use super::*;

pub(super) fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "text/json" || m == "*/*"
}

pub(super) fn status_name(code: u16) -> String {
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

pub(super) fn lower_responses<'a>(
    cx: &mut Cx<'a>,
    op: &'a spec::Operation,
    ptr: &str,
    builder_name: &str,
    produces: &[String],
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
                resolve::response(cx, r, &rptr, "swaggen ignores the body").unwrap_or((resp, rptr))
            }
            None => (resp, rptr),
        };
        let status: Option<u16> = if code == "default" {
            None
        } else {
            match code.parse::<u16>() {
                Ok(c) if (100..=599).contains(&c) => Some(c),
                _ => {
                    cx.diags.warn_help(
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
            Some(s) if s.type_.as_deref().and_then(Value::as_str) == Some("file") => {
                BodyKind::Bytes
            }
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
                BodyKind::Json(cx.lower(
                    s,
                    &pointer_join(&rptr, "schema"),
                    Place::Named(&context),
                    0,
                ))
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
    // An enum of outcomes by status, named after the builder.
    let mut outcome_type = |suffix: &str, error: bool, outcomes: Vec<Outcome>| {
        let id = cx.types.claim(&format!("{builder_name}{suffix}"));
        let kind = TypeKind::Outcomes(Outcomes {
            builder: builder_name.to_owned(),
            error,
            outcomes,
        });
        cx.types
            .make(id, &pointer_join(ptr, "responses"), None, kind);
        id
    };
    let first = success[0].body.clone();
    let success_ir = if success.iter().all(|o| o.body == first) {
        Success::Single(first)
    } else {
        Success::Outcomes(outcome_type("Response", false, success))
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
            let outcomes: Vec<Outcome> = json_errors.into_iter().cloned().collect();
            ErrorBody::Outcomes(outcome_type("Error", true, outcomes))
        }
    };
    (success_ir, error_ir)
}

pub(super) fn accept_header(produces: &[String], success: &Success) -> Option<String> {
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
