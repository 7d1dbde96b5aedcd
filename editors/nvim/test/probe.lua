-- Drives headless Neovim the way a reporter would: the story is open, the plugin attaches copydesk,
-- diagnostics arrive, a quick fix is picked from the code-action menu, the buffer changes and the
-- server re-lints. Writes what Neovim saw as JSON to $COPYDESK_PROBE_OUT, then quits.
--   nvim --headless --clean -c 'luafile probe.lua' story.txt
-- Environment: COPYDESK_PLUGIN (editors/nvim), COPYDESK_CMD (JSON list), COPYDESK_SETTINGS (JSON, the
-- plugin's `settings`), COPYDESK_FIX (JSON
-- {line, col, title}: 0-based line and byte column of the finding to fix, the title to pick; unset
-- for a story that should have nothing to fix), COPYDESK_HOVER (JSON list of {line, col}: where to
-- ask for a hover, as K does; each answer's text goes to `hovers`).

local report = { published = 0, offered = {} }

local function finish(err)
  report.error = err
  local f = assert(io.open(os.getenv("COPYDESK_PROBE_OUT"), "w"))
  f:write(vim.json.encode(report))
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(os.getenv("COPYDESK_PLUGIN"))
  local bufnr = vim.api.nvim_get_current_buf()

  -- Count publishDiagnostics and keep the version each was for. Waiting on their number, not on
  -- the number of diagnostics, is what terminates for a clean file too. A publish the server
  -- announced as early (sent while its model loads) is shown but not counted: the complete one
  -- for the same version follows.
  local last_version = nil
  local early = 0
  local log = vim.lsp.handlers["window/logMessage"]
  vim.lsp.handlers["window/logMessage"] = function(e, result, ctx, cfg)
    if result.message:find("early diagnostics while the spaCy model loads", 1, true) then
      early = early + 1
    end
    return log(e, result, ctx, cfg)
  end
  local publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
  vim.lsp.handlers["textDocument/publishDiagnostics"] = function(e, result, ctx, cfg)
    publish(e, result, ctx, cfg)
    if early > 0 then
      early = early - 1
      report.early = (report.early or 0) + 1
      return
    end
    report.published = report.published + 1
    last_version = result.version
  end
  local function settled()
    return report.published > 0 and last_version == vim.lsp.util.buf_versions[bufnr]
  end

  local cmd = vim.json.decode(os.getenv("COPYDESK_CMD"))
  local settings = vim.json.decode(os.getenv("COPYDESK_SETTINGS") or "{}")
  assert(require("copydesk").setup({ cmd = cmd, settings = settings }), "setup failed")
  assert(vim.wait(120000, settled, 20), "no diagnostics for the opened story")

  local function seen()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(out, {
        code = d.code, message = d.message, source = d.source, severity = d.severity,
        lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
        href = d.user_data and d.user_data.lsp.codeDescription and d.user_data.lsp.codeDescription.href,
      })
    end
    return out
  end
  report.filetype = vim.bo[bufnr].filetype
  report.before = seen()

  -- Hover where the reporter would press K: the server's markdown for the findings there.
  report.hovers = {}
  for _, at in ipairs(vim.json.decode(os.getenv("COPYDESK_HOVER") or "[]")) do
    vim.api.nvim_win_set_cursor(0, { at.line + 1, at.col })
    local answers = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", vim.lsp.util.make_position_params(), 30000)
    local text = vim.NIL
    for _, answer in pairs(answers or {}) do
      if answer.result and answer.result.contents then
        text = answer.result.contents.value
      end
    end
    table.insert(report.hovers, text)
  end

  if not os.getenv("COPYDESK_FIX") then
    return
  end
  -- The reporter puts the cursor on the finding, asks for code actions and picks the fix by title.
  local fix = vim.json.decode(os.getenv("COPYDESK_FIX"))
  vim.api.nvim_win_set_cursor(0, { fix.line + 1, fix.col })
  vim.ui.select = function(items, opts, on_choice)
    local pick = nil
    for _, item in ipairs(items) do
      local title = item[2].title
      table.insert(report.offered, title)
      if title == fix.title and not pick then
        pick = item
      end
    end
    on_choice(pick)
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.code_action({ only = { "quickfix" } })
  assert(vim.wait(30000, function()
    return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
  end, 20), "the code action did not change the buffer")
  assert(vim.wait(60000, settled, 20), "no diagnostics for the fixed version")

  report.after = seen()
  report.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
end)
finish(not ok and tostring(err) or nil)
