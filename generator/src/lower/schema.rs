//! Lowering schemas: spec `Schema` -> `ir::Ty` and named `ir::TypeDef`s.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value;

use super::Cx;
use crate::diag::{Diagnostics, pointer_join};
use crate::ir::{
    Docs, Enum, EnumRepr, EnumVariant, Field, Gate, Held, Struct, Tagged, Ty, TypeDef, TypeId,
    TypeKind, Variant,
};
use crate::names::{self, Scope};
use crate::spec::{Additional, Items, Schema, Swagger};

/// Deepest schema nesting followed before giving up with a diagnostic.
const MAX_SCHEMA_DEPTH: usize = 64;

/// The named types lowering has made so far, and what it needs to make
/// the rest (part of the lowering context, [`Cx`]).
pub struct Types {
    /// Definition key -> its type.
    def_ids: IndexMap<String, TypeId>,
    /// Type namespace.
    scope: Scope,
    /// Named types by id: every claimed name has one, a placeholder (an
    /// untyped JSON alias) until the type is made.
    defs: Vec<TypeDef>,
    /// The types made, in emission order.
    order: Vec<TypeId>,
    /// Subtypes per base definition (allOf + discriminator).
    subtypes: BTreeMap<String, Vec<String>>,
    /// Type -> its definition key.
    def_keys: BTreeMap<TypeId, String>,
    /// Subtype definition key -> its base's discriminator property, which
    /// the tagged enum carries (so the subtype's struct does not).
    subtype_tags: BTreeMap<String, String>,
    /// Inline schemas already given a named type, by JSON pointer: a schema
    /// reached twice (through `allOf` merging, shared parameters, or a cycle)
    /// gets one type, and recursion through inline schemas terminates.
    inline: BTreeMap<String, TypeId>,
    /// Enum types by their `x-ms-enum` name (camel case), so the places
    /// that share the name and values share the type.
    ms_enums: BTreeMap<String, TypeId>,
}

/// Where a schema is lowered: the name an inline type made there gets,
/// worked out only when one is made (most schemas make none).
#[derive(Debug, Clone, Copy)]
pub enum Place<'p> {
    /// This name.
    Named(&'p str),
    /// The property or parameter `child` of `parent` ([`names::nested`]).
    Nested(&'p str, &'p str),
    /// Another place's name and a suffix (`Item`, `Value`, `Body`).
    Suffixed(&'p Place<'p>, &'static str),
}

impl Place<'_> {
    /// The name.
    pub fn name(&self) -> String {
        match self {
            Place::Named(name) => (*name).to_owned(),
            Place::Nested(parent, child) => names::nested(parent, child),
            Place::Suffixed(place, suffix) => format!("{}{suffix}", place.name()),
        }
    }
}

/// The part of `type` swaggen acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    File,
    Null,
    Unknown,
}

fn kind_of(name: &str) -> Kind {
    match name {
        "object" => Kind::Object,
        "array" => Kind::Array,
        "string" => Kind::String,
        "integer" => Kind::Integer,
        "number" => Kind::Number,
        "boolean" => Kind::Boolean,
        "file" => Kind::File,
        "null" => Kind::Null,
        _ => Kind::Unknown,
    }
}

/// Maps a primitive type and format to a Rust type.
pub fn primitive(type_name: &str, format: Option<&str>) -> Option<Ty> {
    Some(match (type_name, format.unwrap_or("")) {
        // 32-bit and smaller formats fit `i32`; everything else (int64,
        // unsigned 32/64, unknown or no format) gets `i64` so large values
        // decode.
        ("integer", "int32" | "int16" | "int8" | "uint16" | "uint8") => Ty::I32,
        ("integer", _) => Ty::I64,
        ("number", "float") => Ty::F32,
        ("number", _) => Ty::F64,
        ("boolean", _) => Ty::Bool,
        ("string", "date-time") => Ty::DateTime,
        ("string", "date") => Ty::Date,
        ("string", "byte") => Ty::Base64,
        ("string", "binary") | ("file", _) => Ty::Bytes,
        ("string", _) => Ty::String,
        _ => return None,
    })
}

fn as_bool(v: &Option<Box<Value>>) -> bool {
    matches!(v.as_deref(), Some(Value::Bool(true)))
}

/// The name of a local definition reference, `#/definitions/Name`.
pub fn definition_ref(reference: &str) -> Option<String> {
    super::resolve::local_key(reference, "definitions")
}

