-- copydesk for Neovim 0.11+: put this plugin folder on 'runtimepath' (or copy this file to
-- ~/.config/nvim/lsp/copydesk.lua) and call
--
--   vim.lsp.enable('copydesk')
--
-- Override any field with vim.lsp.config('copydesk', { ... }). Settings go under
-- `settings.copydesk`, with the keys of .copydesk.toml:
--
--   vim.lsp.config('copydesk', {
--     settings = { copydesk = { scope = 'file', checks = { ['duplicate-paragraph'] = { severity = 'error' } } } },
--   })
---@type vim.lsp.Config
return {
  cmd = { 'copydesk', 'lsp' },
  filetypes = { 'text', 'news' },
  root_markers = { '.copydesk.toml', '.git' },
}
