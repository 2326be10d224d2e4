//! The analysis core: articles in, findings out.
//!
//! Architecture invariant: nothing in this module knows about LSP, JSON-RPC, files on disk or
//! terminals. Text is plain `&str`, positions are byte offsets, and every check returns findings
//! rather than errors, because a bad article is the normal input of a copy desk, not an
//! exceptional one.

pub mod article;
pub mod checks;
pub mod diff;
pub mod figures;
pub mod fingerprint;
pub mod names;
pub mod normalize;
pub mod outline;
pub mod par;
#[cfg(test)]
pub(crate) mod testing;
pub mod workspace;

use std::ops::Range;

pub use checks::CheckId;
pub use workspace::{DocId, Workspace};

/// A byte range into one document's text.
pub type Span = Range<usize>;

/// How loudly a finding is reported. Mirrors the four LSP levels, but owes nothing to LSP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// A place in some document of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub doc: DocId,
    pub span: Span,
}

/// Another place that explains a finding: the first copy of a repeated paragraph, the other
/// mention of a conflicting figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    /// Shared: a message names a mention that many findings list.
    pub message: std::sync::Arc<str>,
}

/// One replacement of text in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub doc: DocId,
    pub span: Span,
    /// Shared: a check hands the fixes of an unchanged finding on from one version to the next,
    /// moved to their new places.
    pub replacement: std::sync::Arc<str>,
}

/// A named set of edits the user can apply in one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Shared, as [`Edit::replacement`].
    pub title: std::sync::Arc<str>,
    pub edits: Vec<Edit>,
}

/// What a check reports: plain data, rendered by the LSP layer and by the CLI alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: CheckId,
    pub doc: DocId,
    pub span: Span,
    pub severity: Severity,
    /// One line, shown in the editor's problem list.
    pub message: String,
    /// The evidence, in Markdown, shown on hover: what the check saw and where. Shared: a
    /// check may hand the evidence of an unchanged finding on from one version to the next.
    pub evidence: std::sync::Arc<str>,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}
