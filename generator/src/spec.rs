//! The Swagger 2.0 document model: a faithful, lenient reading of the
//! document. Fields real specs get wrong in many ways (`type` as a list,
//! `required` as a bool, `additionalProperties` as anything) are kept as
//! loosely typed values here and judged during lowering, where a diagnostic
//! can say what is wrong and where.
//!
//! Maps keep the spec's order (`IndexMap`): output order follows the spec.
//! [`read`] is the stage: the document (a JSON value) -> this model.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, pointer_join};

/// Reads the document model from the (overlaid, bundled) document:
/// refuses what is not a Swagger 2.0 document (`S0003`) or does not have
/// its shape (`S0004`, at the first place that does not fit, found in
/// the document `reload` loads again).
pub fn read(
    value: Value,
    reload: impl FnOnce() -> Option<Value>,
    diags: &mut Diagnostics,
) -> Option<Swagger> {
    let Some(object) = value.as_object() else {
        diags.push(
            Diagnostic::error("S0003", "", "the document is not a mapping; a Swagger 2.0 spec is an object with `swagger: \"2.0\"`")
                .with_help("point swaggen at a Swagger 2.0 spec"),
        );
        return None;
    };
    if object.contains_key("openapi") {
        diags.push(
            Diagnostic::error(
                "S0003",
                "/openapi",
                "this is an OpenAPI 3 document; swaggen reads Swagger 2.0",
            )
            .with_help("use a Swagger 2.0 version of the spec"),
        );
        return None;
    }
    if !object.contains_key("swagger") {
        diags.push(
            Diagnostic::error(
                "S0003",
                "",
                "the document has no `swagger: \"2.0\"` field; it is not a Swagger 2.0 document",
            )
            .with_help("swaggen reads Swagger 2.0 (not OpenAPI 3); point it at a Swagger 2.0 spec"),
        );
        return None;
    }
    // From the owned value, whose strings move into the model rather than
    // being copied, and without tracking the path (a third of the time):
    // only a document that does not fit is loaded again (`reload`) and
    // read once more to find where.
    let spec: Swagger = match Swagger::deserialize(value) {
        Ok(spec) => spec,
        Err(plain) => {
            let (pointer, message) =
                match reload().map(|v| serde_path_to_error::deserialize::<_, Swagger>(&v)) {
                    Some(Err(e)) => (path_to_pointer(e.path()), e.inner().to_string()),
                    _ => (String::new(), plain.to_string()),
                };
            diags.push(
                Diagnostic::error(
                    "S0004",
                    pointer,
                    format!("the document does not have Swagger 2.0's shape here: {message}"),
                )
                .with_help("fix the value at this location (see the Swagger 2.0 specification)"),
            );
            return None;
        }
    };
    check_version(&spec, diags);
    Some(spec)
}

/// [`read`] straight from JSON text, for a document no overlay changes:
/// the model without a document tree in between (faster, and the tree's
/// memory is never needed). `None` when the text cannot take that way and
/// must go through the stages one by one, which also report what is
/// wrong with it: it does not read cleanly as the model (bad syntax or
/// shape, a duplicate key), it has no `swagger` field, it may be OpenAPI
/// 3, or it has a `$ref` that is not local (or may have: an escaped key),
/// which bundling must resolve first.
pub fn read_json_text(text: &str, diags: &mut Diagnostics) -> Option<Swagger> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > crate::source::MAX_SPEC_BYTES
        || text.contains("\"openapi\"")
        || text.contains("\\u0024")
        || has_nonlocal_ref(text)
    {
        return None;
    }
    let spec: Swagger = serde_json::from_str(text).ok()?;
    if spec.swagger.is_null() {
        return None;
    }
    check_version(&spec, diags);
    Some(spec)
}

/// Whether JSON text has a `"$ref"` key whose value is not a local
/// reference (a string starting with `#`).
fn has_nonlocal_ref(text: &str) -> bool {
    text.match_indices("\"$ref\"").any(|(i, key)| {
        let after = text[i + key.len()..].trim_start();
        after
            .strip_prefix(':')
            .is_some_and(|value| !value.trim_start().starts_with("\"#"))
    })
}

