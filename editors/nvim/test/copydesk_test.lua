-- Headless Neovim test of the copydesk plugin against the real server.
--
--   nvim --headless -u NONE -i NONE -n -l editors/nvim/test/copydesk_test.lua
--
-- `copydesk` must be on PATH, or named by $COPYDESK_BIN (its folder is put first on PATH).
-- `cargo test` runs this with the binary it built (tests/editors/mod.rs). Exits 0 when every
-- step passed, 1 with a message and the state of the buffer otherwise.

local started = vim.uv.hrtime()
local here = vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, 'S').source:sub(2)))
local plugin = vim.fs.dirname(here)
local repo = vim.fs.dirname(vim.fs.dirname(plugin))
local TIMEOUT = tonumber(vim.env.COPYDESK_TEST_TIMEOUT_MS) or 15000
local HEADLINE = "Trump declares US-Russia relations may be at 'all-time low'"
local SEED = repo .. '/examples/001_7c325a4795b0ca8d.txt'

local passed = 0
local current_buf

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function state_of(buf)
  if not buf or not vim.api.nvim_buf_is_valid(buf) then
    return ''
  end
  local lines = {}
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, 12, false)) do
    lines[#lines + 1] = string.format('  %3d | %s', i - 1, line:sub(1, 80))
  end
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    diags[#diags + 1] = string.format(
      '  line %d col %d-%d severity %d [%s] %s: %s',
      d.lnum,
      d.col,
      d.end_col or -1,
      d.severity,
      tostring(d.source),
      tostring(d.code),
      d.message
    )
  end
  local clients = {}
  for _, c in ipairs(vim.lsp.get_clients({ bufnr = buf })) do
    clients[#clients + 1] = string.format('  %s (id %d, root %s)', c.name, c.id, tostring(c.root_dir))
  end
  local log = {}
  local ok, lines_of_log = pcall(vim.fn.readfile, vim.lsp.get_log_path())
  if ok then
    for i = math.max(1, #lines_of_log - 30), #lines_of_log do
      log[#log + 1] = '  ' .. lines_of_log[i]:sub(1, 300)
    end
  end
  return table.concat({
    '--- buffer (first lines) ---',
    table.concat(lines, '\n'),
    '--- diagnostics ---',
    table.concat(diags, '\n'),
    '--- clients ---',
    table.concat(clients, '\n'),
    '--- end of ' .. vim.lsp.get_log_path() .. ' ---',
    table.concat(log, '\n'),
  }, '\n')
end

local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n' .. state_of(current_buf) .. '\n')
  io.stderr:write(string.format('nvim: %d passed, 1 failed\n', passed))
  os.exit(1)
end

local function ok(message)
  passed = passed + 1
  out(string.format('ok %d - %s', passed, message))
end

local function check(condition, message)
  if not condition then
    fail(message)
  end
end

local function wait_for(what, condition)
  if not vim.wait(TIMEOUT, condition, 20) then
    fail(string.format('timed out after %d ms waiting for %s', TIMEOUT, what))
  end
end

--- Whether `d` is copydesk's duplicate-paragraph diagnostic about a copy within the article
--- itself: every related location is in the same buffer (copies in other articles of the story
--- are flagged too, and left out here).
local function is_duplicate_within(buf, d)
  if d.source ~= 'copydesk' or d.code ~= 'duplicate-paragraph' then
    return false
  end
  local lsp = d.user_data and d.user_data.lsp
  local related = lsp and lsp.relatedInformation or {}
  if #related == 0 then
    return false
  end
  local uri = vim.uri_from_bufnr(buf)
  for _, r in ipairs(related) do
    if r.location.uri ~= uri then
      return false
    end
  end
  return true
end

--- The 0-based lines of copydesk's duplicate-paragraph diagnostics within the article in `buf`.
local function duplicate_lines(buf)
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if is_duplicate_within(buf, d) then
      lines[#lines + 1] = d.lnum
    end
  end
  table.sort(lines)
  return lines
end

local function wait_for_duplicates(buf, expected, what)
  wait_for(what .. ': duplicate-paragraph diagnostics on lines ' .. vim.inspect(expected), function()
    return vim.deep_equal(duplicate_lines(buf), expected)
  end)
end

local function copy(from, to)
  vim.fn.mkdir(vim.fs.dirname(to), 'p')
  check(vim.fn.writefile(vim.fn.readfile(from, 'b'), to, 'b') == 0, 'cannot write ' .. to)
end

local function copydesk_client(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
end

local function stop_all()
  local ids = vim.tbl_map(function(c)
    return c.id
  end, vim.lsp.get_clients({ name = 'copydesk' }))
  for _, id in ipairs(ids) do
    vim.lsp.stop_client(id)
  end
  wait_for('the copydesk clients to stop', function()
    return #vim.lsp.get_clients({ name = 'copydesk' }) == 0
  end)
end

-- ---------------------------------------------------------------------------------------------
-- Set-up: the plugin on 'runtimepath', filetype detection on, the binary on PATH.

if vim.env.COPYDESK_BIN and vim.env.COPYDESK_BIN ~= '' then
  vim.env.PATH = vim.fs.dirname(vim.env.COPYDESK_BIN) .. ':' .. vim.env.PATH
end
vim.env.COPYDESK_LOG = vim.env.COPYDESK_LOG or 'info'
vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on')
vim.lsp.set_log_level('warn')

local binary = vim.fn.exepath('copydesk')
check(binary ~= '', 'copydesk is not on PATH (set COPYDESK_BIN or run cargo build)')
check(vim.lsp.config ~= nil, 'this test needs Neovim 0.11 or later, not ' .. tostring(vim.version()))
out(string.format('# Neovim %s, copydesk %s', tostring(vim.version()), binary))

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
vim.fn.writefile({ '# the desk\'s house style: defaults' }, dir .. '/.copydesk.toml')

-- ---------------------------------------------------------------------------------------------
-- Filetype detection.

check(vim.filetype.match({ filename = 'story.news' }) == 'news', 'ftdetect: *.news is not the news filetype')
ok('ftdetect/news.lua makes *.news files the news filetype')

-- ---------------------------------------------------------------------------------------------
-- Neovim 0.11: lsp/copydesk.lua and vim.lsp.enable().

local article = dir .. '/001.txt'
copy(SEED, article)
vim.lsp.enable('copydesk')
vim.cmd.edit(article)
local buf = vim.api.nvim_get_current_buf()
current_buf = buf
check(vim.bo[buf].filetype == 'text', 'a .txt file has filetype text, not ' .. vim.bo[buf].filetype)

wait_for('copydesk to attach to the buffer', function()
  local client = copydesk_client(buf)
  return client ~= nil and client.initialized
end)
local client = copydesk_client(buf)
check(client.root_dir == dir, 'root_dir is the folder of .copydesk.toml, not ' .. tostring(client.root_dir))
local mode = client.server_capabilities.diagnosticProvider and 'pull' or 'push'
ok(string.format('vim.lsp.enable attaches copydesk (root %s, %s positions, %s diagnostics)', dir, client.offset_encoding, mode))

wait_for_duplicates(buf, { 2, 4 }, 'after opening the article')
for _, d in ipairs(vim.diagnostic.get(buf)) do
  if is_duplicate_within(buf, d) then
    check(d.col == 0 and d.end_col == #HEADLINE and d.end_lnum == d.lnum, 'the diagnostic covers the headline copy exactly')
    check(d.severity == vim.diagnostic.severity.WARN, 'a duplicate within the article is a warning')
  end
end
ok('the repeated headline is flagged on lines 3 and 5')

-- The quick fix, as `gra` (vim.lsp.buf.code_action) applies it with the cursor on line 3.
vim.api.nvim_win_set_cursor(0, { 3, 0 })
local tick = vim.b[buf].changedtick
vim.lsp.buf.code_action({
  apply = true,
  filter = function(action)
    return action.title == 'Remove duplicate paragraph'
  end,
})
wait_for('the code action to edit the buffer', function()
  return vim.b[buf].changedtick ~= tick
end)
local lines = vim.api.nvim_buf_get_lines(buf, 0, 5, false)
check(
  vim.deep_equal(lines, { HEADLINE, '', HEADLINE, '', lines[5] }) and lines[5] ~= HEADLINE,
  'the code action removed one copy of the headline'
)
ok('"Remove duplicate paragraph" removes the copy on line 3')

wait_for_duplicates(buf, { 2 }, 'after the code action')
ok('the diagnostics follow: one copy left')

-- The user pastes the headline again, before the paragraph on line 5.
vim.api.nvim_buf_set_lines(buf, 4, 4, false, { HEADLINE, '' })
wait_for_duplicates(buf, { 2, 4 }, 'after pasting the headline')
ok('pasting the headline again is flagged')

-- ... and deletes it again.
vim.api.nvim_buf_set_lines(buf, 4, 6, false, {})
wait_for_duplicates(buf, { 2 }, 'after deleting the pasted headline')
ok('deleting it clears the diagnostic')

-- The hover (`K`) on the copy explains the finding.
local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  position = { line = 2, character = 5 },
}, TIMEOUT)
local hover_text = hover and hover[client.id] and hover[client.id].result and hover[client.id].result.contents.value
check(type(hover_text) == 'string' and hover_text:find('duplicate-paragraph', 1, true), 'hover explains duplicate-paragraph')
ok('hover on the copy explains the check')

stop_all()
vim.cmd('silent! %bwipeout!')

-- ---------------------------------------------------------------------------------------------
-- Two articles of one story, with the README's before_init that makes Neovim 0.11 take pushed
-- diagnostics: an edit of one article updates the other's cross-article findings.

local P = 'Union leaders accepted the offer shortly after midnight, ending a strike that had shut '
  .. 'the railways for nine days.'
local story = dir .. '/story'
vim.fn.mkdir(story, 'p')
vim.fn.writefile({ 'Strike ends', '', P, '' }, story .. '/a.txt')
vim.fn.writefile({ 'Railways reopen', '', 'Trains ran again on Monday morning, the operator said.', '' }, story .. '/b.txt')
vim.lsp.config('copydesk', {
  before_init = function(params)
    params.capabilities.textDocument.diagnostic = nil
  end,
})
vim.cmd.edit(story .. '/a.txt')
local a = vim.api.nvim_get_current_buf()
vim.cmd.split(story .. '/b.txt')
local b = vim.api.nvim_get_current_buf()
current_buf = a
wait_for('copydesk to attach to both articles', function()
  local ca, cb = copydesk_client(a), copydesk_client(b)
  return ca ~= nil and cb ~= nil and ca.initialized
end)
check(copydesk_client(a).server_capabilities.diagnosticProvider == nil, 'before_init turns pull diagnostics off')
local function across(buf)
  return vim.tbl_filter(function(d)
    return d.code == 'duplicate-paragraph' and d.message:find('also in', 1, true) ~= nil
  end, vim.diagnostic.get(buf))
end
vim.api.nvim_buf_set_lines(b, 3, 3, false, { '', P })
wait_for('the edited article to show the copy', function()
  return #across(b) == 1
end)
wait_for('the other open article to show the copy too', function()
  local found = across(a)
  return #found == 1 and found[1].lnum == 2 and found[1].message:find('b.txt', 1, true) ~= nil
end)
ok('with pushed diagnostics, editing one article of a story updates the other open one')

stop_all()
vim.lsp.config('copydesk', { before_init = function() end })
vim.lsp.enable('copydesk', false)
vim.cmd('silent! %bwipeout!')

-- ---------------------------------------------------------------------------------------------
-- Neovim 0.9 / 0.10: require('copydesk').setup(), with settings.

local copydesk = require('copydesk')
copydesk.setup({
  settings = { copydesk = { checks = { ['duplicate-paragraph'] = { severity = 'error' } } } },
})
-- In a folder of its own: articles in one folder are one story, checked against each other.
local news = dir .. '/legacy/story.news'
copy(SEED, news)
vim.cmd.edit(news)
buf = vim.api.nvim_get_current_buf()
current_buf = buf
check(vim.bo[buf].filetype == 'news', 'a .news file has filetype news, not ' .. vim.bo[buf].filetype)
wait_for('setup() to start copydesk for the news buffer', function()
  local c = copydesk_client(buf)
  return c ~= nil and c.initialized
end)
ok('setup() starts copydesk for news buffers with vim.lsp.start')
wait_for_duplicates(buf, { 2, 4 }, 'after opening the news article')
wait_for('the severity from settings.copydesk', function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if is_duplicate_within(buf, d) and d.severity ~= vim.diagnostic.severity.ERROR then
      return false
    end
  end
  return true
end)
ok('settings.copydesk reach the server: the duplicates are errors')

tick = vim.b[buf].changedtick
vim.api.nvim_win_set_cursor(0, { 5, 0 })
vim.lsp.buf.code_action({
  apply = true,
  filter = function(action)
    return action.title == 'Remove duplicate paragraph'
  end,
})
wait_for('the code action to edit the news buffer', function()
  return vim.b[buf].changedtick ~= tick
end)
wait_for_duplicates(buf, { 2 }, 'after the code action in the news buffer')
ok('the quick fix and the update work in the setup() client too')

stop_all()
vim.cmd('silent! %bwipeout!')

-- A missing binary: one clear error, no crash.
local notified = {}
vim.notify = function(message, level)
  notified[#notified + 1] = { message = message, level = level }
end
copydesk.setup({ cmd = { 'copydesk-not-installed-anywhere', 'lsp' } })
vim.cmd.edit(dir .. '/other.txt')
current_buf = vim.api.nvim_get_current_buf()
check(#notified == 1, 'one notification for a missing binary, got ' .. vim.inspect(notified))
check(notified[1].message == copydesk.missing_message, 'the message says how to install copydesk')
check(notified[1].level == vim.log.levels.ERROR, 'the message is an error')
check(copydesk_client(current_buf) == nil, 'no client without a binary')
ok('a missing binary is reported once, with the fix')

vim.fn.delete(dir, 'rf')
out(string.format('# %.1f s', (vim.uv.hrtime() - started) / 1e9))
out(string.format('nvim: %d passed, 0 failed', passed))
os.exit(0)
