// The end-to-end test's hands inside VS Code. The test writes requests to $COPYDESK_E2E_DIR/requests/
// (N.json: {"op": ..., ...}); this extension runs each through VS Code's own API, in order, and writes
// the answer to responses/N.json ({"ok": true, "result": ...} or {"ok": false, "error": ...}).
const vscode = require("vscode");
const fs = require("fs");
const path = require("path");

const DIR = process.env.COPYDESK_E2E_DIR;
const SEVERITY = ["error", "warning", "info", "hint"];

const range = ([sl, sc, el, ec]) => new vscode.Range(sl, sc, el, ec);
const uri = (file) => vscode.Uri.file(file);

function diagnostic(d) {
  return {
    code: typeof d.code === "object" && d.code ? String(d.code.value) : d.code,
    message: d.message,
    severity: SEVERITY[d.severity],
    source: d.source,
    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
  };
}

// What VS Code's lightbulb would offer at this range: the language client's code actions.
function codeActions(file, r) {
  return vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri(file), range(r));
}

const ops = {
  async open({ file }) {
    const doc = await vscode.workspace.openTextDocument(uri(file));
    await vscode.window.showTextDocument(doc, { preview: false });
    return { uri: doc.uri.toString(), languageId: doc.languageId };
  },

  // The document as VS Code holds it, and the diagnostics VS Code holds for it (the Problems panel's source).
  async state({ file }) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri(file).fsPath);
    return {
      text: doc ? doc.getText() : null,
      version: doc ? doc.version : null,
      diagnostics: vscode.languages.getDiagnostics(uri(file)).map(diagnostic),
    };
  },

  async actions({ file, range: r }) {
    return (await codeActions(file, r)).map((a) => ({
      title: a.title,
      kind: a.kind ? a.kind.value : null,
      preferred: !!a.isPreferred,
      edit: !!a.edit,
      command: a.command ? { command: a.command.command, arguments: a.command.arguments ?? [] } : null,
    }));
  },

  // What a hover at this position shows, as VS Code's hover widget asks the providers for it.
  async hover({ file, position: [line, character] }) {
    const hovers = await vscode.commands.executeCommand("vscode.executeHoverProvider", uri(file), new vscode.Position(line, character));
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value)));
  },

  // Choosing an action as the Quick Fix menu does: its edit applied, then its command run.
  async apply({ file, range: r, title }) {
    const all = await codeActions(file, r);
    const action = all.find((a) => a.title === title);
    if (!action) throw new Error(`no code action ${JSON.stringify(title)}; offered: ${JSON.stringify(all.map((a) => a.title))}`);
    const applied = action.edit ? await vscode.workspace.applyEdit(action.edit) : null;
    const result = action.command
      ? await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []))
      : null;
    return { applied, result: result ?? null };
  },

  // User settings, one update at a time, as the Settings editor writes them (it puts machine-scoped
  // ones in the remote's settings in a remote window such as code-server's).
  async configure({ settings }) {
    const config = () => vscode.workspace.getConfiguration("copydesk");
    for (const [key, value] of Object.entries(settings)) {
      await config().update(key, value ?? undefined, vscode.ConfigurationTarget.Global);
    }
    return Object.fromEntries(Object.keys(settings).map((key) => [key, config().get(key)]));
  },

  // `times` runs it that many times at once, as a double click on a status-bar item does.
  async command({ command, args, times = 1 }) {
    const runs = Array.from({ length: times }, () => vscode.commands.executeCommand(command, ...(args ?? [])));
    return (await Promise.all(runs)).map((result) => result ?? null);
  },
};

function write(file, value) {
  fs.writeFileSync(file + ".tmp", JSON.stringify(value));
  fs.renameSync(file + ".tmp", file); // the test never reads half an answer
}

let busy = false;
async function poll() {
  if (busy) return;
  busy = true;
  try {
    const requests = path.join(DIR, "requests");
    const names = fs.readdirSync(requests).filter((n) => /^\d+\.json$/.test(n));
    for (const name of names.sort((a, b) => parseInt(a) - parseInt(b))) {
      const request = JSON.parse(fs.readFileSync(path.join(requests, name), "utf8"));
      fs.unlinkSync(path.join(requests, name));
      let answer;
      try {
        const op = ops[request.op];
        if (!op) throw new Error(`unknown op ${request.op}`);
        answer = { ok: true, result: await op(request) };
      } catch (error) {
        answer = { ok: false, error: String(error && error.stack ? error.stack : error) };
      }
      write(path.join(DIR, "responses", name), answer);
    }
  } finally {
    busy = false;
  }
}

exports.activate = (context) => {
  if (!DIR) return;
  for (const sub of ["requests", "responses"]) fs.mkdirSync(path.join(DIR, sub), { recursive: true });
  const timer = setInterval(() => poll().catch((e) => console.error("copydesk-e2e-driver:", e)), 100);
  context.subscriptions.push({ dispose: () => clearInterval(timer) });
  write(path.join(DIR, "ready"), { vscode: vscode.version });
};
exports.deactivate = () => {};