fn check_version(spec: &Swagger, diags: &mut Diagnostics) {
    match &spec.swagger {
        Value::String(s) if s == "2.0" => {}
        Value::Number(n) if n.as_f64() == Some(2.0) => {}
        Value::Null => diags.push(
            Diagnostic::error("S0003", "", "the document has no `swagger: \"2.0\"` field; it is not a Swagger 2.0 document")
                .with_help("swaggen reads Swagger 2.0 (not OpenAPI 3); convert the spec or point at the right file"),
        ),
        other => diags.push(
            Diagnostic::error("S0003", "/swagger", format!("`swagger` is {other}; swaggen reads Swagger \"2.0\""))
                .with_help("swaggen reads Swagger 2.0 only"),
        ),
    }
}

/// A serde path (`paths./a.get.parameters[0]`) as a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out = pointer_join(&out, &index.to_string()),
            Segment::Map { key } => out = pointer_join(&out, key),
            Segment::Enum { variant } => out = pointer_join(&out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

/// The root of a Swagger 2.0 document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Swagger {
    /// Must be `"2.0"`.
    pub swagger: Value,
    /// Metadata.
    pub info: Info,
    /// Host (and port) serving the API.
    pub host: Option<String>,
    /// Path prefix of every operation.
    #[serde(rename = "basePath")]
    pub base_path: Option<String>,
    /// Transfer protocols.
    pub schemes: Vec<String>,
    /// Default request media types.
    pub consumes: Vec<String>,
    /// Default response media types.
    pub produces: Vec<String>,
    /// Operations by path template (`x-` extension keys skipped).
    #[serde(deserialize_with = "without_extensions")]
    pub paths: IndexMap<String, PathItem>,
    /// `x-ms-paths`: more paths, whose keys may carry a query string that
    /// tells operations on the same path apart (`/blob?comp=list`).
    #[serde(rename = "x-ms-paths", deserialize_with = "without_extensions")]
    pub x_ms_paths: IndexMap<String, PathItem>,
    /// `x-ms-parameterized-host`: a host template whose parameters are
    /// client settings.
    #[serde(rename = "x-ms-parameterized-host")]
    pub x_ms_parameterized_host: Option<Box<Value>>,
    /// Named schemas.
    pub definitions: IndexMap<String, Schema>,
    /// Named parameters.
    pub parameters: IndexMap<String, Parameter>,
    /// Named responses.
    pub responses: IndexMap<String, Response>,
    /// Security schemes.
    #[serde(rename = "securityDefinitions")]
    pub security_definitions: IndexMap<String, SecurityScheme>,
    /// Global security requirements.
    pub security: Option<Vec<IndexMap<String, Vec<String>>>>,
    /// Tag descriptions.
    pub tags: Vec<Tag>,
}

/// A map whose `x-` keys are vendor extensions, skipped whatever their
/// value (Swagger 2.0 allows them in `paths` and `responses`).
fn without_extensions<'de, D, T>(d: D) -> Result<IndexMap<String, T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Visit<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
        type Value = IndexMap<String, T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(IndexMap::new())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if key.starts_with("x-") {
                    map.next_value::<serde::de::IgnoredAny>()?;
                } else {
                    let value = map.next_value()?;
                    out.insert(key, value);
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(Visit(std::marker::PhantomData))
}

/// `info`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Info {
    /// Title of the API.
    pub title: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// API version (any string; never a valid semver by necessity).
    pub version: Option<Box<Value>>,
}

/// A tag.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Tag {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
}

/// A path item: operations by method plus shared parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PathItem {
    /// A `$ref` to a path item in another file (rare; reported).
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// GET.
    pub get: Option<Operation>,
    /// PUT.
    pub put: Option<Operation>,
    /// POST.
    pub post: Option<Operation>,
    /// DELETE.
    pub delete: Option<Operation>,
    /// OPTIONS.
    pub options: Option<Operation>,
    /// HEAD.
    pub head: Option<Operation>,
    /// PATCH.
    pub patch: Option<Operation>,
    /// Parameters shared by every operation of the path.
    pub parameters: Vec<Parameter>,
}

impl PathItem {
    /// The operations in a fixed method order, with the method's name.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        [
            ("get", &self.get),
            ("put", &self.put),
            ("post", &self.post),
            ("delete", &self.delete),
            ("options", &self.options),
            ("head", &self.head),
            ("patch", &self.patch),
        ]
        .into_iter()
        .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    }
}

