//! Overlays: the OpenAPI Overlay Specification 1.0.0, applied to a spec's
//! value tree before it is read as a Swagger document.
//!
//! An overlay is a YAML or JSON document:
//!
//! ```yaml
//! overlay: 1.0.0
//! info:
//!   title: Postmark fixes
//!   version: 1.0.0
//! actions:
//!   - target: $.paths[*][?@.operationId == 'getMessagesOutbound'].parameters[?@.name == 'count']
//!     description: count is an integer
//!     update:
//!       type: integer
//!   - target: $.paths['/deprecated']
//!     remove: true
//! ```
//!
//! Each action's `target` is an RFC 9535 JSONPath, evaluated against the
//! document as the earlier actions left it. `update` is merged into every
//! node the target selects; `remove: true` deletes every such node from its
//! parent. See [`apply_traced`] for the exact merge rules.
//!
//! [`load`] checks the overlay's shape and reports every problem as an
//! `S0601` error pointing into the overlay file. [`apply_traced`]
//! reports a target that selects nothing as an `S0602` warning (usually the
//! spec changed under the overlay) and never panics.

use std::collections::HashSet;
use std::path::Path;

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, PathElement};

use crate::diag::{Diagnostic, pointer_join};
use crate::source::Source;

/// Code for a malformed overlay.
const MALFORMED: &str = "S0601";
/// Code for an action whose target selects nothing.
const NO_MATCH: &str = "S0602";
/// Hint attached to every [`NO_MATCH`] warning.
const NO_MATCH_HELP: &str = "check the JSONPath against the spec; the spec may have changed";
/// Hint attached to an invalid JSONPath.
const JSONPATH_HELP: &str = "write an RFC 9535 JSONPath, e.g. \
     `$.paths['/pets'].get` or `$.paths[*][?@.operationId == 'listPets']`";

/// A loaded overlay document.
#[derive(Debug)]
pub struct Overlay {
    /// The overlay file's text; diagnostics are located in it.
    pub source: Source,
    /// The parsed overlay document.
    pub value: Value,
}

/// Reads and validates an overlay file.
///
/// # Errors
///
/// An unreadable file is the `S0001` error [`Source::read`] reports (`S0005`
/// when it is too large). Text that is not YAML or JSON, and every
/// structural problem, is an `S0601` error with the overlay's path, a JSON
/// pointer into the overlay and, when known, the line and column; all
/// structural problems are reported, not just the first.
pub fn load(path: &Path) -> Result<Overlay, Vec<Diagnostic>> {
    let source = Source::read(path).map_err(|d| vec![d])?;
    finish(source)
}

/// Same as [`load`], for overlay text already in memory; `name` stands for
/// the file in diagnostics.
///
/// # Errors
///
/// As for [`load`], without the file-reading errors.
#[cfg(test)]
pub fn from_text(name: &str, text: &str) -> Result<Overlay, Vec<Diagnostic>> {
    finish(Source::from_text(name, text.to_owned()))
}

/// [`apply_traced`] without the provenance.
#[cfg(test)]
pub fn apply(overlay: &Overlay, doc: &mut Value) -> Vec<Diagnostic> {
    apply_traced(overlay, doc).0
}

/// Where an `update` put text into the document: the node it was merged
/// into, and the update value's pointer in the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// JSON pointer of the updated node in the document.
    pub target: String,
    /// JSON pointer of the action's `update` value in the overlay.
    pub update: String,
}

/// Loads and applies each overlay in order; returns what each applied
/// (for tracing diagnostics back to it) and the problems found.
pub fn apply_all(
    paths: &[std::path::PathBuf],
    doc: &mut Value,
) -> (Vec<(Overlay, Vec<Provenance>)>, Vec<Diagnostic>) {
    let mut applied = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match load(path) {
            Ok(o) => {
                let (ds, provenance) = apply_traced(&o, doc);
                problems.extend(ds);
                applied.push((o, provenance));
            }
            Err(ds) => problems.extend(ds),
        }
    }
    (applied, problems)
}

