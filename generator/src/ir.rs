//! The intermediate model: plain data between lowering and emitting.
//!
//! Every name here is already a valid, unique Rust identifier (possibly
//! `r#`-prefixed); the wire name is kept beside it. Emitters read only this
//! module's types, never the spec's.

/// A whole generated client.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Cargo package name (`postmark-client`).
    pub package_name: String,
    /// Crate name as used in paths (`postmark_client`).
    pub lib_name: String,
    /// Package version (valid semver).
    pub package_version: String,
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version` as written.
    pub api_version: Option<String>,
    /// The spec as named in headers and docs.
    pub spec_name: String,
    /// The command that regenerates the crate.
    pub regenerate: String,
    /// The spec's base URL, if it gives a host.
    pub default_base_url: Option<String>,
    /// Named types, in emission order.
    pub types: Vec<TypeDef>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
    /// Parameters set once on the client: headers every operation has,
    /// and `x-ms-parameter-location: client` parameters.
    pub client_params: Vec<ClientParam>,
    /// Credentials the client can hold.
    pub credentials: Vec<Credential>,
    /// The base URL as a template of client settings
    /// (`x-ms-parameterized-host`), used unless the builder sets one.
    pub host_template: Option<HostTemplate>,
    /// Which optional parts of the runtime and dependencies are used.
    pub needs: Needs,
    /// Cargo features, one per tag (empty unless operations have two or
    /// more tags); all are on by default.
    pub features: Vec<Feature>,
}

impl Api {
    /// A named type.
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// A named type's Rust name.
    pub fn type_name(&self, id: TypeId) -> &str {
        &self.def(id).name
    }
}

/// A cargo feature of the generated crate: the operations of one tag and
/// the types only they use.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Feature name (`pet-store`).
    pub name: String,
    /// The tag it comes from.
    pub tag: String,
    /// The tag's description.
    pub docs: Docs,
}

/// Which cargo features an item is compiled under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Gate {
    /// Always compiled.
    #[default]
    Always,
    /// Compiled when any of these features (indexes into [`Api::features`])
    /// is on; sorted, never empty.
    Any(Vec<usize>),
}

/// What a generated crate needs beyond its core, decided in lowering from
/// the API itself: each is an optional runtime module (and dependency).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// `chrono` dates in parameters or models (the `dates` module).
    pub dates: bool,
    /// `format: byte` values (`base64_data`).
    pub base64: bool,
    /// Multipart bodies (`multipart`, reqwest's `multipart` feature).
    pub multipart: bool,
    /// Paged operations' streams (`paging`, `futures`).
    pub paging: bool,
    /// Long-running operations' pollers (`lro`).
    pub lro: bool,
}

impl Needs {
    /// What these operations and types need.
    pub fn of(operations: &[Operation], types: &[TypeDef]) -> Needs {
        let mut needs = Needs {
            multipart: operations
                .iter()
                .any(|op| op.multipart && op.params.iter().any(|p| p.location == ParamIn::Form)),
            paging: operations.iter().any(|op| op.paging.is_some()),
            lro: operations.iter().any(|op| op.long_running.is_some()),
            ..Needs::default()
        };
        let mut each = |t: &Ty| match t {
            Ty::DateTime | Ty::Date => needs.dates = true,
            Ty::Base64 => needs.base64 = true,
            _ => {}
        };
        for op in operations {
            op.each_ty(&mut each);
        }
        for t in types {
            t.kind.each_ty(&mut each);
        }
        needs
    }
}

/// A Rust type as used in a field, parameter or response.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `chrono::DateTime<FixedOffset>`.
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// `Vec<u8>` carried as base64 text.
    Base64,
    /// Raw bytes (binary bodies, files).
    Bytes,
    /// `serde_json::Value`.
    Json,
    /// A named type from [`Api::types`].
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Option<T>`.
    Option(Box<Ty>),
    /// `Box<T>`, to break recursion.
    Boxed(Box<Ty>),
}

impl Ty {
    /// Wraps in `Option` unless already optional.
    pub fn optional(self) -> Ty {
        match self {
            Ty::Option(_) => self,
            other => Ty::Option(Box::new(other)),
        }
    }

