//! Configuration: one schema, read from three places.
//!
//! The same keys come from `.copydesk.toml` at the workspace root, from the editor's
//! `initializationOptions`, and from `workspace/didChangeConfiguration`. Each place yields a
//! [`PartialConfig`] (every key optional) and the layers are merged over the defaults in a fixed
//! order: defaults, then the editor's settings, then `.copydesk.toml`. The file wins because it
//! is the house style the whole desk shares, while editor settings belong to one person.
//!
//! This module parses strings; it never touches the file system, so the CLI and the server
//! decide where the text comes from.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::analysis::{CheckId, Severity};

/// Which other articles a document is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Each article on its own.
    File,
    /// Articles in the same folder are one story (the default: a desk keeps a story's copy together).
    #[default]
    Folder,
    /// Every article of the workspace is one story.
    Workspace,
}

/// Settings of one check. The thresholds apply to `duplicate-paragraph` only.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckSettings {
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
    /// Jaccard similarity of word shingles from which two paragraphs are copies (0 to 1).
    pub similarity: Option<f64>,
    /// Share of the shorter paragraph's shingles found in the longer one from which it counts
    /// as contained in it (0 to 1).
    pub containment: Option<f64>,
    /// Containment counts only for paragraphs of at least this many words.
    pub containment_min_words: Option<usize>,
}

/// One layer of configuration: every key optional, unknown keys rejected so that a typo is
/// reported instead of silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PartialConfig {
    pub scope: Option<Scope>,
    pub globs: Option<Vec<String>>,
    pub debounce_ms: Option<u64>,
    pub max_file_size: Option<u64>,
    #[serde(default)]
    pub checks: BTreeMap<String, CheckSettings>,
}

/// The configuration in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub scope: Scope,
    pub globs: Vec<String>,
    pub debounce_ms: u64,
    pub max_file_size: u64,
    pub checks: BTreeMap<CheckId, CheckSettings>,
}

pub const CONFIG_FILE: &str = ".copydesk.toml";
pub const DEFAULT_GLOBS: &[&str] = &["**/*.txt", "**/*.news"];
pub const DEFAULT_DEBOUNCE_MS: u64 = 50;
/// Articles are a few kilobytes; 4 MiB leaves room for whole archives in one file while keeping
/// a stray log or data dump out of the workspace.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Config {
            scope: Scope::default(),
            globs: DEFAULT_GLOBS.iter().map(|g| g.to_string()).collect(),
            debounce_ms: DEFAULT_DEBOUNCE_MS,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            checks: BTreeMap::new(),
        }
    }
}

/// A problem in a configuration source, with the 1-based line when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl PartialConfig {
    /// Parses the text of a `.copydesk.toml`.
    pub fn from_toml(text: &str) -> Result<PartialConfig, ConfigError> {
        let partial: PartialConfig = toml::from_str(text).map_err(|err| ConfigError {
            line: err.span().map(|span| line_of(text, span.start)),
            message: err.message().trim().to_string(),
        })?;
        partial.validate()?;
        Ok(partial)
    }

    /// Parses editor settings: either the schema itself or the schema under a `copydesk` key,
    /// which is how VS Code and Neovim namespace settings. `null` means no settings.
    pub fn from_json(value: &serde_json::Value) -> Result<PartialConfig, ConfigError> {
        let value = match value {
            serde_json::Value::Null => return Ok(PartialConfig::default()),
            serde_json::Value::Object(map) if map.len() == 1 && map.contains_key("copydesk") => &map["copydesk"],
            other => other,
        };
        if value.is_null() {
            return Ok(PartialConfig::default());
        }
        let partial =
            PartialConfig::deserialize(value).map_err(|err| ConfigError { line: None, message: err.to_string() })?;
        partial.validate()?;
        Ok(partial)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        for (id, settings) in &self.checks {
            for (key, value) in [("similarity", settings.similarity), ("containment", settings.containment)] {
                if value.is_some_and(|v| !(0.0..=1.0).contains(&v)) {
                    return Err(ConfigError {
                        line: None,
                        message: format!("[checks.{id}] {key} must be between 0 and 1"),
                    });
                }
            }
            if CheckId::from_str(id).is_none() {
                let known: Vec<&str> = CheckId::ALL.iter().map(|c| c.as_str()).collect();
                return Err(ConfigError {
                    line: None,
                    message: format!("unknown check `{id}` in [checks]; known checks: {}", known.join(", ")),
                });
            }
        }
        if let Some(globs) = &self.globs {
            for glob in globs {
                globset::Glob::new(glob)
                    .map_err(|err| ConfigError { line: None, message: format!("bad glob `{glob}`: {err}") })?;
            }
        }
        Ok(())
    }
}