/// Applies the overlay's actions to `doc`, in order; each action's target
/// is evaluated against the document as the previous actions left it.
///
/// For `update`, each selected node is changed as follows:
///
/// * object node, object update: merged key by key, recursively — keys only
///   in the update are added, nested objects merge, nested arrays get the
///   update's items appended, anything else is replaced by the update's
///   value;
/// * array node: an array update's items are appended, any other update is
///   appended as one item;
/// * any other node: replaced by the update.
///
/// For `remove: true`, each selected node is removed from the object or
/// array holding it; array elements are removed from the highest index
/// down, so one action can remove several elements of the same array.
///
/// A node selected more than once by one action is changed once.
///
/// Returns the diagnostics, located in the overlay file: an `S0602` warning
/// for each action whose target selects nothing, and an `S0601` error for
/// each action that cannot be applied (invalid JSONPath, malformed action,
/// removing the document root). Invalid actions are skipped; the others are
/// still applied.
///
/// Also returns, for each node an update was merged into, where in the
/// overlay the text came from (in the order applied). [`trace`] uses it to
/// locate diagnostics about text an overlay added.
pub fn apply_traced(overlay: &Overlay, doc: &mut Value) -> (Vec<Diagnostic>, Vec<Provenance>) {
    let (actions, mut diagnostics) = match overlay.value.as_object() {
        Some(root) => parse_actions(root),
        None => (Vec::new(), vec![not_a_mapping(&overlay.value)]),
    };
    let mut provenance = Vec::new();
    for action in &actions {
        diagnostics.extend(apply_action(action, doc, &mut provenance));
    }
    let diagnostics = diagnostics
        .into_iter()
        .map(|d| place(&overlay.source, d))
        .collect();
    (diagnostics, provenance)
}

/// The overlay position of the text at `pointer` in the final document, when
/// an update of this overlay wrote it there (the latest update wins, and the
/// text must still be what the update holds). Returns the overlay pointer.
pub fn trace(
    overlay: &Overlay,
    provenance: &[Provenance],
    doc: &Value,
    pointer: &str,
) -> Option<String> {
    let current = doc.pointer(pointer)?;
    provenance.iter().rev().find_map(|p| {
        let rest = if p.target.is_empty() {
            pointer
        } else {
            let rest = pointer.strip_prefix(p.target.as_str())?;
            if !(rest.is_empty() || rest.starts_with('/')) {
                return None;
            }
            rest
        };
        let update_pointer = format!("{}{rest}", p.update);
        (overlay.value.pointer(&update_pointer)? == current).then_some(update_pointer)
    })
}

/// Parses and validates loaded text.
fn finish(source: Source) -> Result<Overlay, Vec<Diagnostic>> {
    let value = source.parse().map_err(|d| vec![unparsable(d)])?;
    let problems = match value.as_object() {
        Some(root) => {
            let mut problems = check_header(root);
            problems.extend(parse_actions(root).1);
            problems
        }
        None => vec![not_a_mapping(&value)],
    };
    if problems.is_empty() {
        Ok(Overlay { source, value })
    } else {
        Err(problems.into_iter().map(|d| place(&source, d)).collect())
    }
}

/// Recodes a parse failure of the overlay text as a malformed overlay.
/// Safety-limit errors (`S0005`) keep their code.
fn unparsable(mut diagnostic: Diagnostic) -> Diagnostic {
    match diagnostic.code {
        "S0002" => {
            diagnostic.code = MALFORMED;
            diagnostic.message = format!("the overlay cannot be parsed: {}", diagnostic.message);
        }
        "S0003" => {
            diagnostic.code = MALFORMED;
            diagnostic.message = "the overlay file holds no document".to_owned();
            diagnostic.help = Some("write an Overlay 1.0.0 document".to_owned());
        }
        _ => {}
    }
    diagnostic
}

/// Sets the overlay file and the line/column of the diagnostic's pointer.
fn place(source: &Source, diagnostic: Diagnostic) -> Diagnostic {
    let at = locate_nearest(source, &diagnostic.location.pointer);
    diagnostic.in_file(&source.path).at(at)
}

/// Line and column of `pointer`, or of its nearest ancestor present in the
/// text (a missing field is reported where its parent is).
fn locate_nearest(source: &Source, pointer: &str) -> Option<(usize, usize)> {
    // The pointer and its ancestors, nearest first, located in one pass.
    let ancestors: Vec<&str> = std::iter::successors(Some(pointer), |p| {
        p.rsplit_once('/').map(|(parent, _)| parent)
    })
    .collect();
    source.locate_all(&ancestors).into_iter().flatten().next()
}

/// A new `S0601` error.
fn malformed(pointer: &str, message: impl Into<String>, help: &str) -> Diagnostic {
    Diagnostic::error(MALFORMED, pointer, message).with_help(help)
}

/// The error for an overlay whose root is not a mapping.
fn not_a_mapping(value: &Value) -> Diagnostic {
    malformed(
        "",
        format!(
            "the overlay must be a mapping with `overlay`, `info` and `actions`, not {}",
            kind(value)
        ),
        "start the file with `overlay: 1.0.0`",
    )
}

/// Names a value's JSON type for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// True for the Overlay versions swaggen reads (1.0.x).
fn supported_version(version: &str) -> bool {
    version == "1.0" || version.starts_with("1.0.")
}

