// VS Code glue: start `copydesk serve`, keep its settings in step, show its state. Every decision that
// does not need VS Code lives in settings.ts, where the tests reach it.

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

import { ServerMissing, ServerState, probe, readSettings, serverCommand, serverSettings, statusText } from "./settings";

const SECTION = "copydesk";
// Settings that change how the server is started, not what it reports: these need a restart.
const RESTART_KEYS = ["copydesk.enable", "copydesk.server.path", "copydesk.server.python"];

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let version = "";

function settingsFor(scope?: vscode.Uri) {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0];
  return { editor: readSettings((key) => cfg.get(key)), folder: folder?.uri.fsPath };
}

function show(state: ServerState, detail = version) {
  const { text, tooltip } = statusText(state, detail);
  status.text = text;
  status.tooltip = tooltip;
  status.show();
}

async function start(): Promise<void> {
  const { editor, folder } = settingsFor();
  if (!editor.enable) return show("disabled", "");
  const cmd = serverCommand(editor);
  show("starting", "");
  try {
    version = await probe(cmd);
  } catch (error) {
    show("missing", "");
    if (!(error instanceof ServerMissing)) throw error;
    output.appendLine(error.message);
    // Not awaited: the message stays up until answered, and a restart must not wait for it.
    vscode.window.showErrorMessage(error.message, "Open Settings", "Retry").then((choice) => {
      if (choice === "Open Settings") vscode.commands.executeCommand("workbench.action.openSettings", SECTION);
      if (choice === "Retry") restart();
    });
    return;
  }
  output.appendLine(`Starting ${cmd!.command} ${cmd!.args.join(" ")} (${version}, from ${cmd!.origin})`);
  const server = { command: cmd!.command, args: cmd!.args, transport: TransportKind.stdio };
  const options: LanguageClientOptions = {
    documentSelector: ["file", "untitled"].flatMap((scheme) =>
      ["plaintext", "markdown"].map((language) => ({ scheme, language })),
    ),
    outputChannel: output,
    initializationOptions: serverSettings(editor, folder),
    middleware: {
      workspace: {
        // The server asks for section `copydesk` in its own terms: answer from the checked settings.
        configuration: (params, token, next) =>
          params.items.map((item) => {
            if (item.section !== SECTION) return null;
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            const { editor: s, folder: f } = settingsFor(scope);
            return serverSettings(s, f);
          }),
      },
    },
  };
  client = new LanguageClient(SECTION, "copydesk", server, options);
  client.onDidChangeState(({ newState }) => {
    show(newState === State.Running ? "running" : newState === State.Starting ? "starting" : "stopped");
  });
  await client.start();
}

async function stop(): Promise<void> {
  const old = client;
  client = undefined;
  // In any state, starting or failed included; disposing also drops the commands it registered.
  await old?.dispose();
}

// Starts and restarts run one after another: settings changed in quick succession must not start two
// servers, nor stop one that is still starting.
let queue: Promise<void> = Promise.resolve();

function serially(step: () => Promise<void>): Promise<void> {
  const run = queue.then(step);
  queue = run.catch(() => undefined);
  return run;
}

function restart(): Promise<void> {
  return serially(async () => {
    await stop();
    await start();
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("copydesk");
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = "copydesk.restart";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("copydesk.restart", restart),
    vscode.commands.registerCommand("copydesk.showOutput", () => output.show()),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      if (RESTART_KEYS.some((key) => event.affectsConfiguration(key))) return restart();
      const { editor, folder } = settingsFor();
      await client?.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [SECTION]: serverSettings(editor, folder) },
      });
    }),
  );
  await serially(start);
}

export function deactivate(): Promise<void> {
  return stop();
}
