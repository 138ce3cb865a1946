//! What changed for users between two generations: the items of two API
//! listings (`API.txt`, from `api.rs`) compared, each change said to
//! break users or not, and the semver bump they imply.
//!
//! The rules (the README has them for users):
//! - an item removed, or changed (a type, an argument list, a struct made
//!   exhaustive): breaking;
//! - an item added: not breaking, except a field added to a struct that is
//!   not `#[non_exhaustive]` (past 32 required properties), which breaks
//!   struct literals. Enums, models, outcome enums and `Error` are
//!   `#[non_exhaustive]`, so a new variant, an optional property, an
//!   operation, a parameter setter or a response type breaks nobody; a
//!   required property or parameter changes `new` or the operation's
//!   arguments, which is breaking.
//! - Bump: breaking -> major (minor before 1.0), added -> minor (patch
//!   before 1.0), other output changed -> patch, nothing -> none.

use std::collections::BTreeMap;

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// In the new API only.
    Added,
    /// In the old API only.
    Removed,
    /// In both, with another signature.
    Changed,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What happened.
    pub change: Kind,
    /// The item's line (the new one, for a change).
    pub item: String,
    /// Whether it breaks users of the old API.
    pub breaking: bool,
    /// Why it breaks, or what it was before.
    pub detail: String,
}

/// The semver bump a set of changes implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Identical output.
    None,
    /// Output changed, the API did not.
    Patch,
    /// Additions only.
    Minor,
    /// Something breaks.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// A comparison of two generations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The changes, breaking ones first, then by item.
    pub changes: Vec<Change>,
    /// The bump for a crate at 1.0 or later.
    pub bump: Bump,
}

/// An item's identity: its kind and path (the line up to its signature:
/// the first `(`, space, `[` or `: ` after the kind).
fn key(line: &str) -> &str {
    let Some(space) = line.find(' ') else {
        return line;
    };
    let path = &line[space + 1..];
    let bytes = path.as_bytes();
    let end = (0..bytes.len())
        .find(|&i| {
            matches!(bytes[i], b'(' | b' ' | b'[')
                || (bytes[i] == b':' && bytes.get(i + 1) == Some(&b' '))
        })
        .unwrap_or(bytes.len());
    &line[..space + 1 + end]
}

/// A line without its ` [features: a, b]` suffix, and those features.
fn split_gate(line: &str) -> (&str, Option<std::collections::BTreeSet<&str>>) {
    match line.rsplit_once(" [features: ") {
        Some((base, rest)) => (base, Some(rest.trim_end_matches(']').split(", ").collect())),
        None => (line, None),
    }
}

/// The items of a listing by key.
fn items(listing: &str) -> BTreeMap<&str, &str> {
    listing
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| (key(l), l))
        .collect()
}

/// Compares two listings; `output_differs` says whether anything else the
/// generations wrote differs (for a patch rather than none).
pub fn compare(old: &str, new: &str, output_differs: bool) -> Report {
    let (old_items, new_items) = (items(old), items(new));
    let mut changes = Vec::new();
    for (k, line) in &old_items {
        match new_items.get(k) {
            None => changes.push(Change {
                change: Kind::Removed,
                item: (*line).to_owned(),
                breaking: true,
                detail: "users of it no longer compile".to_owned(),
            }),
            Some(now) if now != line => {
                // Only the cargo features changed: compiled under default
                // features as before, so breaking only if a feature it was
                // available under is gone (what cargo-semver-checks says).
                let (old_base, old_gate) = split_gate(line);
                let (new_base, new_gate) = split_gate(now);
                let breaking = old_base != new_base
                    || match (old_gate, new_gate) {
                        (Some(old), Some(new)) => !old.is_subset(&new),
                        _ => false,
                    };
                changes.push(Change {
                    change: Kind::Changed,
                    item: (*now).to_owned(),
                    breaking,
                    detail: format!("was `{line}`"),
                });
            }
            Some(_) => {}
        }
    }
    for (k, line) in &new_items {
        if old_items.contains_key(k) {
            continue;
        }
        let exhaustive_owner = k
            .strip_prefix("field ")
            .and_then(|path| path.rsplit_once("::"))
            .is_some_and(|(owner, _)| {
                new_items
                    .get(format!("struct {owner}").as_str())
                    .is_some_and(|s| s.contains("(exhaustive)"))
            });
        changes.push(Change {
            change: Kind::Added,
            item: (*line).to_owned(),
            breaking: exhaustive_owner,
            detail: if exhaustive_owner {
                "a field of a struct that is not #[non_exhaustive] breaks struct literals"
                    .to_owned()
            } else {
                String::new()
            },
        });
    }
    changes.sort_by(|a, b| (!a.breaking, a.change, &a.item).cmp(&(!b.breaking, b.change, &b.item)));
    let bump = if changes.iter().any(|c| c.breaking) {
        Bump::Major
    } else if !changes.is_empty() {
        Bump::Minor
    } else if output_differs {
        Bump::Patch
    } else {
        Bump::None
    };
    Report { changes, bump }
}