    /// True for `Option<_>`.
    pub fn is_option(&self) -> bool {
        matches!(self, Ty::Option(_))
    }

    /// Calls `f` on this type and every type inside it.
    pub fn visit(&self, f: &mut impl FnMut(&Ty)) {
        f(self);
        if let Some(inner) = self.inner() {
            inner.visit(f);
        }
    }

    /// The type this one wraps (`Vec`, map, `Option`, `Box`), if any.
    pub fn inner(&self) -> Option<&Ty> {
        match self {
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => Some(t),
            Ty::String
            | Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::F32
            | Ty::F64
            | Ty::DateTime
            | Ty::Date
            | Ty::Base64
            | Ty::Bytes
            | Ty::Json
            | Ty::Named(_) => None,
        }
    }

    /// Every named type this type mentions, at any depth.
    pub fn each_named(&self, f: &mut impl FnMut(TypeId)) {
        self.visit(&mut |t| {
            if let Ty::Named(id) = t {
                f(*id);
            }
        });
    }

    /// The named type held in place (bare or in an `Option`), whose size
    /// is part of this type's: `Vec`, maps and `Box` hold theirs on the
    /// heap.
    pub fn held_in_place(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Vec(_) | Ty::Map(_) | Ty::Boxed(_) => None,
            // An `Option` holds its value in place; the rest wrap nothing.
            other => other.inner().and_then(Ty::held_in_place),
        }
    }

    /// Renumbers the named types inside.
    fn renumber(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        match self {
            Ty::Named(id) => *id = map(*id),
            other => {
                if let Some(inner) = other.inner_mut() {
                    inner.renumber(map);
                }
            }
        }
    }

    /// [`Ty::inner`], to change it.
    fn inner_mut(&mut self) -> Option<&mut Ty> {
        match self {
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => Some(t),
            Ty::String
            | Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::F32
            | Ty::F64
            | Ty::DateTime
            | Ty::Date
            | Ty::Base64
            | Ty::Bytes
            | Ty::Json
            | Ty::Named(_) => None,
        }
    }
}

/// A named type: its index in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Documentation text taken from the spec (raw; escaped when emitted).
pub type Docs = Option<String>;

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Where in the spec it came from (a JSON pointer), for diagnostics.
    pub origin: String,
    /// Docs.
    pub docs: Docs,
    /// What it is, in words (Markdown written by swaggen: "The `color`
    /// property of `Pet`."), for a type without docs; empty when its docs
    /// say something.
    pub about: String,
    /// What it is.
    pub kind: TypeKind,
    /// The cargo feature(s) it is compiled under.
    pub gate: Gate,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string or integer enum with a catch-all variant.
    Enum(Enum),
    /// `pub type Name = Ty;`
    Alias(Ty),
    /// A serde-tagged union of subtypes (`discriminator`).
    Tagged(Tagged),
    /// An untagged union (`anyOf`/`oneOf`), tried in order.
    Untagged(Vec<Variant>),
    /// Outcomes of an operation, chosen by status code.
    Outcomes(Outcomes),
}

impl TypeKind {
    /// Calls `f` on the type of each member: every field (and the extra
    /// properties' value), the alias's target, every variant's payload,
    /// every outcome's JSON body. This is the one walk over a type's
    /// contents: features and needs follow it into every type
    /// ([`TypeKind::each_ty`]), cycle boxing looks at the members held in
    /// place.
    pub fn each_member(&self, f: &mut impl FnMut(&Ty, Held)) {
        match self {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    f(&field.ty, Held::InPlace);
                }
                if let Some(t) = &s.additional {
                    f(t, Held::InMap);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::Alias(t) => f(t, Held::InPlace),
            TypeKind::Tagged(Tagged { variants, .. }) | TypeKind::Untagged(variants) => {
                variants.iter().for_each(|v| f(&v.ty, Held::InPlace));
            }
            TypeKind::Outcomes(o) => o.outcomes.iter().for_each(|o| match &o.body {
                BodyKind::Json(t) => f(t, Held::InPlace),
                BodyKind::Text | BodyKind::Bytes | BodyKind::Empty => {}
            }),
        }
    }

