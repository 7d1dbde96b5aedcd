// The extension's decisions that do not need VS Code: reading the `copydesk.*` settings, turning them
// into the server's settings, and finding the server. Kept free of the `vscode` module so that node's
// test runner can exercise the compiled code directly.

import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import * as path from "node:path";

export const SEVERITIES = ["error", "warning", "info", "hint", "off"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The `copydesk.*` settings after checking: a value of the wrong type falls back to its default. */
export interface EditorSettings {
  enable: boolean;
  serverPath: string;
  python: string;
  select: string[];
  ignore: string[];
  severity: Record<string, Severity>;
  style: "ap" | "reuters" | "bbc" | "guardian" | null;
  countryForm: "U.S." | "US" | null;
  dash: string | null;
  configFile: string;
  docsUrl: string;
  lintOn: "type" | "save";
  debounce: number;
}

/** Reads one setting by its key below `copydesk.` (VS Code's `WorkspaceConfiguration.get`). */
export type Getter = (key: string) => unknown;

// settings.json is hand-edited, and VS Code only warns about a wrong type: every value is checked here.
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === "string") ? v.map((x) => x.trim()).filter(Boolean) : undefined;
const text = (v: unknown): string | undefined => (typeof v === "string" ? v.trim() : undefined);

/** The settings keys this module reads; package.json must declare each one (a test holds them together). */
export const KEYS = [
  "enable", "server.path", "server.python", "select", "ignore", "severity",
  "house.style", "house.countryForm", "house.dash", "configFile", "docsUrl", "lintOn", "debounce",
] as const;

export function readSettings(get: Getter): EditorSettings {
  const severity: Record<string, Severity> = {};
  const rawSeverity = get("severity");
  if (rawSeverity && typeof rawSeverity === "object" && !Array.isArray(rawSeverity)) {
    for (const [rule, level] of Object.entries(rawSeverity)) {
      if ((SEVERITIES as readonly unknown[]).includes(level)) severity[rule] = level as Severity;
    }
  }
  const style = get("house.style");
  const countryForm = get("house.countryForm");
  const dash = get("house.dash");
  const debounce = get("debounce");
  return {
    enable: get("enable") !== false,
    serverPath: text(get("server.path")) ?? "",
    python: text(get("server.python")) ?? "",
    select: strings(get("select")) ?? [],
    ignore: strings(get("ignore")) ?? [],
    severity,
    style: style === "ap" || style === "reuters" || style === "bbc" || style === "guardian" ? style : null,
    countryForm: countryForm === "U.S." || countryForm === "US" ? countryForm : null,
    dash: typeof dash === "string" && dash.length > 0 ? dash : null,
    configFile: text(get("configFile")) ?? "",
    docsUrl: text(get("docsUrl")) ?? "",
    lintOn: get("lintOn") === "save" ? "save" : "type",
    debounce:
      typeof debounce === "number" && Number.isFinite(debounce) ? Math.min(10_000, Math.max(0, Math.round(debounce))) : 0,
  };
}

/**
 * The server's settings (initializationOptions, `workspace/configuration` section `copydesk`): its own
 * options (`lint_on`, `debounce`, `config_file`, `docs_url`) and keys named as in `.copydesk.toml`, which
 * it lays over the project's config. A setting left at its empty default is omitted, so the project's
 * config still decides it.
 */
export function serverSettings(s: EditorSettings, folder?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { lint_on: s.lintOn, debounce: s.debounce };
  if (s.select.length) out.select = s.select;
  if (s.ignore.length) out.ignore = s.ignore;
  if (Object.keys(s.severity).length) out.severity = s.severity;
  const house: Record<string, string> = {};
  if (s.style) house.style = s.style;
  if (s.countryForm) house.country_form = s.countryForm;
  if (s.dash) house.dash = s.dash;
  if (Object.keys(house).length) out.house = house;
  if (s.configFile) out.config_file = folder ? path.resolve(folder, s.configFile) : s.configFile;
  if (s.docsUrl) out.docs_url = s.docsUrl;
  return out;
}

/** How to start the server; `args` end with `serve`, `probe` asks the same program for its version. */
export interface ServerCommand {
  command: string;
  args: string[];
  probe: string[];
  origin: "copydesk.server.path" | "copydesk.server.python" | "PATH";
}

export function serverCommand(
  s: EditorSettings,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ServerCommand | undefined {
  if (s.serverPath) {
    return { command: s.serverPath, args: ["serve"], probe: ["--version"], origin: "copydesk.server.path" };
  }
  if (s.python) {
    return {
      command: s.python,
      args: ["-m", "copydesk", "serve"],
      probe: ["-m", "copydesk", "--version"],
      origin: "copydesk.server.python",
    };
  }
  const found = which("copydesk", env, platform);
  return found ? { command: found, args: ["serve"], probe: ["--version"], origin: "PATH" } : undefined;
}

/** The first executable `name` on PATH (with PATHEXT on Windows), or undefined. */
export function which(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const exts = platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  const dirs = (env.PATH ?? env.Path ?? "").split(platform === "win32" ? ";" : ":").filter(Boolean);
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = path.join(dir, name + ext.toLowerCase());
      try {
        if (!statSync(file).isFile()) continue;
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here: keep looking
      }
    }
  }
  return undefined;
}

export const INSTALL_HINT =
  "Install copydesk into Python 3.11 or later (`pip install .` in a copydesk checkout), then restart the " +
  "server, or point copydesk.server.path at the copydesk executable or copydesk.server.python at an " +
  "interpreter that has it.";

export class ServerMissing extends Error {}

/** Runs the server's `--version` so that a missing install is reported with its fix, not as a crash. */
export function probe(cmd: ServerCommand | undefined, timeoutMs = 30_000): Promise<string> {
  if (!cmd) return Promise.reject(new ServerMissing(`copydesk was not found on PATH. ${INSTALL_HINT}`));
  return new Promise((resolve, reject) => {
    execFile(cmd.command, cmd.probe, { timeout: timeoutMs }, (error, stdout, stderr) => {
      const version = stdout.trim();
      if (!error && version.startsWith("copydesk")) return resolve(version);
      const why = error
        ? (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "no such program"
          : stderr.trim().split("\n").pop() || error.message
        : `it printed ${JSON.stringify(version)} instead of a copydesk version`;
      reject(new ServerMissing(`copydesk could not be started with ${cmd.origin} (${cmd.command}): ${why}. ${INSTALL_HINT}`));
    });
  });
}

export type ServerState = "starting" | "running" | "stopped" | "disabled" | "missing";

/** The status-bar item's text and tooltip for a server state. */
export function statusText(state: ServerState, detail = ""): { text: string; tooltip: string } {
  const lines: Record<ServerState, [string, string]> = {
    starting: ["$(sync~spin) copydesk", "copydesk: starting the server"],
    running: ["$(check) copydesk", "copydesk: linting plain text and Markdown"],
    stopped: ["$(error) copydesk", "copydesk: the server stopped. Click to restart it."],
    disabled: ["$(circle-slash) copydesk", "copydesk is turned off (copydesk.enable)"],
    missing: ["$(warning) copydesk", "copydesk is not installed. Click to retry after installing it."],
  };
  const [label, tip] = lines[state];
  return { text: label, tooltip: detail ? `${tip}\n${detail}` : tip };
}
