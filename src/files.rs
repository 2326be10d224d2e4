//! Finding and reading article files on disk, shared by the CLI and the server.
//!
//! The walk follows the rules a ripgrep user expects: `.gitignore` and `.ignore` files are
//! respected (inside a git repository or not), hidden files are skipped and symbolic links are
//! never followed, so nothing outside the root is read. Files that are too large or not UTF-8
//! are reported back as [`Skipped`] with the reason, never silently dropped.

use std::path::{Path, PathBuf};

use crate::config::Config;

/// A file that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The article files under `root` that match the configured globs, sorted by path.
pub fn walk(root: &Path, config: &Config) -> Vec<PathBuf> {
    let globs = config.glob_set();
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(root).follow_links(false).require_git(false).build();
    for entry in walker.flatten() {
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if !is_file {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if globs.is_match(relative) {
            found.push(entry.into_path());
        }
    }
    found.sort();
    found
}

/// Reads one article: it must be a regular file within the size limit and valid UTF-8.
pub fn read_article(path: &Path, max_size: u64) -> Result<String, Skipped> {
    let skipped = |reason: String| Skipped { path: path.to_path_buf(), reason };
    let meta = std::fs::metadata(path).map_err(|err| skipped(err.to_string()))?;
    if !meta.is_file() {
        return Err(skipped("not a regular file".to_string()));
    }
    if meta.len() > max_size {
        return Err(skipped(format!(
            "{} bytes is over the size limit of {max_size} bytes (max-file-size)",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|err| skipped(err.to_string()))?;
    decode(bytes).map_err(skipped)
}

/// Checks that bytes are text: valid UTF-8 without NUL bytes, which mark binary files.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes)".to_string());
    }
    String::from_utf8(bytes)
        .map_err(|err| format!("not UTF-8 (invalid byte at offset {})", err.utf8_error().valid_up_to()))
}

/// The document name of a path: the path itself with `/` separators, which is what the story
/// scope reads folders from.
pub fn doc_name(path: &Path) -> String {
    let name = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        name.into_owned()
    } else {
        name.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_respects_globs_gitignore_and_skips_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("story/ignored")).unwrap();
        std::fs::write(root.join("story/a.txt"), "A").unwrap();
        std::fs::write(root.join("story/b.news"), "B").unwrap();
        std::fs::write(root.join("story/c.md"), "C").unwrap();
        std::fs::write(root.join("story/ignored/d.txt"), "D").unwrap();
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("e.txt"), "E").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), root.join("story/link")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path().join("e.txt"), root.join("story/e.txt")).unwrap();

        let found: Vec<String> =
            walk(root, &Config::default()).iter().map(|p| doc_name(p.strip_prefix(root).unwrap())).collect();
        assert_eq!(found, vec!["story/a.txt", "story/b.news"]);
    }

    #[test]
    fn read_rejects_large_binary_and_non_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "x".repeat(100)).unwrap();
        assert!(read_article(&big, 99).unwrap_err().reason.contains("size limit"));
        assert_eq!(read_article(&big, 100).unwrap().len(), 100);
        let bin = dir.path().join("bin.txt");
        std::fs::write(&bin, b"ab\0cd").unwrap();
        assert!(read_article(&bin, 100).unwrap_err().reason.contains("binary"));
        let latin1 = dir.path().join("latin1.txt");
        std::fs::write(&latin1, b"caf\xe9").unwrap();
        assert!(read_article(&latin1, 100).unwrap_err().reason.contains("not UTF-8"));
    }
}