    /// Calls `f` on every type this one refers to, and every type inside
    /// those.
    pub fn each_ty(&self, f: &mut impl FnMut(&Ty)) {
        self.each_member(&mut |t, _| t.visit(f));
    }

    /// Renumbers the named types inside (the members' types: the same
    /// places [`TypeKind::each_member`] visits).
    fn renumber(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        match self {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.ty.renumber(map);
                }
                if let Some(t) = &mut s.additional {
                    t.renumber(map);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::Alias(t) => t.renumber(map),
            TypeKind::Tagged(Tagged { variants, .. }) | TypeKind::Untagged(variants) => {
                variants.iter_mut().for_each(|v| v.ty.renumber(map));
            }
            TypeKind::Outcomes(o) => o.outcomes.iter_mut().for_each(|o| o.body.renumber(map)),
        }
    }
}

/// How a type holds a member's value (see [`TypeKind::each_member`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// As the member's type says (a field, a payload, an alias's target).
    InPlace,
    /// As the values of a map (a struct's extra properties).
    InMap,
}

/// An enum of an operation's outcomes, one variant per status code.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    /// The operation's builder (linked from the enum's docs).
    pub builder: String,
    /// Error bodies (decoded by status from a non-success response) rather
    /// than successful results.
    pub error: bool,
    /// The variants.
    pub outcomes: Vec<Outcome>,
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Extra properties (`additionalProperties` beside `properties`).
    pub additional: Option<Ty>,
}

/// The most required properties a model's `new` takes (clippy's
/// `too_many_arguments` threshold in generated crates is above it).
pub const MAX_CONSTRUCTOR_ARGS: usize = 32;

impl Struct {
    /// Whether the struct can grow without breaking users: it is
    /// `#[non_exhaustive]`, made with `new` or `Default`. Past
    /// [`MAX_CONSTRUCTOR_ARGS`] required properties it is a plain struct.
    pub fn grows(&self) -> bool {
        self.required().count() <= MAX_CONSTRUCTOR_ARGS
    }

    /// The fields `new` takes, when the struct has `new` (it grows and
    /// has required fields; without them it is made with `Default`).
    pub fn constructor(&self) -> Option<Vec<&Field>> {
        let required: Vec<&Field> = self.required().collect();
        (self.grows() && !required.is_empty()).then_some(required)
    }

    /// The fields that are not `Option`s.
    fn required(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| !f.ty.is_option())
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name.
    pub name: String,
    /// JSON property name.
    pub wire: String,
    /// Type (already `Option` where the field may be absent or null).
    pub ty: Ty,
    /// The spec lists it in `required`.
    pub required: bool,
    /// Docs.
    pub docs: Docs,
    /// Read only (sent by the server only).
    pub read_only: bool,
}

/// An enum of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Wire representation.
    pub repr: EnumRepr,
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// The catch-all variant's name (holds unknown values).
    pub other: String,
}

/// How enum values look on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// Strings.
    String,
    /// Integers.
    Integer,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust name.
    pub name: String,
    /// Wire value (string, or an integer's decimal text).
    pub wire: String,
    /// What the value means (`x-ms-enum` value descriptions).
    pub docs: Docs,
}

/// A discriminated union.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The discriminator property.
    pub tag: String,
    /// Variants by discriminator value.
    pub variants: Vec<Variant>,
}

/// A variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust name.
    pub name: String,
    /// Discriminator value (tagged unions).
    pub wire: String,
    /// Payload.
    pub ty: Ty,
    /// The payload is boxed: it would make the enum much larger than its
    /// other variants (clippy's `large_enum_variant`).
    pub boxed: bool,
}

/// One possible response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Variant name (`Ok`, `Created`, `Status404`, `Default`).
    pub name: String,
    /// The status it answers, `None` for `default`.
    pub status: Option<u16>,
    /// Docs (the response description).
    pub docs: Docs,
    /// Body.
    pub body: BodyKind,
    /// The body is boxed in the enum (see [`Variant::boxed`]).
    pub boxed: bool,
}