/// An operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Operation {
    /// Tags.
    pub tags: Vec<Value>,
    /// One-line summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Unique id; optional in practice.
    #[serde(rename = "operationId")]
    pub operation_id: Option<String>,
    /// Request media types (overrides the global list).
    pub consumes: Option<Vec<String>>,
    /// Response media types (overrides the global list).
    pub produces: Option<Vec<String>>,
    /// Parameters.
    pub parameters: Vec<Parameter>,
    /// Responses by status code or `default` (`x-` extension keys skipped).
    #[serde(deserialize_with = "without_extensions")]
    pub responses: IndexMap<String, Response>,
    /// Deprecated.
    pub deprecated: Option<bool>,
    /// Security requirements (overrides the global list).
    pub security: Option<Vec<IndexMap<String, Vec<String>>>>,
    /// `x-swaggen-paging`: swaggen's paging description.
    #[serde(rename = "x-swaggen-paging")]
    pub x_swaggen_paging: Option<Box<Value>>,
    /// `x-ms-pageable`: Azure's next-link paging.
    #[serde(rename = "x-ms-pageable")]
    pub x_ms_pageable: Option<Box<Value>>,
    /// `x-swaggen-idempotent`: sending the operation twice has the effect
    /// of sending it once, so the client may retry it whatever its method.
    #[serde(rename = "x-swaggen-idempotent")]
    pub x_swaggen_idempotent: Option<Box<Value>>,
    /// `x-ms-long-running-operation`: the server finishes the work later;
    /// the client polls for the result.
    #[serde(rename = "x-ms-long-running-operation")]
    pub x_ms_long_running_operation: Option<Box<Value>>,
    /// `x-ms-long-running-operation-options` (`final-state-via`).
    #[serde(rename = "x-ms-long-running-operation-options")]
    pub x_ms_long_running_operation_options: Option<Box<Value>>,
}

/// A parameter (or a `$ref` to one).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Parameter {
    /// A `$ref` to `#/parameters/...`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// Wire name.
    pub name: Option<String>,
    /// `query`, `header`, `path`, `formData` or `body`.
    #[serde(rename = "in")]
    pub location: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Required (always true for path parameters).
    pub required: Option<Box<Value>>,
    /// Body schema (`in: body`).
    pub schema: Option<Schema>,
    /// `x-ms-client-name`: the parameter's name in clients.
    #[serde(rename = "x-ms-client-name")]
    pub x_ms_client_name: Option<Box<Value>>,
    /// `x-ms-parameter-location`: `client` makes it a client setting.
    #[serde(rename = "x-ms-parameter-location")]
    pub x_ms_parameter_location: Option<Box<Value>>,
    /// `x-ms-skip-url-encoding`: a path value already encoded.
    #[serde(rename = "x-ms-skip-url-encoding")]
    pub x_ms_skip_url_encoding: Option<Box<Value>>,
    /// The non-body part: type, format, items, enum, default...
    #[serde(flatten)]
    pub simple: SimpleType,
}

/// The type of a non-body parameter, an `items` object or a header.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SimpleType {
    /// `string`, `number`, `integer`, `boolean`, `array`, `file`.
    #[serde(rename = "type")]
    pub type_: Option<Box<Value>>,
    /// Format.
    pub format: Option<Box<Value>>,
    /// Array items.
    pub items: Option<Box<SimpleType>>,
    /// `csv`, `ssv`, `tsv`, `pipes`, `multi`.
    #[serde(rename = "collectionFormat")]
    pub collection_format: Option<Box<Value>>,
    /// Default.
    pub default: Option<Box<Value>>,
    /// Allowed values.
    #[serde(rename = "enum")]
    pub enum_: Option<Box<Value>>,
    /// Minimum.
    pub minimum: Option<Box<Value>>,
    /// Maximum.
    pub maximum: Option<Box<Value>>,
    /// A `$ref` where one does not belong (seen in real specs).
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// `x-nullable`.
    #[serde(rename = "x-nullable")]
    pub x_nullable: Option<Box<Value>>,
    /// `x-ms-enum`: Azure's enum name and value names.
    #[serde(rename = "x-ms-enum")]
    pub x_ms_enum: Option<Box<Value>>,
}