impl Report {
    /// One line per change (breaking ones first), then the bump.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            out.push_str(c.change.as_str());
            out.push_str(if c.breaking { " (breaking) " } else { " " });
            out.push_str(&c.item);
            if !c.detail.is_empty() {
                out.push_str(" — ");
                out.push_str(&c.detail);
            }
            out.push('\n');
        }
        out.push_str(&format!("bump: {}\n", self.bump.as_str()));
        out
    }

    /// `{"bump": …, "changes": [{"change", "item", "breaking", "detail"}]}`.
    pub fn json(&self) -> String {
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "change": c.change.as_str(),
                    "item": c.item,
                    "breaking": c.breaking,
                    "detail": c.detail,
                })
            })
            .collect();
        let value = serde_json::json!({"bump": self.bump.as_str(), "changes": changes});
        format!("{value}\n")
    }

    /// Counts, then the breaking changes: a regeneration's summary.
    pub fn summary(&self) -> String {
        let count = |k: Kind| self.changes.iter().filter(|c| c.change == k).count();
        let breaking: Vec<&Change> = self.changes.iter().filter(|c| c.breaking).collect();
        let mut out = format!(
            "API: {} added, {} removed, {} changed ({} breaking); bump: {}\n",
            count(Kind::Added),
            count(Kind::Removed),
            count(Kind::Changed),
            breaking.len(),
            self.bump.as_str()
        );
        for c in breaking {
            out.push_str(&format!("  breaking: {} {}\n", c.change.as_str(), c.item));
        }
        out
    }
}

/// The version after `old` for a bump: at 1.0 or later, major/minor/patch
/// as said; before 1.0, a breaking change bumps the minor and anything
/// else the patch. `None` keeps the version. A version that is not
/// `MAJOR.MINOR.PATCH` is kept as it is.
pub fn next_version(old: &str, bump: Bump) -> String {
    let core = old.split(['-', '+']).next().unwrap_or(old);
    let parts: Vec<u64> = core.split('.').filter_map(|p| p.parse().ok()).collect();
    let [major, minor, patch] = parts[..] else {
        return old.to_owned();
    };
    let (major, minor, patch) = match (bump, major) {
        (Bump::None, _) => return old.to_owned(),
        (Bump::Major, 0) => (0, minor + 1, 0),
        (Bump::Major, m) => (m + 1, 0, 0),
        (Bump::Minor, 0) | (Bump::Patch, _) => (major, minor, patch + 1),
        (Bump::Minor, m) => (m, minor + 1, 0),
    };
    format!("{major}.{minor}.{patch}")
}

/// The files a generation makes that record the crate's history: kept
/// across regenerations and updated from the comparison.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The API listing every generated crate carries.
pub use crate::api::API_TXT;

/// Fits a new generation to the earlier one in `out`: compares their
/// `API.txt`, sets the crate's version (`pinned`, else the earlier
/// version bumped as the comparison says, else the spec's) and writes the
/// `CHANGELOG.md` entry for it. Returns the comparison, or `None` when
/// `out` holds no earlier listing. Regenerating unchanged output changes
/// nothing, so `--check` and a second run agree.
pub fn evolve(
    out: &std::path::Path,
    files: &mut Vec<crate::File>,
    pinned: Option<&str>,
) -> Option<Report> {
    let on_disk = |name: &str| std::fs::read_to_string(out.join(name)).ok();
    let old_api = on_disk(API_TXT);
    let old_version = on_disk("Cargo.toml").and_then(|text| package_version(&text));
    let old_changelog = on_disk(CHANGELOG);
    let new_api = files
        .iter()
        .find(|f| f.path == API_TXT)
        .map(|f| f.contents.clone())
        .unwrap_or_default();
    let generated_version = files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .and_then(|f| package_version(&f.contents))
        .unwrap_or_else(|| "0.1.0".to_owned());
    let report = old_api.map(|old_api| {
        // Other output differs: compared with the earlier version in place.
        let base = old_version
            .clone()
            .unwrap_or_else(|| generated_version.clone());
        let output_differs = files.iter().any(|f| {
            let contents = if f.path == "Cargo.toml" {
                with_version(&f.contents, &base)
            } else {
                f.contents.clone()
            };
            f.path != CHANGELOG && on_disk(&f.path).as_deref() != Some(contents.as_str())
        });
        compare(&old_api, &new_api, output_differs)
    });
    let version = match (pinned, &report, &old_version) {
        (Some(v), _, _) => v.to_owned(),
        (None, Some(r), Some(old)) => next_version(old, r.bump),
        (None, None, Some(old)) => old.clone(),
        (None, _, None) => generated_version,
    };
    for f in files.iter_mut().filter(|f| f.path == "Cargo.toml") {
        f.contents = with_version(&f.contents, &version);
    }
    let changelog = match (&report, old_changelog) {
        (Some(r), Some(old)) if r.bump != Bump::None => prepend(&old, &entry(&version, r)),
        (_, Some(old)) => old,
        (_, None) => format!("{CHANGELOG_HEAD}## {version}\n\n- First generation by swaggen.\n"),
    };
    files.retain(|f| f.path != CHANGELOG);
    files.push(crate::File {
        path: CHANGELOG.to_owned(),
        contents: changelog,
    });
    report
}