/// How a response body is read.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON into the type.
    Json(Ty),
    /// UTF-8 text.
    Text,
    /// Raw bytes.
    Bytes,
    /// No body (`()`).
    Empty,
}

impl BodyKind {
    /// Calls `f` on the JSON body's type, and inside it.
    pub fn each_ty(&self, f: &mut impl FnMut(&Ty)) {
        match self {
            BodyKind::Json(t) => t.visit(f),
            BodyKind::Text | BodyKind::Bytes | BodyKind::Empty => {}
        }
    }

    fn renumber(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        match self {
            BodyKind::Json(t) => t.renumber(map),
            BodyKind::Text | BodyKind::Bytes | BodyKind::Empty => {}
        }
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// HEAD.
    Head,
    /// PATCH.
    Patch,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
        }
    }
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Client method name (`get_messages_outbound`).
    pub method_name: String,
    /// Request builder type name (`GetMessagesOutbound`).
    pub builder_name: String,
    /// The spec's operationId, if any.
    pub operation_id: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// Path template as written (`/messages/{id}`), for docs.
    pub path_template: String,
    /// The path, split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// Parameters (path, query, header, form) in spec order.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<RequestBody>,
    /// Form parameters go as `multipart/form-data` (else url-encoded).
    pub multipart: bool,
    /// `summary`.
    pub summary: Docs,
    /// `description`.
    pub description: Docs,
    /// Deprecated.
    pub deprecated: bool,
    /// `Accept` header value.
    pub accept: Option<String>,
    /// The success result.
    pub success: Success,
    /// The error body type (`Error<E>`'s `E`).
    pub error: ErrorBody,
    /// Security alternatives: each is a list of credential indexes into
    /// [`Api::credentials`] that must all be applied.
    pub security: Vec<Vec<usize>>,
    /// Paging, when described.
    pub paging: Option<Paging>,
    /// Safe to send twice whatever the method (`x-swaggen-idempotent`),
    /// so the client may retry it.
    pub idempotent: bool,
    /// A long-running operation: where its result is once it ends.
    pub long_running: Option<FinalState>,
    /// Query parameters every request of this operation carries, fixed by
    /// its `x-ms-paths` key (`?comp=list`).
    pub fixed_query: Vec<(String, String)>,
    /// Indexes into [`Api::client_params`] of the client-level settings
    /// (`x-ms-parameter-location: client`) this operation sends, other
    /// than path ones (which are in [`Operation::path`]).
    pub client_params: Vec<usize>,
    /// The first of the spec's `tags`, if any.
    pub tag: Option<String>,
    /// The cargo feature(s) it is compiled under.
    pub gate: Gate,
}

/// Where a long-running operation's result is
/// (`x-ms-long-running-operation-options: final-state-via`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalState {
    /// AutoRest's default (the original URL for `PUT`/`PATCH`, else the
    /// initial `Location`).
    Default,
    /// The status monitor's last response.
    AzureAsyncOperation,
    /// The initial response's `Location`.
    Location,
    /// The original URL.
    OriginalUri,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Literal text, already percent-encoded as needed.
    Literal(String),
    /// The parameter at this index of [`Operation::params`]; `whole` when
    /// it is the entire segment (then `.` and `..` are refused).
    Param {
        /// Index into params.
        index: usize,
        /// The parameter fills a whole segment.
        whole: bool,
    },
    /// The client-level setting at this index of [`Api::client_params`].
    Client {
        /// Index into the client's params.
        index: usize,
        /// The setting fills a whole segment.
        whole: bool,
    },
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    /// Path segment.
    Path,
    /// Query string.
    Query,
    /// Header.
    Header,
    /// Form field (url-encoded or multipart).
    Form,
}

/// How list values are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectionFormat {
    /// Comma.
    Csv,
    /// Space.
    Ssv,
    /// Tab.
    Tsv,
    /// Pipe.
    Pipes,
    /// Repeated parameter.
    Multi,
}

