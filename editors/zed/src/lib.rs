//! The Zed extension of copydesk. Zed starts only the language servers that an extension
//! registers; this one registers `copydesk` for Plain Text and runs `copydesk lsp`, found on the
//! worktree's PATH or at `lsp.copydesk.binary.path` in Zed's settings, and hands the server
//! `lsp.copydesk.settings` (the keys of `.copydesk.toml`).

use zed_extension_api::{self as zed, serde_json, settings::LspSettings};

const SERVER: &str = "copydesk";

const NOT_FOUND: &str = "copydesk was not found on PATH. Install it with `cargo install --path .` \
                         from the copydesk repository, or set lsp.copydesk.binary.path in Zed's settings.";

struct Copydesk;

impl zed::Extension for Copydesk {
    fn new() -> Self {
        Copydesk
    }

    fn language_server_command(
        &mut self,
        _id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let binary = LspSettings::for_worktree(SERVER, worktree).ok().and_then(|s| s.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let command = match configured {
            Some(path) => path,
            None => worktree.which(SERVER).ok_or_else(|| NOT_FOUND.to_string())?,
        };
        let args = binary.as_ref().and_then(|b| b.arguments.clone()).unwrap_or_else(|| vec!["lsp".to_string()]);
        let mut env = worktree.shell_env();
        if let Some(extra) = binary.and_then(|b| b.env) {
            env.extend(extra);
        }
        Ok(zed::Command { command, args, env })
    }

    fn language_server_initialization_options(
        &mut self,
        _id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        Ok(settings(worktree))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        // Zed answers `workspace/configuration` for the `copydesk` section from this object.
        Ok(settings(worktree).map(|s| serde_json::json!({ SERVER: s })))
    }
}

/// `lsp.copydesk.settings`: the keys of `.copydesk.toml`.
fn settings(worktree: &zed::Worktree) -> Option<serde_json::Value> {
    LspSettings::for_worktree(SERVER, worktree).ok().and_then(|s| s.settings)
}

zed::register_extension!(Copydesk);
