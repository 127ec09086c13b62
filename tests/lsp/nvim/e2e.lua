-- Headless Neovim (0.7.2, Debian's) as a real LSP client of shipshape-lsp. Driven by
-- tests/lsp/nvim.test.mjs, which makes the files, runs
--   nvim --headless -u NONE -i NONE -n -c "luafile tests/lsp/nvim/e2e.lua"
-- with SHIPSHAPE_LSP (the server) and SHIPSHAPE_NVIM_DIR (the files) set, and asserts on the
-- `RESULT <json>` lines this script writes to stderr. Only 0.7 APIs are used
-- (vim.lsp.start_client, buf_request_sync), so newer Neovims run it too.

local server = assert(os.getenv('SHIPSHAPE_LSP'), 'SHIPSHAPE_LSP is not set')
local dir = assert(os.getenv('SHIPSHAPE_NVIM_DIR'), 'SHIPSHAPE_NVIM_DIR is not set')
-- The language of the run (`shipshape.language`, sent as initializationOptions), and the titles
-- of the two code actions to apply in it.
local language = os.getenv('SHIPSHAPE_NVIM_LANGUAGE')
local line_action = os.getenv('SHIPSHAPE_NVIM_LINE_ACTION') or 'Ignore SS503 on this line'
local file_action = os.getenv('SHIPSHAPE_NVIM_FILE_ACTION') or 'Ignore SS503 in this file'

local function emit(name, value)
  io.stderr:write('RESULT ' .. vim.fn.json_encode({ name = name, value = value }) .. '\n')
end

local published = {}
local exit_code = nil

local function main()
  vim.cmd('filetype on')
  local client_id = vim.lsp.start_client({
    name = 'shipshape',
    cmd = { server },
    root_dir = dir,
    init_options = language and { language = language } or nil,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        published[result.uri] = published[result.uri] or {}
        table.insert(published[result.uri], result)
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
    on_exit = function(code)
      exit_code = code
    end,
  })
  assert(client_id, 'start_client failed')

  local function open(name)
    vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/' .. name))
    local bufnr = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(bufnr, client_id)
    return bufnr, vim.uri_from_bufnr(bufnr)
  end

  -- The newest publish for `uri` after `count` publishes were seen.
  local function wait_publish(uri, count)
    local ok = vim.wait(15000, function()
      return published[uri] ~= nil and #published[uri] > count
    end, 20)
    if not ok then
      error('no diagnostics published for ' .. uri)
    end
    return published[uri][#published[uri]], #published[uri]
  end

  local function check(name, action_title)
    local bufnr, uri = open(name)
    local result, count = wait_publish(uri, 0)
    local shown = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      -- Neovim converts the server's UTF-16 columns to byte columns.
      table.insert(shown, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity })
    end
    emit(name .. ':filetype', vim.bo[bufnr].filetype)
    emit(name .. ':published', result.diagnostics)
    emit(name .. ':shown', shown)

    local params = {
      textDocument = { uri = uri },
      range = result.diagnostics[1].range,
      context = { diagnostics = result.diagnostics },
    }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
    local actions = (responses and responses[client_id] and responses[client_id].result) or {}
    local titles = {}
    local chosen = nil
    for _, action in ipairs(actions) do
      table.insert(titles, action.title)
      if action.title == action_title then
        chosen = action
      end
    end
    emit(name .. ':actions', titles)
    assert(chosen, 'no code action titled ' .. action_title)
    vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
    emit(name .. ':edited', table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n'))
    -- Neovim sends the edit as an incremental didChange; the server answers with new diagnostics.
    local after = wait_publish(uri, count)
    emit(name .. ':after', after.diagnostics)
    emit(name .. ':after_version', after.version)
  end

  check('Dockerfile', line_action)
  check('compose.yaml', file_action)

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function()
    return exit_code ~= nil
  end, 20)
  emit('exit_code', exit_code)
end

local ok, err = pcall(main)
if not ok then
  emit('error', tostring(err))
  vim.cmd('cquit 2')
end
vim.cmd('qall!')