/// A non-body parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name (argument or setter).
    pub name: String,
    /// Wire name.
    pub wire: String,
    /// Location.
    pub location: ParamIn,
    /// Value type (never `Option`; optionality is `required`).
    pub ty: Ty,
    /// Required: a method argument rather than a setter.
    pub required: bool,
    /// For lists.
    pub collection: CollectionFormat,
    /// Docs.
    pub docs: Docs,
    /// A file upload (multipart).
    pub file: bool,
    /// The spec's `default`, as text (the server's value when the
    /// parameter is not sent; documented, never sent by the client).
    pub default: Option<String>,
    /// A path value sent as it is, already encoded
    /// (`x-ms-skip-url-encoding`).
    pub raw_path: bool,
    /// Its name says it is secret (a key, token or password): `Debug`
    /// shows `<redacted>`.
    pub secret: bool,
}

impl Operation {
    /// Calls `f` on every type the operation uses (parameters, body,
    /// responses, paging), and inside each; outcome enums, which are
    /// named rather than typed, as `Ty::Named`.
    pub fn each_ty(&self, f: &mut impl FnMut(&Ty)) {
        for p in &self.params {
            p.ty.visit(f);
        }
        if let Some(b) = &self.body {
            b.ty.visit(f);
        }
        match &self.success {
            Success::Single(b) => b.each_ty(f),
            Success::Outcomes(id) => f(&Ty::Named(*id)),
        }
        match &self.error {
            ErrorBody::Json(t) => t.visit(f),
            ErrorBody::Outcomes(id) => f(&Ty::Named(*id)),
        }
        if let Some(p) = &self.paging {
            p.each_ty(f);
        }
    }

    /// Renumbers the named types it uses (the places
    /// [`Operation::each_ty`] visits).
    fn renumber(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        for p in &mut self.params {
            p.ty.renumber(map);
        }
        if let Some(b) = &mut self.body {
            b.ty.renumber(map);
        }
        match &mut self.success {
            Success::Single(b) => b.renumber(map),
            Success::Outcomes(id) => *id = map(*id),
        }
        match &mut self.error {
            ErrorBody::Json(t) => t.renumber(map),
            ErrorBody::Outcomes(id) => *id = map(*id),
        }
        if let Some(p) = &mut self.paging {
            p.renumber(map);
        }
    }
}

/// Puts types in their final order: `made` holds the types by the ids
/// lowering gave them, `order` those ids in the order the types are
/// emitted (any left out follow, by id). Each id becomes its position, in
/// the types and in the operations that use them.
pub fn renumber(
    order: &[TypeId],
    made: Vec<TypeDef>,
    operations: &mut [Operation],
) -> Vec<TypeDef> {
    let mut position: Vec<Option<usize>> = vec![None; made.len()];
    let mut next = 0;
    for id in order.iter().map(|id| id.0).chain(0..made.len()) {
        if let Some(slot @ None) = position.get_mut(id) {
            *slot = Some(next);
            next += 1;
        }
    }
    let map = |id: TypeId| TypeId(position[id.0].unwrap_or(id.0));
    let mut slots: Vec<Option<TypeDef>> = vec![None; made.len()];
    for (i, mut def) in made.into_iter().enumerate() {
        def.kind.renumber(&map);
        slots[map(TypeId(i)).0] = Some(def);
    }
    for op in operations {
        op.renumber(&map);
    }
    slots.into_iter().flatten().collect()
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Rust name.
    pub name: String,
    /// Type.
    pub ty: Ty,
    /// Required.
    pub required: bool,
    /// Docs.
    pub docs: Docs,
    /// Media type sent.
    pub content_type: String,
    /// How the value is encoded.
    pub encoding: BodyEncoding,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON.
    Json,
    /// The bytes as they are.
    Bytes,
    /// Text.
    Text,
}

/// What `send()` returns on success.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// One body kind for every success status.
    Single(BodyKind),
    /// An enum of outcomes (named type in [`Api::types`]).
    Outcomes(TypeId),
}