impl Types {
    /// Claims names for every definition, in spec order.
    pub fn new(spec: &Swagger) -> Types {
        let mut types = Types {
            def_ids: IndexMap::new(),
            def_keys: BTreeMap::new(),
            subtype_tags: BTreeMap::new(),
            scope: Scope::default(),
            defs: Vec::new(),
            order: Vec::new(),
            subtypes: BTreeMap::new(),
            inline: BTreeMap::new(),
            ms_enums: BTreeMap::new(),
        };
        for key in spec.definitions.keys() {
            let id = types.claim(&names::camel(key));
            types.def_ids.insert(key.clone(), id);
            types.def_keys.insert(id, key.clone());
        }
        // Subtypes: definitions whose allOf references a base with a discriminator.
        for (key, schema) in &spec.definitions {
            for part in &schema.all_of {
                if let Some(base) = part.reference.as_deref().and_then(definition_ref)
                    && spec
                        .definitions
                        .get(&base)
                        .is_some_and(|b| b.discriminator.is_some())
                {
                    types.subtypes.entry(base).or_default().push(key.clone());
                }
            }
        }
        for (base, subs) in &types.subtypes {
            if let Some(tag) = spec
                .definitions
                .get(base)
                .and_then(|b| b.discriminator.as_deref())
                .and_then(Value::as_str)
            {
                for sub in subs {
                    types.subtype_tags.insert(sub.clone(), tag.to_owned());
                }
            }
        }
        types
    }

    /// Claims a fresh type name, for a type made later with
    /// [`Types::make`].
    pub fn claim(&mut self, candidate: &str) -> TypeId {
        let id = TypeId(self.defs.len());
        self.defs.push(TypeDef {
            name: self.scope.claim(candidate),
            origin: String::new(),
            docs: None,
            about: String::new(),
            kind: TypeKind::Alias(Ty::Json),
            gate: Gate::Always,
        });
        id
    }

    /// Makes the type claimed as `id`.
    pub fn make(&mut self, id: TypeId, origin: &str, docs: Docs, kind: TypeKind) {
        let def = &mut self.defs[id.0];
        def.origin = origin.to_owned();
        def.docs = docs;
        def.kind = kind;
        self.order.push(id);
    }

    /// A claimed type's name.
    pub fn name(&self, id: TypeId) -> &str {
        &self.defs[id.0].name
    }

    /// A type's shape (an untyped JSON alias until it is made).
    pub fn kind(&self, id: TypeId) -> &TypeKind {
        &self.defs[id.0].kind
    }
}

impl<'a> Cx<'a> {
    /// Lowers every definition into a named type.
    pub fn lower_definitions(&mut self) {
        let spec = self.spec;
        for (key, schema) in &spec.definitions {
            let id = self.types.def_ids[key];
            let ptr = pointer_join("/definitions", key);
            self.lower_named(id, schema, &ptr, 0);
        }
    }

    /// Lowers a schema into the named type `id` (already claimed).
    fn lower_named(&mut self, id: TypeId, schema: &Schema, ptr: &str, depth: usize) {
        let docs = schema_docs(schema);
        let kind = self.named_kind(id, schema, ptr, depth);
        self.types.make(id, ptr, docs, kind);
    }

    fn named_kind(&mut self, id: TypeId, schema: &Schema, ptr: &str, depth: usize) -> TypeKind {
        let name = self.types.name(id).to_owned();
        // A base with a discriminator and known subtypes: a tagged union.
        if let Some(tag) = schema.discriminator.as_deref().and_then(Value::as_str)
            && let Some(key) = self.types.def_keys.get(&id)
            && let Some(subs) = self.types.subtypes.get(key).cloned()
        {
            return self.tagged(id, schema, (tag, &subs), ptr, depth);
        }
        if let Some(e) = self.enum_kind(schema, ptr) {
            return TypeKind::Enum(e);
        }
        if schema.enum_.is_some() {
            // Not an enum swaggen can make (already reported): the type
            // without its values, so the values are judged only once.
            let plain = Schema {
                enum_: None,
                ..schema.clone()
            };
            return self.named_kind(id, &plain, ptr, depth);
        }
        if is_struct_like(schema) {
            let s = self.structure(&name, schema, ptr, depth);
            // A subtype of a discriminated base: the tag lives in the enum.
            let s = match self
                .types
                .def_keys
                .get(&id)
                .and_then(|k| self.types.subtype_tags.get(k))
            {
                Some(tag) => without_field(s, tag),
                None => s,
            };
            return TypeKind::Struct(s);
        }
        if !schema.any_of.is_empty() || !schema.one_of.is_empty() {
            return self.untagged(&name, schema, ptr, depth);
        }
        TypeKind::Alias(self.lower(schema, ptr, Place::Named(&name), depth))
    }