/// A schema object.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Schema {
    /// A reference.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Type: a string, or (invalid in 2.0 but real) a list.
    #[serde(rename = "type")]
    pub type_: Option<Box<Value>>,
    /// Format.
    pub format: Option<Box<Value>>,
    /// Array items (a schema; a list is invalid but seen).
    pub items: Option<Box<Items>>,
    /// Object properties.
    pub properties: IndexMap<String, Schema>,
    /// Required property names (a bool here is invalid but seen).
    pub required: Option<Box<Value>>,
    /// `true`, `false` or a schema.
    #[serde(rename = "additionalProperties")]
    pub additional_properties: Option<Box<Additional>>,
    /// Composition.
    #[serde(rename = "allOf")]
    pub all_of: Vec<Schema>,
    /// Not Swagger 2.0, but seen.
    #[serde(rename = "anyOf")]
    pub any_of: Vec<Schema>,
    /// Not Swagger 2.0, but seen.
    #[serde(rename = "oneOf")]
    pub one_of: Vec<Schema>,
    /// Discriminator property name.
    pub discriminator: Option<Box<Value>>,
    /// Allowed values.
    #[serde(rename = "enum")]
    pub enum_: Option<Box<Value>>,
    /// Default.
    pub default: Option<Box<Value>>,
    /// Read only.
    #[serde(rename = "readOnly")]
    pub read_only: Option<Box<Value>>,
    /// `x-nullable`.
    #[serde(rename = "x-nullable")]
    pub x_nullable: Option<Box<Value>>,
    /// OpenAPI 3's `nullable`, seen in 2.0 files.
    pub nullable: Option<Box<Value>>,
    /// Azure's discriminator value for a subtype.
    #[serde(rename = "x-ms-discriminator-value")]
    pub x_ms_discriminator_value: Option<Box<Value>>,
    /// `x-ms-enum`: Azure's enum name and value names.
    #[serde(rename = "x-ms-enum")]
    pub x_ms_enum: Option<Box<Value>>,
    /// `x-ms-client-name`: the property's name in clients (the wire name
    /// stays).
    #[serde(rename = "x-ms-client-name")]
    pub x_ms_client_name: Option<Box<Value>>,
}

/// `items`: one schema, or (invalid, but seen) a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Items {
    /// One schema for every item.
    One(Box<Schema>),
    /// A tuple form, not Swagger 2.0.
    Many(Vec<Schema>),
}

/// `additionalProperties`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Additional {
    /// `true` or `false`.
    Bool(bool),
    /// A schema for every extra value.
    Schema(Box<Schema>),
}

/// A response (or a `$ref` to one).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Response {
    /// A `$ref` to `#/responses/...`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Body schema.
    pub schema: Option<Schema>,
    /// Response headers.
    pub headers: IndexMap<String, SimpleType>,
}

/// A security scheme.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SecurityScheme {
    /// `basic`, `apiKey` or `oauth2`.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Header or query parameter name (`apiKey`).
    pub name: Option<String>,
    /// `header` or `query` (`apiKey`).
    #[serde(rename = "in")]
    pub location: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(text: &str) -> (bool, Vec<String>) {
        let mut diags = Diagnostics::default();
        let read = read_json_text(text, &mut diags).is_some();
        let codes = diags
            .into_vec()
            .into_iter()
            .map(|d| d.code.to_owned())
            .collect();
        (read, codes)
    }

    #[test]
    fn json_text_reads_straight_to_the_model_only_when_nothing_else_must_see_it() {
        let local = r##"{"swagger": "2.0", "info": {"title": "T"}, "paths": {},
            "definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"type": "string"}}}"##;
        assert_eq!(direct(local), (true, vec![]));
        // The version is still checked.
        assert_eq!(
            direct(r#"{"swagger": "3.0", "paths": {}}"#),
            (true, vec!["S0003".to_owned()])
        );
        // The stages one by one: they bundle, report, or read it their way.
        let others = [
            r#"{"swagger": "2.0", "definitions": {"A": {"$ref": "other.json#/A"}}}"#,
            r#"{"swagger": "2.0", "definitions": {"A": {"\u0024ref": "other.json"}}}"#,
            r#"{"openapi": "3.0.0", "paths": {}}"#,
            r#"{"info": {"title": "no swagger field"}}"#,
            r#"{"swagger": "2.0", "swagger": "2.0"}"#,
            r#"{"swagger": "2.0", "paths": []}"#,
            r#"{"swagger": "2.0""#,
            r#"[]"#,
        ];
        for text in others {
            assert_eq!(direct(text), (false, vec![]), "{text}");
        }
    }
}