/// What `Error<E>` carries for this operation.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody {
    /// One JSON type for every error status.
    Json(Ty),
    /// An enum chosen by status (named type in [`Api::types`]).
    Outcomes(TypeId),
}

/// A header lifted to the client: it appears on every operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientParam {
    /// Builder setter / field name.
    pub name: String,
    /// Wire name.
    pub wire: String,
    /// Where it is sent: a header (on every request), a query parameter
    /// or a path parameter (of the operations that have it).
    pub location: ParamIn,
    /// The value used when the builder sets none (the spec's `default`,
    /// or its only `enum` value).
    pub default: Option<String>,
    /// `build()` fails without it.
    pub required: bool,
    /// Sent on every request (a header every operation has, lifted);
    /// otherwise only by the operations that declare it
    /// ([`Operation::client_params`]).
    pub everywhere: bool,
    /// Redacted in `Debug`.
    pub secret: bool,
    /// Docs.
    pub docs: Docs,
}

/// A base URL made from client settings: `{prefix}{template}{base_path}`
/// with each `{wire}` of the template replaced by its setting's value.
#[derive(Debug, Clone, PartialEq)]
pub struct HostTemplate {
    /// `https://` (the spec's scheme), or empty when the template
    /// carries its own scheme (`useSchemePrefix: false`).
    pub prefix: String,
    /// The host template (`{accountName}.example.net`).
    pub template: String,
    /// The spec's `basePath`.
    pub base_path: String,
    /// Indexes into [`Api::client_params`] of the template's parameters.
    pub params: Vec<usize>,
}

/// A credential the client can hold (from `securityDefinitions`).
#[derive(Debug, Clone, PartialEq)]
pub struct Credential {
    /// Builder setter / field name.
    pub name: String,
    /// The scheme's key in `securityDefinitions`.
    pub scheme: String,
    /// How it is sent.
    pub kind: CredentialKind,
    /// Docs.
    pub docs: Docs,
    /// Every operation needs it (no operation can do without): the
    /// client builder refuses to build without it.
    pub required_by_all: bool,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum CredentialKind {
    /// An API key in a header.
    ApiKeyHeader(String),
    /// An API key in the query string.
    ApiKeyQuery(String),
    /// HTTP basic authentication.
    Basic,
    /// An OAuth2 bearer token.
    Bearer,
}

impl CredentialKind {
    /// The parameter it supplies, when it is an API key: an operation's
    /// parameter of that place and name is left to the credential.
    pub fn supplies(&self) -> Option<(ParamIn, &str)> {
        match self {
            CredentialKind::ApiKeyHeader(name) => Some((ParamIn::Header, name)),
            CredentialKind::ApiKeyQuery(name) => Some((ParamIn::Query, name)),
            CredentialKind::Basic | CredentialKind::Bearer => None,
        }
    }

    /// The value the README's example passes for each of the
    /// `ClientBuilder` setter's arguments (each a string).
    pub fn setter_examples(&self) -> &'static [&'static str] {
        match self {
            CredentialKind::ApiKeyHeader(_) | CredentialKind::ApiKeyQuery(_) => &["..."],
            CredentialKind::Basic => &["user", "password"],
            CredentialKind::Bearer => &["..."],
        }
    }
}

/// Paging over a list operation: how to fetch the next page and where the
/// items are. `x-swaggen-paging` with `style: offset` maps to `Offset`;
/// its `next-link` and `cursor` styles, and Azure's `x-ms-pageable`, map
/// to `Token`.
#[derive(Debug, Clone, PartialEq)]
pub enum Paging {
    /// Offset/count paging with an optional total.
    Offset(OffsetPaging),
    /// Each page says how to fetch the next: a link or a cursor.
    Token(TokenPaging),
}

impl Paging {
    /// Calls `f` on the types paging reads (items, total), and inside.
    pub fn each_ty(&self, f: &mut impl FnMut(&Ty)) {
        match self {
            Paging::Offset(o) => {
                o.item_ty.visit(f);
                o.total_ty.visit(f);
            }
            Paging::Token(t) => t.item_ty.visit(f),
        }
    }