/// Checks `overlay`, `info` and `extends`.
fn check_header(root: &Map<String, Value>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match root.get("overlay") {
        None => out.push(malformed(
            "/overlay",
            "the overlay has no `overlay` field",
            "start the file with `overlay: 1.0.0`",
        )),
        Some(Value::String(version)) if supported_version(version) => {}
        Some(Value::String(version)) => out.push(malformed(
            "/overlay",
            format!("overlay version `{version}` is not supported; swaggen reads Overlay 1.0"),
            "write `overlay: 1.0.0`",
        )),
        Some(other) => out.push(malformed(
            "/overlay",
            format!(
                "`overlay` must be a version string such as `1.0.0`, not {}",
                kind(other)
            ),
            "write `overlay: 1.0.0` (quote it if your YAML turns it into a number)",
        )),
    }
    match root.get("info") {
        None => out.push(malformed(
            "/info",
            "the overlay has no `info` field",
            "add `info:` with `title` and `version`",
        )),
        Some(Value::Object(info)) => {
            for field in ["title", "version"] {
                let pointer = pointer_join("/info", field);
                match info.get(field) {
                    Some(Value::String(_)) => {}
                    None => out.push(malformed(
                        &pointer,
                        format!("`info` has no `{field}`"),
                        "add `title` and `version` strings under `info`",
                    )),
                    Some(other) => out.push(malformed(
                        &pointer,
                        format!("`info.{field}` must be a string, not {}", kind(other)),
                        "quote the value",
                    )),
                }
            }
        }
        Some(other) => out.push(malformed(
            "/info",
            format!("`info` must be a mapping, not {}", kind(other)),
            "add `info:` with `title` and `version`",
        )),
    }
    match root.get("extends") {
        None | Some(Value::String(_)) => {}
        Some(other) => out.push(malformed(
            "/extends",
            format!("`extends` must be a URL string, not {}", kind(other)),
            "write the spec's URL or remove `extends`",
        )),
    }
    out
}

/// What an action does to the nodes its target selects.
#[derive(Debug)]
enum Op<'a> {
    /// Merge this value into each node.
    Update(&'a Value),
    /// Remove each node from its parent.
    Remove,
}

/// One valid action.
#[derive(Debug)]
struct Action<'a> {
    /// Position in `actions` (0-based, as in the pointer).
    index: usize,
    /// The target as written.
    target: &'a str,
    /// The parsed target.
    path: JsonPath,
    /// The optional description.
    description: Option<&'a str>,
    /// What to do.
    op: Op<'a>,
}

impl Action<'_> {
    /// Pointer to this action in the overlay.
    fn pointer(&self) -> String {
        action_pointer(self.index)
    }

    /// Names the action in messages: index, description and target.
    fn label(&self) -> String {
        match self.description {
            Some(description) => format!(
                "action {} (\"{description}\", target `{}`)",
                self.index, self.target
            ),
            None => format!("action {} (target `{}`)", self.index, self.target),
        }
    }
}

/// `/actions/<index>`.
fn action_pointer(index: usize) -> String {
    pointer_join("/actions", &index.to_string())
}

/// Reads `actions`: the valid actions, and an error for each problem.
fn parse_actions(root: &Map<String, Value>) -> (Vec<Action<'_>>, Vec<Diagnostic>) {
    let items = match root.get("actions") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => {
            return (
                Vec::new(),
                vec![malformed(
                    "/actions",
                    "`actions` is empty",
                    "add at least one action with `target` and `update` or `remove: true`",
                )],
            );
        }
        None => {
            return (
                Vec::new(),
                vec![malformed(
                    "/actions",
                    "the overlay has no `actions` field",
                    "add `actions:` with at least one action",
                )],
            );
        }
        Some(other) => {
            return (
                Vec::new(),
                vec![malformed(
                    "/actions",
                    format!("`actions` must be a list of actions, not {}", kind(other)),
                    "write `actions:` followed by `- target: ...` items",
                )],
            );
        }
    };
    let mut actions = Vec::new();
    let mut problems = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match parse_action(index, item) {
            Ok(action) => actions.push(action),
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    (actions, problems)
}

