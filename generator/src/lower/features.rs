//! Cargo features, one per tag: an operation is compiled under the feature
//! of its first tag, a type under the features of the operations that use
//! it, directly or through other types. Types no gated operation needs
//! (used by an untagged operation, or by none) are always compiled, so a
//! crate built with any set of features still compiles.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Feature, Gate, Operation, Ty, TypeDef};
use crate::spec::Swagger;

/// crates.io refuses crates with more features than this; a spec with more
/// tags gets no features.
pub const MAX_FEATURES: usize = 300;

/// Who needs a type: a feature, or `None` for code that is always compiled.
type Label = Option<usize>;

/// Chooses the features and sets every operation's and type's gate.
/// A spec with one tag gets its feature too, so that gaining a second tag
/// gates only what the new tag brings, not every item; a spec without
/// tags (or with more than [`MAX_FEATURES`]) gets none.
pub fn assign(spec: &Swagger, operations: &mut [Operation], types: &mut [TypeDef]) -> Vec<Feature> {
    let tags: BTreeSet<&str> = operations
        .iter()
        .filter_map(|op| op.tag.as_deref())
        .collect();
    if tags.is_empty() || tags.len() > MAX_FEATURES {
        return Vec::new();
    }
    let features = name_features(spec, &tags);
    let by_tag: BTreeMap<&str, usize> = features
        .iter()
        .enumerate()
        .map(|(i, f)| (f.tag.as_str(), i))
        .collect();

    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut next = Vec::new();
            t.kind.each_ty(&mut |t| {
                if let Ty::Named(id) = t {
                    next.push(id.0);
                }
            });
            next
        })
        .collect();
    let mut labels: Vec<BTreeSet<Label>> = vec![BTreeSet::new(); types.len()];
    for op in operations.iter_mut() {
        let label = op.tag.as_deref().and_then(|t| by_tag.get(t).copied());
        op.gate = match label {
            Some(i) => Gate::Any(vec![i]),
            None => Gate::Always,
        };
        let mut roots = Vec::new();
        op.each_ty(&mut |t| {
            if let Ty::Named(id) = t {
                roots.push(id.0);
            }
        });
        mark(roots.into_iter(), label, &edges, &mut labels);
    }
    for i in 0..types.len() {
        if labels[i].is_empty() {
            mark([i].into_iter(), None, &edges, &mut labels);
        }
    }
    for (t, l) in types.iter_mut().zip(labels) {
        t.gate = if l.contains(&None) {
            Gate::Always
        } else {
            Gate::Any(l.into_iter().flatten().collect())
        };
    }
    features
}

/// Feature names from tags: kebab case, unique, never `default`, sorted
/// by name.
fn name_features(spec: &Swagger, tags: &BTreeSet<&str>) -> Vec<Feature> {
    let mut taken = BTreeSet::new();
    let mut features: Vec<Feature> = tags
        .iter()
        .map(|tag| {
            let base = feature_name(tag);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            let docs = spec
                .tags
                .iter()
                .find(|t| t.name == *tag)
                .and_then(|t| t.description.clone());
            Feature {
                name,
                tag: (*tag).to_owned(),
                docs,
            }
        })
        .collect();
    features.sort_by(|a, b| a.name.cmp(&b.name));
    features
}

/// A cargo feature name for a tag (ASCII letters, digits and `-`).
pub fn feature_name(tag: &str) -> String {
    let kebab = heck::ToKebabCase::to_kebab_case(tag);
    let mut name: String = kebab
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    name.truncate(60);
    let name = name.trim_matches('-');
    match name {
        "" => "tag".to_owned(),
        // `tracing` is the generated crate's own optional feature.
        "default" | "tracing" => format!("{name}-tag"),
        n if n.starts_with(|c: char| c.is_ascii_digit()) => format!("tag-{n}"),
        n => n.to_owned(),
    }
}

/// Adds `label` to the roots and everything they reach.
fn mark(
    roots: impl Iterator<Item = usize>,
    label: Label,
    edges: &[Vec<usize>],
    labels: &mut [BTreeSet<Label>],
) {
    let mut stack: Vec<usize> = roots.collect();
    while let Some(i) = stack.pop() {
        if labels[i].insert(label) {
            stack.extend(&edges[i]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names() {
        let table = [
            ("Pet Store", "pet-store"),
            ("pets", "pets"),
            ("default", "default-tag"),
            ("Tracing", "tracing-tag"),
            ("2fa", "tag-2fa"),
            ("", "tag"),
            ("!!!", "tag"),
            ("Ünïcode tag", "ncode-tag"),
            ("v1.Users", "v1-users"),
        ];
        for (tag, want) in table {
            assert_eq!(feature_name(tag), want, "{tag:?}");
        }
    }
}
