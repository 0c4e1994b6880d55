//! Problems found in the spec, each tied to a file and a place inside it.
//!
//! Every stage pushes into one [`Diagnostics`] collector instead of returning
//! on the first problem, so a user fixing a broken spec sees all of it at once.
//! Warnings never stop generation; any error does, after the stage that found
//! it has finished.

use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on; the output is still complete and correct.
    Warning,
    /// Generation stops and nothing is written.
    Error,
}

impl Severity {
    /// `warning` or `error`, as compilers and Cargo print them.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where in a file a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The whole file, or a problem with no finer place.
    File,
    /// A position the YAML parser reported (1-based).
    Line { line: usize, column: usize },
    /// A JSON pointer into the parsed document, e.g. `/properties/content/allOf/0/$ref`.
    Pointer(String),
}

/// One problem, with enough context to find and fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the spec directory, with `/` separators; `None` when
    /// the problem is with the spec directory itself.
    pub file: Option<String>,
    pub place: Place,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(
        file: impl Into<Option<String>>,
        place: Place,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, file.into(), place, message.into())
    }

    pub fn warning(
        file: impl Into<Option<String>>,
        place: Place,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, file.into(), place, message.into())
    }

    fn new(severity: Severity, file: Option<String>, place: Place, message: String) -> Self {
        Diagnostic {
            severity,
            file,
            place,
            message,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column` or `file#/json/pointer`, the way editors and
    /// terminals recognise a location.
    pub fn location(&self) -> String {
        let file = self.file.as_deref().unwrap_or("<spec>");
        match &self.place {
            Place::File => file.to_owned(),
            Place::Line { line, column } => format!("{file}:{line}:{column}"),
            Place::Pointer(p) if p.is_empty() => format!("{file}#/"),
            Place::Pointer(p) => format!("{file}#{p}"),
        }
    }
}

impl Diagnostic {
    /// The diagnostic without its `error:`/`warning:` prefix and on one
    /// line, for channels that add their own prefix (Cargo's messages).
    pub fn one_line(&self) -> String {
        match &self.hint {
            Some(hint) => format!("{}: {} (hint: {hint})", self.location(), self.message),
            None => format!("{}: {}", self.location(), self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.severity.as_str(),
            self.location(),
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The collector every stage reports into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Appends what another collector gathered, in its order.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// How many diagnostics were reported so far: a mark for
    /// [`Diagnostics::errors_to_warnings_since`].
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Turns the errors reported since `mark` into warnings, each with
    /// `hint`: for input the generator works around rather than refuses.
    pub fn errors_to_warnings_since(&mut self, mark: usize, hint: &str) {
        for d in self.items.iter_mut().skip(mark) {
            if d.severity == Severity::Error {
                d.severity = Severity::Warning;
                d.hint = Some(match d.hint.take() {
                    Some(own) => format!("{own}; {hint}"),
                    None => hint.to_owned(),
                });
            }
        }
    }

    /// Whether an error was reported since `mark` (see [`Diagnostics::len`]).
    pub fn has_errors_since(&self, mark: usize) -> bool {
        (self.items.iter().skip(mark)).any(|d| d.severity == Severity::Error)
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Ends a stage: all is well unless an error was reported.
    pub fn check(&mut self) -> Result<(), Error> {
        if self.has_errors() {
            Err(Error {
                diagnostics: std::mem::take(&mut self.items),
            })
        } else {
            Ok(())
        }
    }
}

/// Generation failed; holds every diagnostic reported up to that point,
/// errors and warnings, in the order they were found.
#[derive(Debug)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub fn single(diagnostic: Diagnostic) -> Self {
        Error {
            diagnostics: vec![diagnostic],
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for d in self.errors() {
            if !first {
                writeln!(f)?;
            }
            first = false;
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as
/// RFC 6901 requires (property names such as `m.relates_to` are fine, but
/// pattern keys like `^@` and paths in keys are not unheard of).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    // Called for every node the loader reads: one allocation, no more.
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
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
    use super::pointer_push;

    #[test]
    fn pointer_tokens_escape_tilde_and_slash() {
        assert_eq!(pointer_push("", "properties"), "/properties");
        assert_eq!(
            pointer_push("/properties", "m.relates_to"),
            "/properties/m.relates_to"
        );
        // `~` first: escaping `/` as `~1` must not then turn into `~01`.
        assert_eq!(pointer_push("/p", "a/b~c~1"), "/p/a~1b~0c~01");
    }
}