/// Reads one action, reporting every problem in it.
fn parse_action(index: usize, value: &Value) -> Result<Action<'_>, Vec<Diagnostic>> {
    let pointer = action_pointer(index);
    let Some(fields) = value.as_object() else {
        return Err(vec![malformed(
            &pointer,
            format!(
                "action {index} must be a mapping with `target` and `update` or `remove`, not {}",
                kind(value)
            ),
            "write `- target: ...` followed by `update: ...` or `remove: true`",
        )]);
    };
    let mut errors = Vec::new();

    let target_pointer = pointer_join(&pointer, "target");
    let target = match fields.get("target") {
        Some(Value::String(target)) => match JsonPath::parse(target) {
            Ok(path) => Some((target.as_str(), path)),
            Err(e) => {
                errors.push(invalid_path(index, &target_pointer, target, &e));
                None
            }
        },
        None => {
            errors.push(malformed(
                &target_pointer,
                format!("action {index} has no `target`"),
                JSONPATH_HELP,
            ));
            None
        }
        Some(other) => {
            errors.push(malformed(
                &target_pointer,
                format!(
                    "action {index}'s `target` must be a JSONPath string, not {}",
                    kind(other)
                ),
                JSONPATH_HELP,
            ));
            None
        }
    };

    let description = match fields.get("description") {
        None => None,
        Some(Value::String(description)) => Some(description.as_str()),
        Some(other) => {
            errors.push(malformed(
                &pointer_join(&pointer, "description"),
                format!(
                    "action {index}'s `description` must be a string, not {}",
                    kind(other)
                ),
                "quote the description",
            ));
            None
        }
    };

    let remove = match fields.get("remove") {
        None => Some(false),
        Some(Value::Bool(remove)) => Some(*remove),
        Some(other) => {
            errors.push(malformed(
                &pointer_join(&pointer, "remove"),
                format!(
                    "action {index}'s `remove` must be `true` or `false`, not {}",
                    kind(other)
                ),
                "write `remove: true` to delete the target",
            ));
            None
        }
    };

    let op = match (fields.get("update"), remove) {
        (_, None) => None,
        (Some(_), Some(true)) => {
            errors.push(malformed(
                &pointer,
                format!("action {index} has both `update` and `remove: true`"),
                "split it into two actions, or drop one of them",
            ));
            None
        }
        (Some(update), Some(false)) => Some(Op::Update(update)),
        (None, Some(true)) => Some(Op::Remove),
        (None, Some(false)) => {
            errors.push(malformed(
                &pointer,
                format!("action {index} has neither `update` nor `remove: true`"),
                "add `update: ...` to change the target or `remove: true` to delete it",
            ));
            None
        }
    };

    match (target, op) {
        (Some((target, path)), Some(op)) if errors.is_empty() => Ok(Action {
            index,
            target,
            path,
            description,
            op,
        }),
        _ => Err(errors),
    }
}

/// The error for a target that is not a valid JSONPath.
fn invalid_path(
    index: usize,
    pointer: &str,
    target: &str,
    error: &serde_json_path::ParseError,
) -> Diagnostic {
    malformed(
        pointer,
        format!("action {index}'s target `{target}` is not a valid JSONPath: {error}"),
        JSONPATH_HELP,
    )
}

/// One segment of a matched node's location, owned so the document can be
/// changed after the query.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Segment {
    /// An object key.
    Name(String),
    /// An array index.
    Index(usize),
}

/// A node an action's target selected.
#[derive(Debug)]
struct Match {
    /// JSON pointer to the node in the document.
    pointer: String,
    /// The same location, segment by segment.
    segments: Vec<Segment>,
}

/// Evaluates `path` against `doc`: the selected nodes' locations in
/// document order, each once.
fn select(path: &JsonPath, doc: &Value) -> Vec<Match> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for node in path.query_located(doc).iter() {
        let location = node.location();
        let pointer = location.to_json_pointer();
        if !seen.insert(pointer.clone()) {
            continue;
        }
        let segments = location
            .iter()
            .map(|element| match element {
                PathElement::Name(name) => Segment::Name((*name).to_owned()),
                PathElement::Index(index) => Segment::Index(*index),
            })
            .collect();
        out.push(Match { pointer, segments });
    }
    out
}

/// Applies one action; returns its diagnostic, if any.
fn apply_action(
    action: &Action<'_>,
    doc: &mut Value,
    provenance: &mut Vec<Provenance>,
) -> Option<Diagnostic> {
    let target_pointer = pointer_join(&action.pointer(), "target");
    let mut matches = select(&action.path, doc);
    if matches.is_empty() {
        return Some(
            Diagnostic::warning(
                NO_MATCH,
                target_pointer,
                format!(
                    "overlay {} matches nothing in the spec; it was skipped",
                    action.label()
                ),
            )
            .with_help(NO_MATCH_HELP),
        );
    }
    match action.op {
        Op::Update(update) => {
            for found in &matches {
                if let Some(node) = doc.pointer_mut(&found.pointer) {
                    update_node(node, update);
                    provenance.push(Provenance {
                        target: found.pointer.clone(),
                        update: pointer_join(&action.pointer(), "update"),
                    });
                }
            }
        }
        Op::Remove => {
            if matches.iter().any(|found| found.segments.is_empty()) {
                return Some(malformed(
                    &target_pointer,
                    format!(
                        "overlay {} selects the document root, which cannot be removed",
                        action.label()
                    ),
                    "target the nodes inside the root instead, e.g. `$.paths`",
                ));
            }
            // Highest location first: later array elements go before earlier
            // ones (indexes stay valid) and children before their parents.
            matches.sort_by(|a, b| b.segments.cmp(&a.segments));
            for found in &matches {
                remove_node(doc, found);
            }
        }
    }
    None
}