    /// A base with a `discriminator`: `tag` is the discriminator
    /// property, `subs` the definitions that extend the base.
    fn tagged(
        &mut self,
        id: TypeId,
        schema: &Schema,
        (tag, subs): (&str, &[String]),
        ptr: &str,
        depth: usize,
    ) -> TypeKind {
        // The base's own fields become a struct `{Name}Base`, used when the
        // tag names no known subtype... Known subtypes are variants.
        let mut variants = Vec::new();
        let mut scope = Scope::default();
        let spec = self.spec;
        let name = self.types.name(id).to_owned();
        let base_key = self.types.def_keys.get(&id).cloned().unwrap_or_default();
        // The base itself is a valid value when its discriminator is its own name.
        let base_id = self.types.claim(&format!("{name}Base"));
        let base_name = self.types.name(base_id).to_owned();
        let base = self.structure(&base_name, schema, ptr, depth);
        self.types.make(
            base_id,
            ptr,
            Some(format!("The fields common to every `{name}`.")),
            TypeKind::Struct(without_field(base, tag)),
        );
        variants.push(Variant {
            name: scope.claim(&names::variant(&base_key)),
            wire: base_key.clone(),
            ty: Ty::Named(base_id),
            boxed: false,
        });
        for sub in subs {
            let Some(sub_schema) = spec.definitions.get(sub) else {
                continue;
            };
            let wire = sub_schema
                .x_ms_discriminator_value
                .as_deref()
                .and_then(Value::as_str)
                .unwrap_or(sub)
                .to_owned();
            let ty = Ty::Named(self.types.def_ids[sub]);
            variants.push(Variant {
                name: scope.claim(&names::variant(&wire)),
                wire,
                ty,
                boxed: false,
            });
        }
        TypeKind::Tagged(Tagged {
            tag: tag.to_owned(),
            variants,
        })
    }

    fn untagged(&mut self, name: &str, schema: &Schema, ptr: &str, depth: usize) -> TypeKind {
        let (key, list) = if schema.any_of.is_empty() {
            ("oneOf", &schema.one_of)
        } else {
            ("anyOf", &schema.any_of)
        };
        self.diags.warn_help(
            "S0301",
            &pointer_join(ptr, key),
            format!("`{key}` is not part of Swagger 2.0; swaggen generates an untagged enum tried in order"),
            "use `allOf` with a `discriminator`, or keep this if the server accepts it",
        );
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (i, part) in list.iter().enumerate() {
            let part_ptr = pointer_join(&pointer_join(ptr, key), &i.to_string());
            let variant = format!("{name}Variant{}", i + 1);
            let ty = self.lower(part, &part_ptr, Place::Named(&variant), depth + 1);
            let label = match &ty {
                Ty::Named(id) => self.types.name(*id).to_owned(),
                other => variant_label(other).to_string(),
            };
            variants.push(Variant {
                name: scope.claim(&names::camel(&label)),
                wire: String::new(),
                ty,
                boxed: false,
            });
        }
        if variants.is_empty() {
            return TypeKind::Alias(Ty::Json);
        }
        TypeKind::Untagged(variants)
    }

    fn enum_kind(&mut self, schema: &Schema, ptr: &str) -> Option<Enum> {
        let values = schema.enum_.as_ref()?.as_array()?;
        let type_name = schema
            .type_
            .as_deref()
            .and_then(Value::as_str)
            .unwrap_or("");
        let all_strings = values.iter().all(|v| v.is_string() || v.is_null());
        let all_ints = values.iter().all(|v| v.is_i64() || v.is_null());
        let repr = match type_name {
            "string" | "" if all_strings => EnumRepr::String,
            "integer" if all_ints => EnumRepr::Integer,
            "" if all_ints => EnumRepr::Integer,
            "string" | "integer" | "" => {
                self.diags.warn_help(
                    "S0302",
                    &pointer_join(ptr, "enum"),
                    "enum values do not all match the schema's type; swaggen ignores the enum",
                    "make every value the declared type",
                );
                return None;
            }
            _ => return None,
        };
        let mut scope = Scope::default();
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for v in values {
            let wire = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            if !seen.insert(wire.clone()) {
                continue;
            }
            // `x-ms-enum` may name and describe the value.
            let (ms_name, docs) = ms_enum_value(schema, &wire);
            let candidate = match (ms_name, repr) {
                (Some(name), _) => names::variant(&name),
                (None, EnumRepr::String) => names::variant(&wire),
                (None, EnumRepr::Integer) => {
                    names::camel(&format!("V{wire}").replace('-', "Minus"))
                }
            };
            variants.push(EnumVariant {
                name: scope.claim(&candidate),
                wire,
                docs,
            });
        }
        if variants.is_empty() {
            return None;
        }
        Some(Enum {
            repr,
            variants,
            other: scope.claim("Other"),
        })
    }