impl Config {
    /// Applies a layer over this configuration.
    pub fn merge(&mut self, layer: &PartialConfig) {
        if let Some(scope) = layer.scope {
            self.scope = scope;
        }
        if let Some(globs) = &layer.globs {
            self.globs = globs.clone();
        }
        if let Some(ms) = layer.debounce_ms {
            self.debounce_ms = ms;
        }
        if let Some(size) = layer.max_file_size {
            self.max_file_size = size;
        }
        for (id, settings) in &layer.checks {
            // validate() has already rejected unknown ids.
            if let Some(id) = CheckId::from_str(id) {
                let entry = self.checks.entry(id).or_default();
                if settings.enabled.is_some() {
                    entry.enabled = settings.enabled;
                }
                if settings.severity.is_some() {
                    entry.severity = settings.severity;
                }
                if settings.similarity.is_some() {
                    entry.similarity = settings.similarity;
                }
                if settings.containment.is_some() {
                    entry.containment = settings.containment;
                }
                if settings.containment_min_words.is_some() {
                    entry.containment_min_words = settings.containment_min_words;
                }
            }
        }
    }

    /// Builds the configuration in force from the layers, lowest precedence first.
    pub fn layered<'a>(layers: impl IntoIterator<Item = &'a PartialConfig>) -> Config {
        let mut config = Config::default();
        for layer in layers {
            config.merge(layer);
        }
        config
    }

    pub fn is_enabled(&self, check: CheckId) -> bool {
        self.checks.get(&check).and_then(|s| s.enabled).unwrap_or(true)
    }

    /// The settings of a check (all unset when the user set nothing).
    pub fn check(&self, check: CheckId) -> CheckSettings {
        self.checks.get(&check).cloned().unwrap_or_default()
    }

    /// The severity configured for a check, if the user chose one.
    pub fn severity_override(&self, check: CheckId) -> Option<Severity> {
        self.checks.get(&check).and_then(|s| s.severity)
    }

    /// The glob set of article files.
    pub fn glob_set(&self) -> globset::GlobSet {
        let mut builder = globset::GlobSetBuilder::new();
        for glob in &self.globs {
            // Globs were validated when parsed; the defaults are valid.
            if let Ok(glob) = globset::GlobBuilder::new(glob).literal_separator(false).build() {
                builder.add(glob);
            }
        }
        builder.build().unwrap_or_else(|_| globset::GlobSet::empty())
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_layer_parses_every_key() {
        let partial = PartialConfig::from_toml(
            r#"
scope = "workspace"
globs = ["**/*.md"]
debounce-ms = 10
max-file-size = 1000

[checks.duplicate-paragraph]
enabled = false
severity = "hint"
"#,
        )
        .unwrap();
        let config = Config::layered([&partial]);
        assert_eq!(config.scope, Scope::Workspace);
        assert_eq!(config.globs, vec!["**/*.md".to_string()]);
        assert_eq!(config.debounce_ms, 10);
        assert_eq!(config.max_file_size, 1000);
        assert!(!config.is_enabled(CheckId::DuplicateParagraph));
        assert_eq!(config.severity_override(CheckId::DuplicateParagraph), Some(Severity::Hint));
    }

    #[test]
    fn broken_toml_names_the_line() {
        let err = PartialConfig::from_toml("scope = \"folder\"\n\ndebounce-ms = \"soon\"\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let err = PartialConfig::from_toml("scope = \"folder\"\nscop = \"file\"\n").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.message.contains("scop"), "{err}");
    }

    #[test]
    fn unknown_check_is_rejected() {
        let err = PartialConfig::from_toml("[checks.spelling]\nenabled = false\n").unwrap_err();
        assert!(err.message.contains("unknown check `spelling`"), "{err}");
    }

    #[test]
    fn json_accepts_namespaced_and_bare_settings() {
        let bare = serde_json::json!({"scope": "file", "checks": {"duplicate-paragraph": {"severity": "error"}}});
        let namespaced = serde_json::json!({"copydesk": bare.clone()});
        assert_eq!(PartialConfig::from_json(&bare).unwrap(), PartialConfig::from_json(&namespaced).unwrap());
        assert_eq!(PartialConfig::from_json(&serde_json::Value::Null).unwrap(), PartialConfig::default());
        assert!(PartialConfig::from_json(&serde_json::json!({"scope": 3})).is_err());
    }

    #[test]
    fn later_layers_win_key_by_key() {
        let editor = PartialConfig::from_json(&serde_json::json!({"scope": "file", "debounce-ms": 5})).unwrap();
        let file = PartialConfig::from_toml("scope = \"workspace\"\n").unwrap();
        let config = Config::layered([&editor, &file]);
        assert_eq!(config.scope, Scope::Workspace);
        assert_eq!(config.debounce_ms, 5);
    }

    #[test]
    fn default_globs_match_articles() {
        let set = Config::default().glob_set();
        assert!(set.is_match("story/a.txt"));
        assert!(set.is_match("a.news"));
        assert!(!set.is_match("a.rs"));
    }
}
