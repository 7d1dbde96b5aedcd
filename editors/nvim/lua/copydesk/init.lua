-- copydesk for Neovim: attach `copydesk serve` to plain-text and Markdown buffers with the built-in
-- LSP client. vim.lsp.start (0.8+) where it exists; vim.lsp.start_client + buf_attach_client on 0.7,
-- which Debian 12 ships.

local M = {}

M.defaults = {
  cmd = { "copydesk", "serve" },
  filetypes = { "text", "markdown" },
  -- The server's settings (section `copydesk`): select, ignore, severity, house, lint_on, debounce,
  -- config_file, docs_url; empty means the project's .copydesk.toml decides.
  settings = {},
  root_markers = { ".copydesk.toml", "copydesk.toml", "pyproject.toml", ".git" },
  on_attach = nil,
}

local config = nil
local clients = {} -- root directory -> client id, for 0.7 where nothing reuses clients for us

local INSTALL_HINT = "Install copydesk into Python 3.11 or later (`pip install .` in a copydesk checkout), "
  .. "or pass cmd = { '/path/to/python', '-m', 'copydesk', 'serve' } to setup()."

-- The nearest folder above `dir` holding a root marker, else `dir` itself. findfile/finddir with
-- ';' search upwards and exist on 0.7, unlike vim.fs.
local function root_dir(dir)
  for _, marker in ipairs(config.root_markers) do
    local found = vim.fn.findfile(marker, dir .. ";")
    if found == "" then
      found = vim.fn.finddir(marker, dir .. ";")
    end
    if found ~= "" then
      return (vim.fn.fnamemodify(found, ":p:h"):gsub("/%.git$", ""))
    end
  end
  return dir
end

local function client_config(root)
  return {
    name = "copydesk",
    cmd = config.cmd,
    root_dir = root,
    init_options = config.settings,
    -- Answers the server's workspace/configuration request for section `copydesk`.
    settings = { copydesk = config.settings },
    on_attach = config.on_attach,
  }
end

--- Attach copydesk to a buffer (setup() does this for every buffer of the configured filetypes).
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= "" then
    return
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = root_dir(name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd())
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients[root]
  if not (id and vim.lsp.get_client_by_id(id)) then
    id = vim.lsp.start_client(client_config(root))
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- require("copydesk").setup{ cmd = ..., settings = { select = {...}, severity = {...} } }
function M.setup(opts)
  config = vim.tbl_deep_extend("force", M.defaults, opts or {})
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    vim.notify("copydesk: '" .. config.cmd[1] .. "' was not found. " .. INSTALL_HINT, vim.log.levels.ERROR)
    return false
  end
  local group = vim.api.nvim_create_augroup("copydesk", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers opened before setup() ran (e.g. `nvim story.txt` with setup in a later script).
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(config.filetypes, vim.bo[buf].filetype) then
      M.attach(buf)
    end
  end
  return true
end

return M