    fn structure(&mut self, name: &str, schema: &Schema, ptr: &str, depth: usize) -> Struct {
        let mut props: IndexMap<String, (&Schema, String)> = IndexMap::new();
        // Required names, each with the pointer of its `required` entry.
        let mut required: IndexMap<String, String> = IndexMap::new();
        let mut additional: Option<Ty> = None;
        self.collect_props(schema, &mut vec![ptr.to_owned()], &mut props, &mut required);
        if let Some(add) = schema.additional_properties.as_deref() {
            let ptr = pointer_join(ptr, "additionalProperties");
            additional = self.additional(add, &ptr, Place::Named(name), depth);
        }
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire, (prop, prop_ptr)) in &props {
            // `x-ms-client-name` renames the field; the wire name stays.
            let client_name = prop
                .x_ms_client_name
                .as_deref()
                .and_then(Value::as_str)
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(wire);
            let field_name = scope.claim(&names::snake(client_name));
            let place = Place::Nested(name, wire);
            let ty = in_json(self.lower(prop, prop_ptr, place, depth + 1));
            let is_required = required.contains_key(wire);
            let nullable = as_bool(&prop.x_nullable) || as_bool(&prop.nullable);
            let ty = if is_required && !nullable {
                ty
            } else {
                ty.optional()
            };
            fields.push(Field {
                name: field_name,
                wire: wire.clone(),
                ty,
                required: is_required,
                docs: schema_docs(prop),
                read_only: as_bool(&prop.read_only),
            });
        }
        undefined_required(&props, &required, &mut scope, &mut fields, self.diags);
        Struct { fields, additional }
    }

    fn additional(
        &mut self,
        add: &Additional,
        ptr: &str,
        place: Place<'_>,
        depth: usize,
    ) -> Option<Ty> {
        match add {
            Additional::Bool(false) => None,
            Additional::Bool(true) => Some(Ty::Json),
            Additional::Schema(s) => {
                let place = Place::Suffixed(&place, "Value");
                Some(in_json(self.lower(s, ptr, place, depth + 1)))
            }
        }
    }

    /// Gathers properties through `allOf` (resolving references). `stack`
    /// holds the pointers of the schemas being merged, outermost first: a
    /// reference back into it is a cycle, skipped with a warning.
    fn collect_props<'s>(
        &mut self,
        schema: &'s Schema,
        stack: &mut Vec<String>,
        props: &mut IndexMap<String, (&'s Schema, String)>,
        required: &mut IndexMap<String, String>,
    ) where
        'a: 's,
    {
        let ptr = stack.last().cloned().unwrap_or_default();
        if stack.len() > MAX_SCHEMA_DEPTH {
            self.diags.error_help(
                "S0103",
                &ptr,
                format!(
                    "`allOf` chains more than {MAX_SCHEMA_DEPTH} schemas deep; swaggen stops here"
                ),
                "merge some of the chained schemas",
            );
            return;
        }
        for (i, part) in schema.all_of.iter().enumerate() {
            let part_ptr = pointer_join(&pointer_join(&ptr, "allOf"), &i.to_string());
            let (target, target_ptr) = match self.deref(part, &part_ptr) {
                Some((target, target_ptr)) => (target, target_ptr),
                None => (part, part_ptr.clone()),
            };
            if stack.contains(&target_ptr) {
                self.diags.warn_help(
                    "S0103",
                    &part_ptr,
                    "`allOf` refers back to a schema it is part of (a cycle); swaggen skips this part",
                    "remove the reference to the enclosing schema from `allOf`",
                );
                continue;
            }
            stack.push(target_ptr);
            self.collect_props(target, stack, props, required);
            stack.pop();
        }
        if let Some(list) = schema.required.as_deref().and_then(Value::as_array) {
            for (i, name) in list.iter().enumerate() {
                if let Some(name) = name.as_str() {
                    let entry = pointer_join(&pointer_join(&ptr, "required"), &i.to_string());
                    required.entry(name.to_owned()).or_insert(entry);
                }
            }
        }
        for (key, prop) in &schema.properties {
            let prop_ptr = pointer_join(&pointer_join(&ptr, "properties"), key);
            props.insert(key.clone(), (prop, prop_ptr));
        }
    }

    /// Follows a `$ref` to a definition.
    fn deref(&mut self, schema: &Schema, ptr: &str) -> Option<(&'a Schema, String)> {
        let reference = schema.reference.as_deref()?;
        let spec = self.spec;
        match definition_ref(reference) {
            Some(key) => match spec.definitions.get(&key) {
                Some(target) => Some((target, pointer_join("/definitions", &key))),
                None => {
                    dangling(reference, ptr, self.diags);
                    None
                }
            },
            None => {
                dangling(reference, ptr, self.diags);
                None
            }
        }
    }

    /// The named type of an inline enum: its own, or the one an earlier
    /// place with the same `x-ms-enum` name and values made. (Out of line:
    /// `lower` recurses, and its frames must stay small.)
    #[inline(never)]
    fn inline_enum(&mut self, schema: &Schema, ptr: &str, place: Place<'_>, e: Enum) -> Ty {
        // `x-ms-enum: {name}` names the type; places that give the
        // same name and values share it.
        let ms_name = schema
            .x_ms_enum
            .as_ref()
            .and_then(|x| x.get("name"))
            .and_then(Value::as_str)
            .map(names::camel)
            .filter(|n| !n.is_empty());
        if let Some(ms) = &ms_name
            && let Some(&existing) = self.types.ms_enums.get(ms)
            && matches!(self.types.kind(existing), TypeKind::Enum(known) if *known == e)
        {
            self.types.inline.insert(ptr.to_owned(), existing);
            return Ty::Named(existing);
        }
        let id = match &ms_name {
            Some(name) => self.types.claim(name),
            None => self.types.claim(&place.name()),
        };
        if let Some(ms) = ms_name {
            self.types.ms_enums.entry(ms).or_insert(id);
        }
        self.types.inline.insert(ptr.to_owned(), id);
        self.types
            .make(id, ptr, schema_docs(schema), TypeKind::Enum(e));
        Ty::Named(id)
    }

    /// Lowers a schema in a position; inline objects and enums become named
    /// types called after `place`.
    pub fn lower(&mut self, schema: &Schema, ptr: &str, place: Place<'_>, depth: usize) -> Ty {
        if depth > MAX_SCHEMA_DEPTH {
            self.diags.error_help(
                "S0005",
                ptr,
                format!("schemas nest deeper than {MAX_SCHEMA_DEPTH} levels"),
                "move inner schemas into `definitions` and refer to them",
            );
            return Ty::Json;
        }
        if let Some(reference) = &schema.reference {
            return match definition_ref(reference).and_then(|k| self.types.def_ids.get(&k)) {
                Some(&id) => Ty::Named(id),
                None => {
                    dangling(reference, ptr, self.diags);
                    Ty::Json
                }
            };
        }
        let type_name = match schema.type_.as_deref() {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Array(list)) => {
                let non_null: Vec<&str> = list
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|s| *s != "null")
                    .collect();
                self.diags.warn_help(
                    "S0301",
                    &pointer_join(ptr, "type"),
                    "`type` is a list; Swagger 2.0 allows one type",
                    "use one type and `x-nullable: true` for null",
                );
                if non_null.len() == 1 {
                    let inner = Schema {
                        type_: Some(Box::new(Value::String(non_null[0].to_owned()))),
                        ..schema.clone()
                    };
                    return self.lower(&inner, ptr, place, depth + 1).optional();
                }
                return Ty::Json;
            }
            Some(_) => {
                self.diags.warn_help(
                    "S0302",
                    &pointer_join(ptr, "type"),
                    "`type` is not a string; swaggen uses an untyped JSON value",
                    "set `type` to one of `object`, `array`, `string`, `integer`, `number`, `boolean`",
                );
                return Ty::Json;
            }
            None => None,
        };
        let kind = type_name.as_deref().map(kind_of);
        let format = schema.format.as_deref().and_then(Value::as_str);
        // allOf of one reference plus annotations only (a description, a
        // default): the reference.
        if let Some(i) = lone_reference(schema) {
            return self.lower(
                &schema.all_of[i],
                &pointer_join(&pointer_join(ptr, "allOf"), &i.to_string()),
                place,
                depth + 1,
            );
        }
        if let Some(&id) = self.types.inline.get(ptr) {
            return Ty::Named(id);
        }
        if schema.enum_.is_some()
            && matches!(kind, Some(Kind::String | Kind::Integer) | None)
            && let Some(e) = self.enum_kind(schema, ptr)
        {
            return self.inline_enum(schema, ptr, place, e);
        }
        match kind {
            Some(Kind::Array) => {
                let item_ptr = pointer_join(ptr, "items");
                let item = match schema.items.as_deref() {
                    Some(Items::One(item)) => {
                        self.lower(item, &item_ptr, Place::Suffixed(&place, "Item"), depth + 1)
                    }
                    Some(Items::Many(list)) => {
                        self.diags.warn_help(
                            "S0301",
                            &item_ptr,
                            format!("`items` is a list of {} schemas (a tuple); Swagger 2.0 allows one schema; swaggen uses untyped JSON values", list.len()),
                            "give `items` one schema",
                        );
                        Ty::Json
                    }
                    None => {
                        self.diags.warn_help(
                            "S0302",
                            ptr,
                            "an array schema has no `items`; swaggen uses untyped JSON values",
                            "add `items` to the schema",
                        );
                        Ty::Json
                    }
                };
                Ty::Vec(Box::new(item))
            }
            Some(Kind::Object) | None if is_struct_like(schema) => {
                let id = self.types.claim(&place.name());
                self.types.inline.insert(ptr.to_owned(), id);
                self.lower_named(id, schema, ptr, depth + 1);
                Ty::Named(id)
            }
            Some(Kind::Object) | None if !schema.any_of.is_empty() || !schema.one_of.is_empty() => {
                let id = self.types.claim(&place.name());
                self.types.inline.insert(ptr.to_owned(), id);
                self.lower_named(id, schema, ptr, depth + 1);
                Ty::Named(id)
            }
            Some(Kind::Object) | None => match schema.additional_properties.as_deref() {
                Some(add) => match self.additional(
                    add,
                    &pointer_join(ptr, "additionalProperties"),
                    place,
                    depth,
                ) {
                    Some(value) => Ty::Map(Box::new(value)),
                    None => Ty::Json,
                },
                None => Ty::Json,
            },
            Some(Kind::Null) => Ty::Json,
            Some(Kind::Unknown) => {
                self.diags.warn_help(
                    "S0302",
                    &pointer_join(ptr, "type"),
                    format!(
                        "unknown type `{}`; swaggen uses an untyped JSON value",
                        type_name.unwrap_or_default()
                    ),
                    "set `type` to one of `object`, `array`, `string`, `integer`, `number`, `boolean`",
                );
                Ty::Json
            }
            Some(_) => primitive(type_name.as_deref().unwrap_or(""), format).unwrap_or(Ty::Json),
        }
    }

    /// Boxes struct fields and union payloads that would make a type
    /// contain itself (through members held in place).
    fn break_cycles(&mut self) {
        let direct: Vec<Vec<TypeId>> = self
            .types
            .defs
            .iter()
            .map(|def| {
                let mut next = Vec::new();
                def.kind.each_member(&mut |t, held| {
                    if held == Held::InPlace
                        && let Some(id) = t.held_in_place()
                    {
                        next.push(id);
                    }
                });
                next
            })
            .collect();
        let reaches = |from: TypeId, to: TypeId| -> bool {
            let mut stack = vec![from];
            let mut seen = vec![false; direct.len()];
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if !std::mem::replace(&mut seen[n.0], true) {
                    stack.extend(&direct[n.0]);
                }
            }
            false
        };
        let cyclic =
            |id: TypeId, t: &Ty| t.held_in_place().is_some_and(|target| reaches(target, id));
        let mut to_box: Vec<(TypeId, usize)> = Vec::new();
        for (i, def) in self.types.defs.iter().enumerate() {
            let id = TypeId(i);
            let members: Vec<&Ty> = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Tagged(Tagged { variants, .. }) | TypeKind::Untagged(variants) => {
                    variants.iter().map(|v| &v.ty).collect()
                }
                TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Outcomes(_) => Vec::new(),
            };
            for (m, t) in members.into_iter().enumerate() {
                if cyclic(id, t) {
                    to_box.push((id, m));
                }
            }
        }
        for (id, m) in to_box {
            let t = match &mut self.types.defs[id.0].kind {
                TypeKind::Struct(s) => &mut s.fields[m].ty,
                TypeKind::Tagged(Tagged { variants, .. }) | TypeKind::Untagged(variants) => {
                    &mut variants[m].ty
                }
                TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Outcomes(_) => continue,
            };
            *t = boxed(std::mem::replace(t, Ty::Json));
        }
    }

    /// Aliases that lead back to themselves through aliases alone
    /// (`A: {$ref: A}`, or `A` → `B` → `A`, also through arrays and maps)
    /// would be type aliases Rust cannot expand: each becomes an untyped
    /// JSON value, with a warning (an error under `--strict`).
    fn break_alias_cycles(&mut self) {
        // Aliases, and the aliases each mentions; both by name, so the
        // cycles reported do not depend on the order types were made.
        let by_name = |ids: &mut Vec<TypeId>| {
            ids.sort_by(|a, b| self.types.name(*a).cmp(self.types.name(*b)))
        };
        let is_alias = |id: TypeId| matches!(self.types.kind(id), TypeKind::Alias(_));
        let mut aliases: Vec<TypeId> = (0..self.types.defs.len())
            .map(TypeId)
            .filter(|&id| is_alias(id))
            .collect();
        by_name(&mut aliases);
        let targets: BTreeMap<TypeId, Vec<TypeId>> = aliases
            .iter()
            .map(|&id| {
                let mut named = Vec::new();
                if let TypeKind::Alias(ty) = self.types.kind(id) {
                    ty.each_named(&mut |n| {
                        if is_alias(n) && !named.contains(&n) {
                            named.push(n);
                        }
                    });
                }
                by_name(&mut named);
                (id, named)
            })
            .collect();
        // The path from `from` back to `to` through aliases, if any.
        let path_back = |from: TypeId, to: TypeId| -> Option<Vec<TypeId>> {
            let mut stack = vec![vec![from]];
            let mut seen = BTreeSet::new();
            while let Some(path) = stack.pop() {
                let last = *path.last()?;
                if last == to {
                    return Some(path);
                }
                if !seen.insert(last) {
                    continue;
                }
                for next in targets.get(&last).into_iter().flatten() {
                    let mut longer = path.clone();
                    longer.push(*next);
                    stack.push(longer);
                }
            }
            None
        };
        let mut cyclic = Vec::new();
        for &id in &aliases {
            if let Some(cycle) = targets[&id].iter().find_map(|&t| path_back(t, id)) {
                cyclic.push((id, cycle));
            }
        }
        for (id, cycle) in cyclic {
            let keys: Vec<String> = std::iter::once(&id)
                .chain(&cycle)
                .map(|n| match self.types.def_keys.get(n) {
                    Some(k) => format!("`{k}`"),
                    None => format!("`{}`", self.types.name(*n)),
                })
                .collect();
            let def = &mut self.types.defs[id.0];
            let message = if cycle.len() == 1 && cycle[0] == id {
                let what = match &def.kind {
                    TypeKind::Alias(Ty::Named(_)) => "only a reference to itself",
                    _ => "made of itself (through arrays or maps) and nothing else",
                };
                format!("{} is {what}; swaggen uses an untyped JSON value", keys[0])
            } else {
                format!(
                    "the definitions {} refer to one another with nothing else in between (a cycle); swaggen uses an untyped JSON value for {}",
                    keys.join(" → "),
                    keys[0]
                )
            };
            self.diags.warn_help(
                "S0103",
                &def.origin,
                message,
                "give one of these definitions a schema of its own (`type`, `properties`), or point the `$ref` elsewhere, in the spec or with an overlay",
            );
            def.kind = TypeKind::Alias(Ty::Json);
        }
    }

    /// The types made, in emission order, and every type by id (see
    /// [`crate::ir::renumber`]).
    pub fn into_types(mut self) -> (Vec<TypeId>, Vec<TypeDef>) {
        self.break_alias_cycles();
        self.break_cycles();
        (self.types.order, self.types.defs)
    }
}