/// The top of every `CHANGELOG.md`.
const CHANGELOG_HEAD: &str = "# Changelog\n\nWritten by swaggen: each regeneration that changes the crate adds an entry\nwith the changes to its public API (see `API.txt`) and the version they imply.\n\n";

/// The changelog entry for a version.
fn entry(version: &str, report: &Report) -> String {
    let mut out = format!("## {version}\n\n");
    if report.changes.is_empty() {
        out.push_str("- The generated code changed; the public API did not.\n");
    }
    for c in &report.changes {
        out.push_str(&format!(
            "- {}{}: `{}`\n",
            c.change.as_str(),
            if c.breaking { " (breaking)" } else { "" },
            c.item
        ));
    }
    out
}

/// `entry` placed after the changelog's head (before the older entries).
fn prepend(changelog: &str, entry: &str) -> String {
    match changelog.find("\n## ") {
        Some(i) => format!("{}\n{entry}\n{}", &changelog[..i], &changelog[i + 1..]),
        None => format!("{changelog}\n{entry}"),
    }
}

/// `[package] version` of a Cargo.toml.
fn package_version(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    table
        .get("package")?
        .get("version")?
        .as_str()
        .map(str::to_owned)
}

/// A generated Cargo.toml with another `[package] version`, formatted as
/// swaggen formats it (its `#` header kept).
fn with_version(text: &str, version: &str) -> String {
    let body_start = text
        .lines()
        .take_while(|l| l.starts_with('#') || l.is_empty())
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .min(text.len());
    let (head, body) = text.split_at(body_start);
    let Ok(mut table) = toml::from_str::<toml::Table>(body) else {
        return text.to_owned();
    };
    if let Some(toml::Value::Table(package)) = table.get_mut("package") {
        package.insert("version".into(), toml::Value::String(version.to_owned()));
    }
    match toml::to_string(&table) {
        Ok(body) => format!("{head}{body}"),
        Err(_) => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_items_without_their_signatures() {
        let cases = [
            (
                "fn Client::get(i32, String) -> builders::Get",
                "fn Client::get",
            ),
            (
                "fn builders::Get::send() -> Result<(), Error<X>>",
                "fn builders::Get::send",
            ),
            ("field types::A::b: Option<String>", "field types::A::b"),
            ("struct types::A (exhaustive)", "struct types::A"),
            ("struct types::A [features: x]", "struct types::A"),
            ("variant types::E::Red = \"red\"", "variant types::E::Red"),
            ("variant types::E::Other(String)", "variant types::E::Other"),
            ("type types::T = String", "type types::T"),
            ("feature pets", "feature pets"),
        ];
        for (line, want) in cases {
            assert_eq!(key(line), want, "{line}");
        }
    }

    #[test]
    fn versions_bump_by_semver_and_before_one() {
        let cases = [
            ("1.2.3", Bump::Major, "2.0.0"),
            ("1.2.3", Bump::Minor, "1.3.0"),
            ("1.2.3", Bump::Patch, "1.2.4"),
            ("1.2.3", Bump::None, "1.2.3"),
            ("0.4.1", Bump::Major, "0.5.0"),
            ("0.4.1", Bump::Minor, "0.4.2"),
            ("0.4.1", Bump::Patch, "0.4.2"),
            ("1.0.0-beta", Bump::Minor, "1.1.0"),
            ("2024-01-01", Bump::Major, "2024-01-01"),
        ];
        for (old, bump, want) in cases {
            assert_eq!(next_version(old, bump), want, "{old} {bump:?}");
        }
    }

    #[test]
    fn feature_gates_break_only_when_a_feature_goes() {
        let report = |old: &str, new: &str| compare(old, new, true).changes[0].breaking;
        assert!(!report(
            "struct types::A\n",
            "struct types::A [features: x]\n"
        ));
        assert!(!report(
            "struct types::A [features: x]\n",
            "struct types::A [features: x, y]\n"
        ));
        assert!(!report(
            "struct types::A [features: x]\n",
            "struct types::A\n"
        ));
        assert!(report(
            "struct types::A [features: x, y]\n",
            "struct types::A [features: x]\n"
        ));
        assert!(report(
            "struct types::A [features: x]\n",
            "struct types::A (exhaustive) [features: x]\n"
        ));
    }

    #[test]
    fn additions_to_exhaustive_structs_break() {
        let old = "struct types::A\nstruct types::B (exhaustive)\n";
        let new = "field types::A::x: Option<i32>\nfield types::B::x: Option<i32>\nstruct types::A\nstruct types::B (exhaustive)\n";
        let report = compare(old, new, true);
        assert_eq!(report.bump, Bump::Major);
        assert!(report.changes[0].breaking && report.changes[0].item.contains("types::B::x"));
        assert!(!report.changes[1].breaking);
    }
}
