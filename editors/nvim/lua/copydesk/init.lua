-- copydesk for Neovim 0.9 and 0.10 (and later): starts `copydesk lsp` for text and news
-- buffers with vim.lsp.start. On Neovim 0.11+ prefer lsp/copydesk.lua and vim.lsp.enable().
--
--   require('copydesk').setup({
--     -- every field is optional; these are the defaults
--     cmd = { 'copydesk', 'lsp' },
--     filetypes = { 'text', 'news' },
--     root_markers = { '.copydesk.toml', '.git' },
--     settings = { copydesk = { scope = 'file' } },  -- the keys of .copydesk.toml
--     on_attach = function(client, bufnr) end,
--     capabilities = nil,                             -- e.g. from a completion plugin
--   })

local M = {}

M.defaults = {
  cmd = { 'copydesk', 'lsp' },
  filetypes = { 'text', 'news' },
  root_markers = { '.copydesk.toml', '.git' },
  settings = {},
}

M.missing_message = 'copydesk was not found on PATH. Install it with `cargo install --path .` '
  .. 'from the copydesk repository, or pass cmd = { "/path/to/copydesk", "lsp" } to '
  .. "require('copydesk').setup()."

local group = vim.api.nvim_create_augroup('copydesk', { clear = true })
local warned = false

--- The workspace root of a buffer: the nearest folder with one of `markers`, else the
--- buffer's own folder. vim.fs.find works on Neovim 0.9 (vim.fs.root is 0.10+).
local function root_of(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return vim.fn.getcwd()
  end
  local dir = vim.fs.dirname(name)
  local found = vim.fs.find(markers, { path = dir, upward = true })[1]
  return found and vim.fs.dirname(found) or dir
end

--- Starts (or reuses) the copydesk client for `bufnr`.
local function start(bufnr, config)
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    if not warned then
      warned = true
      vim.notify(M.missing_message, vim.log.levels.ERROR)
    end
    return
  end
  local root = root_of(bufnr, config.root_markers)
  return vim.lsp.start({
    name = 'copydesk',
    cmd = config.cmd,
    root_dir = root,
    settings = config.settings,
    init_options = config.init_options,
    capabilities = config.capabilities,
    on_attach = config.on_attach,
  }, { bufnr = bufnr })
end

--- Starts copydesk for every buffer of `opts.filetypes`, now and from now on.
function M.setup(opts)
  local config = vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
  M.config = config
  warned = false
  vim.filetype.add({ extension = { news = 'news' } })
  vim.api.nvim_clear_autocmds({ group = group })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      start(args.buf, config)
    end,
    desc = 'copydesk: start the language server',
  })
  -- Buffers that were already open when setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr, config)
    end
  end
  vim.api.nvim_create_user_command('CopydeskRestart', function()
    M.restart()
  end, { desc = 'Restart the copydesk language server' })
end

--- Stops every copydesk client and starts one again for the open text and news buffers.
function M.restart()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local ids = vim.tbl_map(function(client)
    return client.id
  end, get({ name = 'copydesk' }))
  for _, id in ipairs(ids) do
    vim.lsp.stop_client(id)
  end
  vim.wait(5000, function()
    for _, id in ipairs(ids) do
      if vim.lsp.get_client_by_id(id) ~= nil then
        return false
      end
    end
    return true
  end, 20)
  local config = M.config or M.defaults
  warned = false
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr, config)
    end
  end
end

return M