/// A type as a JSON value holds it: `format: binary` inside a JSON document
/// is text, not bytes (which serde would write as an array of numbers).
fn in_json(ty: Ty) -> Ty {
    match ty {
        Ty::Bytes => Ty::String,
        Ty::Vec(inner) => Ty::Vec(Box::new(in_json(*inner))),
        Ty::Map(inner) => Ty::Map(Box::new(in_json(*inner))),
        Ty::Option(inner) => Ty::Option(Box::new(in_json(*inner))),
        other => other,
    }
}

fn variant_label(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "String",
        Ty::Bool => "Bool",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::F32 | Ty::F64 => "Number",
        Ty::Vec(_) => "List",
        Ty::Map(_) => "Map",
        Ty::DateTime | Ty::Date => "Date",
        _ => "Value",
    }
}

fn boxed(ty: Ty) -> Ty {
    match ty {
        Ty::Option(inner) => Ty::Option(Box::new(Ty::Boxed(inner))),
        other => Ty::Boxed(Box::new(other)),
    }
}

/// Required but not defined: each is warned about and kept as an untyped
/// field, so the caller can still send the value. (Out of line: schema
/// lowering recurses, and its frames must stay small.)
#[inline(never)]
fn undefined_required(
    props: &IndexMap<String, (&Schema, String)>,
    required: &IndexMap<String, String>,
    scope: &mut Scope,
    fields: &mut Vec<Field>,
    diags: &mut Diagnostics,
) {
    for (wire, entry_ptr) in required {
        if props.contains_key(wire) {
            continue;
        }
        diags.warn_help(
            "S0302",
            entry_ptr,
            format!(
                "`required` names `{wire}`, which the schema's `properties` do not define; swaggen adds it as an untyped JSON field"
            ),
            "define the property with its type under `properties` (in the spec or with an overlay), or remove it from `required`",
        );
        fields.push(Field {
            name: scope.claim(&names::snake(wire)),
            wire: wire.clone(),
            ty: Ty::Json.optional(),
            required: false,
            docs: Some(format!(
                "Required by the spec, which does not say what `{wire}` is: set it to the JSON value the server expects."
            )),
            read_only: false,
        });
    }
}