/// Applies an `update` value to one selected node.
fn update_node(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (Value::Array(items), single) => items.push(single.clone()),
        (node, update) => merge(node, update),
    }
}

/// Deep merge: objects merge key by key, arrays append, anything else is
/// replaced by `update`.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(fields), Value::Object(changes)) => {
            for (key, change) in changes {
                match fields.get_mut(key) {
                    Some(existing) => merge(existing, change),
                    None => {
                        fields.insert(key.clone(), change.clone());
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (node, update) => *node = update.clone(),
    }
}

/// Removes one selected node from its parent; keeps the order of the
/// parent's other keys or items. Does nothing when the node is gone.
fn remove_node(doc: &mut Value, found: &Match) {
    let (Some((parent, _)), Some(last)) = (found.pointer.rsplit_once('/'), found.segments.last())
    else {
        return;
    };
    match (doc.pointer_mut(parent), last) {
        (Some(Value::Object(fields)), Segment::Name(name)) => fields.retain(|key, _| key != name),
        (Some(Value::Array(items)), Segment::Index(index)) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Level;
    use serde_json::json;

    /// An overlay with a valid header and these actions.
    fn overlay_with(actions: Value) -> Overlay {
        let doc = json!({
            "overlay": "1.0.0",
            "info": {"title": "test", "version": "1"},
            "actions": actions,
        });
        let text = serde_json::to_string_pretty(&doc).expect("serializes");
        from_text("test-overlay.json", &text).expect("valid overlay")
    }

    /// Applies `actions` to `doc`; returns the result and the diagnostics.
    fn run(mut doc: Value, actions: Value) -> (Value, Vec<Diagnostic>) {
        let overlay = overlay_with(actions);
        let diagnostics = apply(&overlay, &mut doc);
        (doc, diagnostics)
    }

    const HEADER: &str = "overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\n";

    #[test]
    fn update_cases() {
        let cases = [
            (
                "objects merge recursively",
                json!({"a": {"b": 1, "c": {"d": 1}}}),
                "$.a",
                json!({"c": {"e": 2}, "f": 3}),
                json!({"a": {"b": 1, "c": {"d": 1, "e": 2}, "f": 3}}),
            ),
            (
                "nested arrays append",
                json!({"a": {"tags": ["x"]}}),
                "$.a",
                json!({"tags": ["y", "z"]}),
                json!({"a": {"tags": ["x", "y", "z"]}}),
            ),
            (
                "nested scalars replace",
                json!({"a": {"n": 1, "s": "old"}}),
                "$.a",
                json!({"n": "two", "s": null}),
                json!({"a": {"n": "two", "s": null}}),
            ),
            (
                "nested object replaced by a scalar",
                json!({"a": {"x": {"y": 1}}}),
                "$.a",
                json!({"x": "flat"}),
                json!({"a": {"x": "flat"}}),
            ),
            (
                "array target, array update: items appended",
                json!({"a": [1]}),
                "$.a",
                json!([2, 3]),
                json!({"a": [1, 2, 3]}),
            ),
            (
                "array target, object update: appended as one item",
                json!({"a": [1]}),
                "$.a",
                json!({"k": 1}),
                json!({"a": [1, {"k": 1}]}),
            ),
            (
                "scalar target replaced",
                json!({"a": {"n": 1}}),
                "$.a.n",
                json!("integer"),
                json!({"a": {"n": "integer"}}),
            ),
            (
                "root target merges",
                json!({"info": {"title": "x"}}),
                "$",
                json!({"info": {"version": "2"}}),
                json!({"info": {"title": "x", "version": "2"}}),
            ),
            (
                "every selected node is updated",
                json!({"a": [{"n": 1}, {"n": 2}]}),
                "$.a[*]",
                json!({"m": 0}),
                json!({"a": [{"n": 1, "m": 0}, {"n": 2, "m": 0}]}),
            ),
            (
                "a node selected twice is updated once",
                json!({"a": [[1]]}),
                "$.a[0, 0]",
                json!([2]),
                json!({"a": [[1, 2]]}),
            ),
        ];
        for (name, doc, target, update, expected) in cases {
            let (doc, diagnostics) = run(doc, json!([{"target": target, "update": update}]));
            assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
            assert_eq!(doc, expected, "{name}");
        }
    }

    #[test]
    fn merge_keeps_key_order_and_appends_new_keys() {
        let (doc, _) = run(
            json!({"a": {"z": 1, "m": 2}}),
            json!([{"target": "$.a", "update": {"b": 3, "z": 4}}]),
        );
        let keys: Vec<&str> = doc["a"]
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["z", "m", "b"]);
        assert_eq!(doc["a"]["z"], 4);
    }

    #[test]
    fn remove_cases() {
        let cases = [
            (
                "object key",
                json!({"a": {"x": 1, "y": 2, "z": 3}}),
                "$.a.y",
                json!({"a": {"x": 1, "z": 3}}),
            ),
            (
                "several array elements by index",
                json!({"items": [0, 1, 2, 3, 4]}),
                "$.items[1, 3]",
                json!({"items": [0, 2, 4]}),
            ),
            (
                "indexes listed out of order",
                json!({"items": [0, 1, 2, 3, 4]}),
                "$.items[3, 0, 4]",
                json!({"items": [1, 2]}),
            ),
            (
                "array elements by filter",
                json!({"items": [{"n": "a"}, {"n": "b"}, {"n": "c"}, {"n": "d"}]}),
                "$.items[?@.n == 'b' || @.n == 'd']",
                json!({"items": [{"n": "a"}, {"n": "c"}]}),
            ),
            (
                "the same element selected twice is removed once",
                json!({"items": [0, 1, 2]}),
                "$.items[1, 1]",
                json!({"items": [0, 2]}),
            ),
            (
                "nested matches",
                json!({"x": {"x": 1, "y": 2}, "keep": {"x": 3}}),
                "$..x",
                json!({"keep": {}}),
            ),
            (
                "elements of several arrays",
                json!({"a": [1, 2, 3], "b": [4, 5, 6]}),
                "$.*[0, 2]",
                json!({"a": [2], "b": [5]}),
            ),
        ];
        for (name, doc, target, expected) in cases {
            let (doc, diagnostics) = run(doc, json!([{"target": target, "remove": true}]));
            assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
            assert_eq!(doc, expected, "{name}");
        }
    }

    #[test]
    fn removing_the_root_is_an_error() {
        let (doc, diagnostics) = run(json!({"a": 1}), json!([{"target": "$", "remove": true}]));
        assert_eq!(doc, json!({"a": 1}));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, "S0601");
        assert!(diagnostics[0].is_error());
        assert_eq!(diagnostics[0].location.pointer, "/actions/0/target");
    }

    #[test]
    fn actions_apply_in_order() {
        let (doc, diagnostics) = run(
            json!({"a": {}}),
            json!([
                {"target": "$.a", "update": {"new": {"n": 1}}},
                {"target": "$.a.new", "update": {"m": 2}},
                {"target": "$.a.new.n", "remove": true},
            ]),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(doc, json!({"a": {"new": {"m": 2}}}));
    }

    #[test]
    fn later_action_sees_earlier_removal() {
        let (doc, diagnostics) = run(
            json!({"a": {"b": 1}}),
            json!([
                {"target": "$.a.b", "remove": true},
                {"target": "$.a.b", "update": 2},
            ]),
        );
        assert_eq!(doc, json!({"a": {}}));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, "S0602");
        assert_eq!(diagnostics[0].location.pointer, "/actions/1/target");
    }

    #[test]
    fn target_matching_nothing_is_a_warning() {
        let (doc, diagnostics) = run(
            json!({"paths": {}}),
            json!([
                {"target": "$.paths", "update": {"x": 1}},
                {
                    "target": "$.paths['/gone'].get",
                    "description": "fix the gone endpoint",
                    "update": {"x": 1},
                },
            ]),
        );
        assert_eq!(doc, json!({"paths": {"x": 1}}));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        let warning = &diagnostics[0];
        assert_eq!(warning.code, "S0602");
        assert_eq!(warning.level, Level::Warning);
        assert_eq!(warning.location.pointer, "/actions/1/target");
        assert!(warning.message.contains("action 1"), "{}", warning.message);
        assert!(
            warning.message.contains("$.paths['/gone'].get"),
            "{}",
            warning.message
        );
        assert!(
            warning.message.contains("fix the gone endpoint"),
            "{}",
            warning.message
        );
        assert_eq!(warning.help.as_deref(), Some(NO_MATCH_HELP));
        assert_eq!(
            warning.location.file.as_deref(),
            Some(Path::new("test-overlay.json"))
        );
        assert!(warning.location.line_col.is_some());
    }

    #[test]
    fn filter_expressions_select_operations() {
        let spec = json!({
            "paths": {
                "/messages/outbound": {
                    "get": {
                        "operationId": "getMessagesOutbound",
                        "parameters": [
                            {"name": "count", "in": "query"},
                            {"name": "offset", "in": "query", "type": "integer"},
                        ],
                    },
                },
                "/messages/inbound": {
                    "get": {"operationId": "getMessagesInbound", "parameters": []},
                },
            },
        });
        let (doc, diagnostics) = run(
            spec,
            json!([
                {
                    "target": "$.paths[*][?@.operationId == 'getMessagesOutbound']",
                    "update": {"x-swaggen-name": "list_outbound"},
                },
                {
                    "target": "$.paths[*][?@.operationId == 'getMessagesOutbound']\
                               .parameters[?@.name == 'count']",
                    "update": {"type": "integer"},
                },
                {
                    "target": "$.paths[*].get.parameters[?@.name == 'offset']",
                    "remove": true,
                },
            ]),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let outbound = &doc["paths"]["/messages/outbound"]["get"];
        assert_eq!(outbound["x-swaggen-name"], "list_outbound");
        assert_eq!(
            outbound["parameters"],
            json!([{"name": "count", "in": "query", "type": "integer"}])
        );
        let inbound = &doc["paths"]["/messages/inbound"]["get"];
        assert!(inbound.get("x-swaggen-name").is_none());
    }

    #[test]
    fn malformed_overlays() {
        let actions = "actions:\n  - target: $.a\n    update: 1\n";
        let cases: Vec<(&str, String, &str)> = vec![
            (
                "missing overlay",
                format!("info:\n  title: t\n  version: '1'\n{actions}"),
                "/overlay",
            ),
            (
                "wrong version",
                format!("overlay: 2.0.0\ninfo:\n  title: t\n  version: '1'\n{actions}"),
                "/overlay",
            ),
            (
                "version is a number",
                format!("overlay: 1.0\ninfo:\n  title: t\n  version: '1'\n{actions}"),
                "/overlay",
            ),
            (
                "missing info",
                format!("overlay: 1.0.0\n{actions}"),
                "/info",
            ),
            (
                "info without title",
                format!("overlay: 1.0.0\ninfo:\n  version: '1'\n{actions}"),
                "/info/title",
            ),
            (
                "extends is not a string",
                format!("{HEADER}extends: [1]\n{actions}"),
                "/extends",
            ),
            ("missing actions", HEADER.to_owned(), "/actions"),
            (
                "actions not a list",
                format!("{HEADER}actions:\n  target: $.a\n"),
                "/actions",
            ),
            (
                "actions empty",
                format!("{HEADER}actions: []\n"),
                "/actions",
            ),
            (
                "action not a mapping",
                format!("{HEADER}actions:\n  - $.a\n"),
                "/actions/0",
            ),
            (
                "action without target",
                format!("{HEADER}actions:\n  - update: 1\n"),
                "/actions/0/target",
            ),
            (
                "target not a string",
                format!("{HEADER}actions:\n  - target: 3\n    update: 1\n"),
                "/actions/0/target",
            ),
            (
                "both update and remove",
                format!("{HEADER}actions:\n  - target: $.a\n    update: 1\n    remove: true\n"),
                "/actions/0",
            ),
            (
                "neither update nor remove",
                format!("{HEADER}actions:\n  - target: $.a\n    description: d\n"),
                "/actions/0",
            ),
            (
                "remove false without update",
                format!("{HEADER}actions:\n  - target: $.a\n    remove: false\n"),
                "/actions/0",
            ),
            (
                "remove not a boolean",
                format!("{HEADER}actions:\n  - target: $.a\n    remove: 'yes'\n"),
                "/actions/0/remove",
            ),
            (
                "invalid JSONPath",
                format!(
                    "{HEADER}actions:\n  - target: $.a\n    remove: true\n  \
                     - target: \"$.paths[?\"\n    update: 1\n"
                ),
                "/actions/1/target",
            ),
            (
                "JSONPath without $",
                format!("{HEADER}actions:\n  - target: paths.a\n    update: 1\n"),
                "/actions/0/target",
            ),
            ("root not a mapping", "- 1\n- 2\n".to_owned(), ""),
            ("invalid YAML", "overlay: [1.0.0\n".to_owned(), ""),
            ("empty file", String::new(), ""),
        ];
        for (name, text, pointer) in cases {
            let errors = from_text("bad.yaml", &text).expect_err(name);
            assert_eq!(errors.len(), 1, "{name}: {errors:?}");
            let error = &errors[0];
            assert_eq!(error.code, "S0601", "{name}: {error:?}");
            assert!(error.is_error(), "{name}");
            assert_eq!(error.location.pointer, pointer, "{name}: {error:?}");
            assert_eq!(
                error.location.file.as_deref(),
                Some(Path::new("bad.yaml")),
                "{name}"
            );
            assert!(error.help.is_some(), "{name}");
        }
    }

    #[test]
    fn every_problem_is_reported() {
        let text = "overlay: 3.0.0\nactions:\n  - update: 1\n  - target: $.a\n    \
                    remove: true\n    update: 2\n  - target: $.ok\n    update: 3\n";
        let errors = from_text("bad.yaml", text).expect_err("malformed");
        let pointers: Vec<&str> = errors.iter().map(|e| e.location.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/overlay", "/info", "/actions/0/target", "/actions/1"]
        );
    }

    #[test]
    fn yaml_diagnostics_have_line_and_column() {
        let text = format!(
            "{HEADER}actions:\n  - target: $.a\n    update: 1\n  - target: \"$.paths[?\"\n    update: 1\n"
        );
        let errors = from_text("bad.yaml", &text).expect_err("invalid JSONPath");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].location.pointer, "/actions/1/target");
        assert_eq!(errors[0].location.line_col, Some((8, 5)));
        let rendered = errors[0].to_string();
        assert!(rendered.contains("bad.yaml:8:5"), "{rendered}");

        // A missing field is located at its nearest present ancestor.
        let text = format!("{HEADER}actions:\n  - target: $.a\n    update: 1\n  - update: 1\n");
        let errors = from_text("bad.yaml", &text).expect_err("no target");
        assert_eq!(errors[0].location.pointer, "/actions/1/target");
        assert_eq!(errors[0].location.line_col.map(|(line, _)| line), Some(8));

        let text = "overlay: 2.0.0\ninfo:\n  title: t\n  version: '1'\nactions: []\n";
        let errors = from_text("bad.yaml", text).expect_err("bad version");
        assert_eq!(errors[0].location.line_col, Some((1, 1)));
        assert_eq!(errors[1].location.line_col, Some((5, 1)));

        // Parse errors keep the parser's position.
        let errors = from_text("bad.yaml", "overlay: [1.0.0\n").expect_err("bad YAML");
        assert!(errors[0].location.line_col.is_some(), "{errors:?}");
    }

    #[test]
    fn yaml_overlay_applies_with_located_warning() {
        let text = format!(
            "{HEADER}extends: https://example.com/spec.yaml\nactions:\n  \
             - target: $.info\n    update:\n      title: New\n  \
             - target: $.nothing\n    description: stale\n    remove: true\n"
        );
        let overlay = from_text("fix.yaml", &text).expect("valid overlay");
        let mut doc = json!({"info": {"title": "Old", "version": "1"}});
        let diagnostics = apply(&overlay, &mut doc);
        assert_eq!(doc, json!({"info": {"title": "New", "version": "1"}}));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, "S0602");
        assert_eq!(diagnostics[0].location.pointer, "/actions/1/target");
        assert_eq!(diagnostics[0].location.line_col, Some((10, 5)));
        assert!(diagnostics[0].message.contains("stale"));
    }

    #[test]
    fn apply_reports_invalid_actions_and_applies_the_rest() {
        // Built by hand, bypassing the checks in `from_text`.
        let value = json!({
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "actions": [
                {"target": "$[", "update": 1},
                {"target": "$.a", "update": 2},
                {"target": "$.a"},
            ],
        });
        let text = serde_json::to_string_pretty(&value).expect("serializes");
        let overlay = Overlay {
            source: Source::from_text("hand.json", text),
            value,
        };
        let mut doc = json!({"a": 1});
        let diagnostics = apply(&overlay, &mut doc);
        assert_eq!(doc, json!({"a": 2}));
        let found: Vec<(&str, &str)> = diagnostics
            .iter()
            .map(|d| (d.code, d.location.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [("S0601", "/actions/0/target"), ("S0601", "/actions/2")]
        );
        assert!(diagnostics.iter().all(|d| d.location.line_col.is_some()));

        let overlay = Overlay {
            source: Source::from_text("hand.json", "[]".to_owned()),
            value: json!([]),
        };
        let diagnostics = apply(&overlay, &mut doc);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "S0601");
    }

    #[test]
    fn load_reads_a_file() {
        let path =
            std::env::temp_dir().join(format!("swaggen-overlay-test-{}.yaml", std::process::id()));
        let text = format!("{HEADER}actions:\n  - target: $.a\n    remove: true\n");
        std::fs::write(&path, text).expect("writes temp file");
        let loaded = load(&path);
        let _ = std::fs::remove_file(&path);
        let overlay = loaded.expect("valid overlay");
        assert_eq!(overlay.source.path, path);
        let mut doc = json!({"a": 1, "b": 2});
        assert!(apply(&overlay, &mut doc).is_empty());
        assert_eq!(doc, json!({"b": 2}));

        let errors = load(Path::new("/nonexistent/overlay.yaml")).expect_err("missing file");
        assert_eq!(errors[0].code, "S0001");
    }
}
