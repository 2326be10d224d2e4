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
    #[serde(default)]
    pub names: NamesSettings,
}

/// The `[names]` table: how the desk spells names, for the `name-variant` check.
///
/// ```toml
/// [names]
/// accept = [["Sergei Lavrov", "Sergey Lavrov"]]   # spellings accepted together
/// house = ["Sergey Lavrov", "al-Assad"]            # preferred over the story's majority form
/// ```
///
/// Layers add up rather than replace each other: a spelling accepted in the editor's settings
/// stays accepted when `.copydesk.toml` accepts another. Where two house forms compete for one
/// name, the one from the later layer (the file) wins.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NamesSettings {
    /// Sets of spellings of one name that are never flagged against each other, such as a
    /// family name that two relatives spell differently.
    #[serde(default)]
    pub accept: Vec<Vec<String>>,
    /// House forms: the spelling to use whenever the story writes a variant of it, whatever
    /// the majority of the story writes.
    #[serde(default)]
    pub house: Vec<String>,
}

/// The configuration in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub scope: Scope,
    pub globs: Vec<String>,
    pub debounce_ms: u64,
    pub max_file_size: u64,
    pub checks: BTreeMap<CheckId, CheckSettings>,
    pub names: NamesSettings,
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
            names: NamesSettings::default(),
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
        for set in &self.names.accept {
            if set.iter().filter(|s| !s.trim().is_empty()).count() < 2 {
                return Err(ConfigError {
                    line: None,
                    message: "[names] accept: each entry lists two or more spellings, such as [\"Sergei Lavrov\", \"Sergey Lavrov\"]".to_string(),
                });
            }
        }
        if self.names.house.iter().any(|s| s.trim().is_empty()) {
            return Err(ConfigError { line: None, message: "[names] house: a house form cannot be empty".to_string() });
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
        for set in &layer.names.accept {
            if !self.names.accept.contains(set) {
                self.names.accept.push(set.clone());
            }
        }
        // A later layer's house forms go first, so they win where two compete for one name.
        let mut house = layer.names.house.clone();
        house.extend(self.names.house.iter().filter(|h| !layer.names.house.contains(h)).cloned());
        self.names.house = house;
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

/// The new text of a `.copydesk.toml` that accepts the spellings `a` and `b` of one name together
/// (the "Accept both spellings" code action of `name-variant`).
///
/// The pair goes into `[names] accept`: joined to an entry that already lists one of them, or
/// added as a new entry; the table and the key are created when missing. Everything else in the
/// file (comments, order, spacing, the layout of the `accept` array) is left as it was, because
/// the file belongs to the desk and the server only adds a line to it. When the pair is already
/// accepted the text comes back unchanged. A file that does not parse is not touched: the error
/// says where it is broken.
pub fn accept_spellings_edit(toml_text: &str, a: &str, b: &str) -> Result<String, ConfigError> {
    use toml_edit::{Array, DocumentMut, Item, Table, Value};

    let (a, b) = (a.trim(), b.trim());
    let mut doc: DocumentMut = toml_text.parse().map_err(|err: toml_edit::TomlError| ConfigError {
        line: err.span().map(|span| line_of(toml_text, span.start)),
        message: err.message().trim().to_string(),
    })?;
    if a.is_empty() || b.is_empty() || a == b {
        return Ok(toml_text.to_string());
    }
    let shape = |what: &str| ConfigError { line: None, message: format!("cannot add to [names] accept: {what}") };
    let names = doc.entry("names").or_insert_with(|| Item::Table(Table::new()));
    let names = names.as_table_like_mut().ok_or_else(|| shape("`names` is not a table"))?;
    let accept = names.entry("accept").or_insert_with(|| Item::Value(Value::Array(Array::new())));
    let accept = accept.as_array_mut().ok_or_else(|| shape("`accept` is not an array"))?;

    let listed = |set: &Array, s: &str| set.iter().any(|v| v.as_str() == Some(s));
    let mut joined = false;
    for entry in accept.iter_mut() {
        let Some(set) = entry.as_array_mut() else { continue };
        match (listed(set, a), listed(set, b)) {
            (true, true) => return Ok(toml_text.to_string()),
            (true, false) | (false, true) if !joined => {
                set.push(if listed(set, a) { b } else { a });
                joined = true;
            }
            _ => {}
        }
    }
    if !joined {
        let mut pair = Value::Array(Array::from_iter([a, b]));
        // A new entry takes the layout of the entry before it, so an array written one entry per
        // line stays that way.
        let prefix = accept.iter().last().and_then(|last| last.decor().prefix()).and_then(|p| p.as_str());
        // Only the line break and indentation: a comment before the last entry stays its own.
        let layout = prefix.map(|p| match p.rfind('\n') {
            Some(at) => format!("\n{}", &p[at + 1..]),
            None if p.trim().is_empty() => p.to_string(),
            None => " ".to_string(),
        });
        match layout {
            Some(prefix) => {
                pair.decor_mut().set_prefix(prefix);
                accept.push_formatted(pair);
            }
            None => accept.push(pair),
        }
    }
    Ok(doc.to_string())
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
    fn names_table_parses_and_layers_add_up() {
        let editor = PartialConfig::from_json(&serde_json::json!({
            "names": {"accept": [["Kyiv", "Kiev"]], "house": ["al-Assad"]}
        }))
        .unwrap();
        let file = PartialConfig::from_toml(
            "[names]\naccept = [[\"Sergei Lavrov\", \"Sergey Lavrov\"]]\nhouse = [\"Sergey Lavrov\", \"Assad\"]\n",
        )
        .unwrap();
        let config = Config::layered([&editor, &file]);
        assert_eq!(
            config.names.accept,
            vec![
                vec!["Kyiv".to_string(), "Kiev".to_string()],
                vec!["Sergei Lavrov".to_string(), "Sergey Lavrov".to_string()]
            ]
        );
        // The file's house forms come first: they win over the editor's.
        assert_eq!(config.names.house, ["Sergey Lavrov", "Assad", "al-Assad"]);
        assert_eq!(Config::default().names, NamesSettings::default());
    }

    #[test]
    fn names_table_is_validated() {
        let err = PartialConfig::from_toml("[names]\naccept = [[\"Sergei Lavrov\"]]\n").unwrap_err();
        assert!(err.message.contains("two or more spellings"), "{err}");
        let err = PartialConfig::from_toml("[names]\nhouse = [\" \"]\n").unwrap_err();
        assert!(err.message.contains("cannot be empty"), "{err}");
        let err = PartialConfig::from_toml("[names]\nprefer = [\"Sergey Lavrov\"]\n").unwrap_err();
        assert!(err.message.contains("prefer"), "{err}");
        assert!(PartialConfig::from_toml("[checks.name-variant]\nseverity = \"hint\"\n").is_ok());
    }

    #[test]
    fn accept_edit_creates_the_table_and_keeps_comments() {
        let before = "# House style for the Syria desk.\nscope = \"folder\" # one story per folder\n\n[checks.duplicate-paragraph]\nsimilarity = 0.6\n";
        let after = accept_spellings_edit(before, "Sergei Lavrov", "Sergey Lavrov").unwrap();
        assert_eq!(
            after,
            "# House style for the Syria desk.\nscope = \"folder\" # one story per folder\n\n[checks.duplicate-paragraph]\nsimilarity = 0.6\n\n[names]\naccept = [[\"Sergei Lavrov\", \"Sergey Lavrov\"]]\n"
        );
        let config = Config::layered([&PartialConfig::from_toml(&after).unwrap()]);
        assert_eq!(config.names.accept, [["Sergei Lavrov", "Sergey Lavrov"]]);
        assert_eq!(
            accept_spellings_edit("", "Shayrat", "al-Shayrat").unwrap(),
            "[names]\naccept = [[\"Shayrat\", \"al-Shayrat\"]]\n"
        );
    }

    #[test]
    fn accept_edit_appends_to_an_existing_list_in_its_layout() {
        let before = "[names]\n# Spellings the desk allows side by side.\naccept = [\n    [\"Kyiv\", \"Kiev\"], # the city\n    [\"Gaddafi\", \"Qaddafi\"],\n]\nhouse = [\"Sergey Lavrov\"]\n";
        let after = accept_spellings_edit(before, "Bashar Assad", "Bashar al-Assad").unwrap();
        assert_eq!(
            after,
            "[names]\n# Spellings the desk allows side by side.\naccept = [\n    [\"Kyiv\", \"Kiev\"], # the city\n    [\"Gaddafi\", \"Qaddafi\"],\n    [\"Bashar Assad\", \"Bashar al-Assad\"],\n]\nhouse = [\"Sergey Lavrov\"]\n"
        );
    }

    #[test]
    fn accept_edit_joins_an_entry_or_changes_nothing() {
        let before = "[names]\naccept = [[\"Gaddafi\", \"Qaddafi\"]]\n";
        assert_eq!(
            accept_spellings_edit(before, "Kadhafi", "Gaddafi").unwrap(),
            "[names]\naccept = [[\"Gaddafi\", \"Qaddafi\", \"Kadhafi\"]]\n"
        );
        assert_eq!(accept_spellings_edit(before, "Qaddafi", "Gaddafi").unwrap(), before);
        let inline = "names = { house = [\"NATO\"] }\n";
        let after = accept_spellings_edit(inline, "Nato", "NATO").unwrap();
        assert_eq!(Config::layered([&PartialConfig::from_toml(&after).unwrap()]).names.accept, [["Nato", "NATO"]]);
        let err = accept_spellings_edit("[names\naccept = 1\n", "a", "b").unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
        assert!(accept_spellings_edit("names = 3\n", "a", "b").is_err());
    }

    #[test]
    fn default_globs_match_articles() {
        let set = Config::default().glob_set();
        assert!(set.is_match("story/a.txt"));
        assert!(set.is_match("a.news"));
        assert!(!set.is_match("a.rs"));
    }
}