/// The name and description `x-ms-enum`'s `values` give the value
/// `wire`, if any.
fn ms_enum_value(schema: &Schema, wire: &str) -> (Option<String>, Option<String>) {
    let entry = schema
        .x_ms_enum
        .as_ref()
        .and_then(|x| x.get("values"))
        .and_then(Value::as_array)
        .and_then(|values| {
            values.iter().find(|v| match v.get("value") {
                Some(Value::String(s)) => s == wire,
                Some(Value::Number(n)) => n.to_string() == wire,
                _ => false,
            })
        });
    let text = |key: &str| {
        entry
            .and_then(|e| e.get(key))
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned)
    };
    (text("name"), text("description"))
}

fn without_field(mut s: Struct, wire: &str) -> Struct {
    s.fields.retain(|f| f.wire != wire);
    s
}

fn dangling(reference: &str, ptr: &str, diags: &mut Diagnostics) {
    diags.warn_help(
        "S0101",
        &pointer_join(ptr, "$ref"),
        format!("`$ref: {reference}` does not resolve; swaggen uses an untyped JSON value"),
        "fix the reference, or add the missing definition with an overlay",
    );
}

/// True for a schema that only annotates (description, default, …) and
/// adds no structure.
fn annotation_only(schema: &Schema) -> bool {
    schema.reference.is_none()
        && schema.type_.is_none()
        && schema.items.is_none()
        && schema.properties.is_empty()
        && schema.additional_properties.is_none()
        && schema.all_of.is_empty()
        && schema.any_of.is_empty()
        && schema.one_of.is_empty()
        && schema.enum_.is_none()
        && schema.discriminator.is_none()
}

/// For `allOf: [{$ref}, {description: …}]` with nothing else structural,
/// the index of the one reference.
fn lone_reference(schema: &Schema) -> Option<usize> {
    if schema.all_of.is_empty()
        || !schema.properties.is_empty()
        || schema.additional_properties.is_some()
        || schema.discriminator.is_some()
    {
        return None;
    }
    let mut found = None;
    for (i, part) in schema.all_of.iter().enumerate() {
        if part.reference.is_some() {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        } else if !annotation_only(part) {
            return None;
        }
    }
    found
}

fn is_struct_like(schema: &Schema) -> bool {
    !schema.properties.is_empty() || !schema.all_of.is_empty()
}

/// The documentation of a schema: its title and description.
pub fn schema_docs(schema: &Schema) -> Option<String> {
    match (&schema.title, &schema.description) {
        (Some(t), Some(d)) if !d.trim().is_empty() => Some(format!("{t}\n\n{d}")),
        (_, Some(d)) if !d.trim().is_empty() => Some(d.clone()),
        (Some(t), _) if !t.trim().is_empty() => Some(t.clone()),
        _ => None,
    }
}
