//! Diagnostics: every problem swaggen finds is collected here with a stable
//! code, a location (file, JSON pointer, line/column when known) and a hint
//! saying what to do. Nothing in swaggen panics on bad input; it records a
//! diagnostic instead and carries on where it can.

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Generation went on, but the output may not be what the spec meant.
    Warning,
    /// Generation cannot produce a correct crate.
    Error,
}

/// Where in the input a diagnostic points.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The file the text came from.
    pub file: Option<PathBuf>,
    /// RFC 6901 JSON pointer into the document (`""` is the whole document).
    pub pointer: String,
    /// 1-based line and column, when the position is known.
    pub line_col: Option<(usize, usize)>,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Severity.
    pub level: Level,
    /// Stable code, e.g. `S0101`; listed in the README's "Diagnostic codes".
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Where (boxed to keep `Result<_, Diagnostic>` small).
    pub location: Box<Location>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new error at `pointer`.
    pub fn error(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Level::Error, code, pointer, message)
    }

    /// A new warning at `pointer`.
    pub fn warning(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Level::Warning, code, pointer, message)
    }

    fn new(
        level: Level,
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level,
            code,
            message: message.into(),
            location: Box::new(Location {
                file: None,
                pointer: pointer.into(),
                line_col: None,
            }),
            help: None,
        }
    }

    /// Adds a hint saying how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the file the diagnostic points into.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.location.file = Some(file.into());
        self
    }

    /// Sets the line and column.
    pub fn at(mut self, line_col: Option<(usize, usize)>) -> Self {
        self.location.line_col = line_col;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Renders in a rustc-like form:
    ///
    /// ```text
    /// warning[S0201]: parameter `count` has no `type`; treating it as a string
    ///   --> specs/postmark.yaml:25:9
    ///    = at: #/paths/~1messages~1outbound/get/parameters/0
    ///    = help: add `type: ...` in the spec or with an overlay
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Warning => "warning",
            Level::Error => "error",
        };
        writeln!(f, "{level}[{}]: {}", self.code, self.message)?;
        if let Some(file) = &self.location.file {
            match self.location.line_col {
                Some((line, col)) => writeln!(f, "  --> {}:{line}:{col}", file.display())?,
                None => writeln!(f, "  --> {}", file.display())?,
            }
        }
        writeln!(f, "   = at: #{}", self.location.pointer)?;
        if let Some(help) = &self.help {
            writeln!(f, "   = help: {help}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics during a stage; the stage ends by checking
/// [`Diagnostics::has_errors`] before handing over to the next one.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records an error with a hint (every diagnostic says what to do).
    pub fn error_help(
        &mut self,
        code: &'static str,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::error(code, pointer, message).with_help(help));
    }

    /// Records a warning with a hint.
    pub fn warn_help(
        &mut self,
        code: &'static str,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::warning(code, pointer, message).with_help(help));
    }

    /// True when any recorded diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Everything recorded so far.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Takes the recorded diagnostics.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Appends another collection.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }
}

/// Appends a segment to a JSON pointer, escaped (RFC 6901: `~` is `~0`,
/// `/` is `~1`).
pub fn pointer_join(base: &str, segment: &str) -> String {
    let mut out = String::with_capacity(base.len() + segment.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_segments_are_escaped() {
        let table = [
            ("", "/paths/"),
            ("plain", "/paths/plain"),
            ("/pets/{id}", "/paths/~1pets~1{id}"),
            ("a~b", "/paths/a~0b"),
            ("~/~/", "/paths/~0~1~0~1"),
            ("é~1/x", "/paths/é~01~1x"),
        ];
        for (segment, want) in table {
            assert_eq!(pointer_join("/paths", segment), want, "{segment:?}");
        }
    }
}
