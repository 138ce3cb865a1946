//! Boxing: a union's or an outcome enum's payload is boxed when it would
//! make the enum much larger than its smallest variant (clippy's
//! `large_enum_variant`), from rough in-memory sizes of the types.

use crate::ir::{BodyKind, Tagged, Ty, TypeDef, TypeKind};

/// How much larger than the smallest variant a payload may be unboxed.
const SLACK: usize = 128;

/// Marks the payloads to box in every union and outcome enum.
pub fn box_large_payloads(types: &mut [TypeDef]) {
    let decisions: Vec<Vec<bool>> = {
        let sizes = Sizes::new(types);
        types
            .iter()
            .map(|def| {
                let payloads: Vec<Option<usize>> = match &def.kind {
                    TypeKind::Tagged(Tagged { variants, .. }) | TypeKind::Untagged(variants) => {
                        variants
                            .iter()
                            .map(|v| Some(sizes.size(&v.ty, 0)))
                            .collect()
                    }
                    TypeKind::Outcomes(o) => o
                        .outcomes
                        .iter()
                        .map(|o| match &o.body {
                            BodyKind::Json(t) => Some(sizes.size(t, 0)),
                            BodyKind::Text | BodyKind::Bytes => Some(24),
                            BodyKind::Empty => None,
                        })
                        .collect(),
                    TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Alias(_) => Vec::new(),
                };
                let smallest = payloads.iter().map(|p| p.unwrap_or(0)).min().unwrap_or(0);
                payloads
                    .iter()
                    .map(|p| p.is_some_and(|size| size > smallest + SLACK))
                    .collect()
            })
            .collect()
    };
    for (def, boxed) in types.iter_mut().zip(decisions) {
        match &mut def.kind {
            TypeKind::Tagged(Tagged { variants, .. }) | TypeKind::Untagged(variants) => {
                for (v, b) in variants.iter_mut().zip(boxed) {
                    v.boxed = b;
                }
            }
            TypeKind::Outcomes(o) => {
                for (o, b) in o.outcomes.iter_mut().zip(boxed) {
                    o.boxed = b;
                }
            }
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// Rough in-memory sizes of types, to box enum payloads that would make
/// an enum much larger than its other variants (clippy's
/// `large_enum_variant`).
struct Sizes<'a> {
    types: &'a [TypeDef],
}

impl<'a> Sizes<'a> {
    fn new(types: &'a [TypeDef]) -> Self {
        Sizes { types }
    }

    /// Approximate size in bytes.
    fn size(&self, t: &Ty, depth: usize) -> usize {
        if depth > 16 {
            return 64;
        }
        match t {
            Ty::Bool => 1,
            Ty::I32 | Ty::F32 => 4,
            Ty::I64 | Ty::F64 | Ty::Boxed(_) => 8,
            Ty::DateTime => 16,
            Ty::Date => 4,
            Ty::String | Ty::Base64 | Ty::Bytes | Ty::Vec(_) | Ty::Map(_) => 24,
            Ty::Json => 32,
            Ty::Option(inner) => self.size(inner, depth + 1) + 8,
            Ty::Named(id) => match self.types.get(id.0).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => {
                    s.fields
                        .iter()
                        .map(|f| self.size(&f.ty, depth + 1))
                        .sum::<usize>()
                        + if s.additional.is_some() { 24 } else { 0 }
                }
                Some(TypeKind::Enum(_)) => 24,
                Some(TypeKind::Alias(inner)) => self.size(inner, depth + 1),
                Some(TypeKind::Tagged(Tagged { variants, .. }) | TypeKind::Untagged(variants)) => {
                    8 + variants
                        .iter()
                        .map(|v| self.size(&v.ty, depth + 1).min(136))
                        .max()
                        .unwrap_or(0)
                }
                Some(TypeKind::Outcomes(_)) | None => 64,
            },
        }
    }
}
