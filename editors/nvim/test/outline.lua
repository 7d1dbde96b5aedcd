-- Asks copydesk for the story's outline (textDocument/documentSymbol) the way :lua
-- vim.lsp.buf.document_symbol() does, and writes the symbols as JSON to $COPYDESK_PROBE_OUT.
--   nvim --headless --clean -c 'luafile outline.lua' story.txt
-- Environment: COPYDESK_PLUGIN (editors/nvim), COPYDESK_CMD (JSON list).
local report = {}
local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(os.getenv("COPYDESK_PLUGIN"))
  assert(require("copydesk").setup({ cmd = vim.json.decode(os.getenv("COPYDESK_CMD")) }), "setup failed")
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.wait(120000, function()
    local _, client = next(vim.lsp.buf_get_clients(bufnr))
    return client ~= nil and client.initialized == true
  end, 20), "copydesk did not attach")
  local params = { textDocument = vim.lsp.util.make_text_document_params() }
  local answers = vim.lsp.buf_request_sync(bufnr, "textDocument/documentSymbol", params, 120000)
  for _, answer in pairs(answers or {}) do
    assert(not answer.err, vim.inspect(answer.err))
    report.symbols = answer.result
  end
  -- What :lua vim.lsp.buf.document_symbol() puts in the location list, flattened by Neovim itself.
  report.items = vim.lsp.util.symbols_to_items(report.symbols or {}, bufnr)
end)
report.error = not ok and tostring(err) or nil
local f = assert(io.open(os.getenv("COPYDESK_PROBE_OUT"), "w"))
f:write(vim.json.encode(report))
f:close()
vim.cmd("qa!")