    /// Renumbers the named types it reads (the places
    /// [`Paging::each_ty`] visits).
    fn renumber(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        match self {
            Paging::Offset(o) => {
                o.item_ty.renumber(map);
                o.total_ty.renumber(map);
            }
            Paging::Token(t) => t.item_ty.renumber(map),
        }
    }

    /// The type of the items streamed.
    pub fn item_ty(&self) -> &Ty {
        match self {
            Paging::Offset(o) => &o.item_ty,
            Paging::Token(t) => &t.item_ty,
        }
    }
}

/// Paging where each page carries its successor's link or cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenPaging {
    /// Rust name of the response field holding the items; `None` when the
    /// response body is the array of items itself.
    pub items_field: Option<String>,
    /// The items field is an `Option`.
    pub items_optional: bool,
    /// The items' type.
    pub item_ty: Ty,
    /// Where the next page's link or cursor is.
    pub next: NextToken,
}

/// Where a page says how to fetch the next.
#[derive(Debug, Clone, PartialEq)]
pub enum NextToken {
    /// A link (URL, absolute or relative) in a response field (a string;
    /// `optional` when the field is an `Option`).
    LinkField {
        /// The field's Rust name.
        field: String,
        /// The field is an `Option`.
        optional: bool,
    },
    /// A link in the RFC 8288 `Link` response header (`rel="next"`).
    LinkHeader,
    /// No next page: the whole list comes in one response
    /// (`x-ms-pageable` with `nextLinkName: null`).
    None,
    /// A cursor in a response field, sent back as a parameter.
    Cursor {
        /// The field's Rust name.
        field: String,
        /// The field is an `Option`.
        optional: bool,
        /// Index of the parameter the cursor is sent as.
        param: usize,
    },
}

/// Offset/count paging.
#[derive(Debug, Clone, PartialEq)]
pub struct OffsetPaging {
    /// Index of the offset parameter.
    pub offset: usize,
    /// Index of the count (page size) parameter.
    pub count: usize,
    /// Rust name of the response field holding the items.
    pub items_field: String,
    /// The items' type.
    pub item_ty: Ty,
    /// The items field is an `Option`.
    pub items_optional: bool,
    /// Rust name of the response field holding the total, if any.
    pub total_field: Option<String>,
    /// The total field is an `Option`.
    pub total_optional: bool,
    /// The total's integer type.
    pub total_ty: Ty,
    /// Largest `offset + count` the server accepts.
    pub max_window: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            origin: String::new(),
            docs: None,
            about: String::new(),
            kind,
            gate: Gate::Always,
        }
    }

    #[test]
    fn renumbering_puts_types_in_emission_order_and_follows_every_reference() {
        // Made as ids 0 (`Pet`, a list of 1), 1 (`Tag`) and 2 (`Never`,
        // never in the order); emitted `Tag` then `Pet`.
        let made = vec![
            def(
                "Pet",
                TypeKind::Alias(Ty::Vec(Box::new(Ty::Named(TypeId(1))))),
            ),
            def("Tag", TypeKind::Alias(Ty::String)),
            def("Never", TypeKind::Alias(Ty::Named(TypeId(0)))),
        ];
        let types = renumber(&[TypeId(1), TypeId(0)], made, &mut []);
        let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Tag", "Pet", "Never"]);
        assert_eq!(
            types[1].kind,
            TypeKind::Alias(Ty::Vec(Box::new(Ty::Named(TypeId(0)))))
        );
        assert_eq!(types[2].kind, TypeKind::Alias(Ty::Named(TypeId(1))));
    }

    #[test]
    fn held_in_place_sees_through_options_only() {
        let pet = Ty::Named(TypeId(3));
        assert_eq!(pet.held_in_place(), Some(TypeId(3)));
        assert_eq!(pet.clone().optional().held_in_place(), Some(TypeId(3)));
        assert_eq!(Ty::Vec(Box::new(pet.clone())).held_in_place(), None);
        assert_eq!(Ty::Boxed(Box::new(pet)).held_in_place(), None);
    }
}
