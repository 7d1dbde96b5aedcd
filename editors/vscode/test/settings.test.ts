// The compiled client's configuration handling, against the manifest that declares it.

import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { KEYS, ServerMissing, probe, readSettings, serverCommand, serverSettings, statusText, which } from "../src/settings";

const manifest = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
const declared: Record<string, any> = manifest.contributes.configuration.properties;

// What VS Code's WorkspaceConfiguration.get returns when the user has set `user`: their value, else
// the default declared in package.json.
const getter = (user: Record<string, unknown> = {}) => (key: string) =>
  key in user ? user[key] : declared[`copydesk.${key}`]?.default;

test("every setting read is declared with a description, and every declared setting is read", () => {
  const read = KEYS.map((k) => `copydesk.${k}`);
  const own = Object.keys(declared).filter((k) => k !== "copydesk.trace.server"); // read by vscode-languageclient
  assert.deepEqual([...own].sort(), [...read].sort());
  for (const key of Object.keys(declared)) {
    assert.ok(declared[key].description || declared[key].markdownDescription, `${key} has no description`);
  }
});

test("defaults send only the editor's own settings, so the project's .copydesk.toml decides the rest", () => {
  assert.deepEqual(serverSettings(readSettings(getter())), { lint_on: "type", debounce: 0 });
});

test("settings become the server's config keys", () => {
  const s = readSettings(
    getter({
      select: ["attribution", " quotes "],
      ignore: ["page-furniture"],
      severity: { "hyphen-as-dash": "info", "spaced-hyphen": "off" },
      "house.style": "bbc",
      "house.countryForm": "US",
      "house.dash": " – ",
      configFile: "style/.copydesk.toml",
      docsUrl: "https://wiki.example.org/style/{rule}",
      lintOn: "save",
      debounce: 450,
    }),
  );
  assert.deepEqual(serverSettings(s, "/news/desk"), {
    select: ["attribution", "quotes"],
    ignore: ["page-furniture"],
    severity: { "hyphen-as-dash": "info", "spaced-hyphen": "off" },
    house: { style: "bbc", country_form: "US", dash: " – " },
    config_file: "/news/desk/style/.copydesk.toml",
    docs_url: "https://wiki.example.org/style/{rule}",
    lint_on: "save",
    debounce: 450,
  });
});

test("hand-edited values of the wrong type fall back to defaults instead of reaching the server", () => {
  const s = readSettings(
    getter({
      enable: "yes",
      select: "all",
      ignore: [1, 2],
      severity: { "spaced-hyphen": "loud", "hyphen-as-dash": "hint" },
      "house.style": "nyt",
      "house.countryForm": "USA",
      "house.dash": "",
      lintOn: "sometimes",
      debounce: -40,
    }),
  );
  assert.equal(s.enable, true);
  assert.deepEqual(serverSettings(s), { severity: { "hyphen-as-dash": "hint" }, lint_on: "type", debounce: 0 });
  assert.equal(readSettings(getter({ debounce: 1e9 })).debounce, 10_000);
  assert.equal(readSettings(getter({ enable: false })).enable, false);
});

test("the server is found by setting, by interpreter, then on PATH", () => {
  const bin = mkdtempSync(path.join(tmpdir(), "copydesk-bin-"));
  const exe = path.join(bin, "copydesk");
  writeFileSync(exe, "#!/bin/sh\necho copydesk 9.9\n");
  chmodSync(exe, 0o755);
  const env = { PATH: ["/nonexistent", bin].join(":") };

  const onPath = serverCommand(readSettings(getter()), env, "linux");
  assert.deepEqual(onPath, { command: exe, args: ["serve"], probe: ["--version"], origin: "PATH" });
  assert.equal(serverCommand(readSettings(getter()), { PATH: "/nonexistent" }, "linux"), undefined);

  const python = serverCommand(readSettings(getter({ "server.python": "/opt/py/bin/python3" })), env, "linux");
  assert.deepEqual(python?.args, ["-m", "copydesk", "serve"]);
  const explicit = serverCommand(
    readSettings(getter({ "server.path": "/opt/copydesk", "server.python": "/opt/py/bin/python3" })),
    env,
    "linux",
  );
  assert.deepEqual([explicit?.command, explicit?.origin], ["/opt/copydesk", "copydesk.server.path"]);
});

test("a file on PATH that is not executable is not the server", () => {
  const bin = mkdtempSync(path.join(tmpdir(), "copydesk-bin-"));
  writeFileSync(path.join(bin, "copydesk"), "not a program\n");
  assert.equal(which("copydesk", { PATH: bin }, "linux"), undefined);
});

test("the probe runs the real server's --version", async (t) => {
  const cmd = serverCommand(readSettings(getter()));
  if (!cmd) return t.skip("copydesk is not on PATH");
  assert.match(await probe(cmd), /^copydesk \d/);
  const python = process.env.COPYDESK_PYTHON;
  if (python) assert.match(await probe(serverCommand(readSettings(getter({ "server.python": python })))), /^copydesk \d/);
});

test("a missing or broken install is reported with the fix", async () => {
  await assert.rejects(probe(undefined), (e: Error) => e instanceof ServerMissing && /not found on PATH.*pip install/.test(e.message));
  const gone = serverCommand(readSettings(getter({ "server.path": "/nonexistent/copydesk" })));
  await assert.rejects(probe(gone), /copydesk\.server\.path \(\/nonexistent\/copydesk\): no such program\. Install/);
  // A program that cannot run `-m copydesk` (node itself): the reason is the program's own last line.
  const bare = serverCommand(readSettings(getter({ "server.python": process.execPath })));
  await assert.rejects(probe(bare), /copydesk\.server\.python .*Install copydesk/);
});

test("the status bar names each server state", () => {
  assert.match(statusText("running").text, /check/);
  assert.match(statusText("missing").tooltip, /not installed/);
  assert.match(statusText("stopped", "copydesk 0.1.0").tooltip, /restart[\s\S]*copydesk 0\.1\.0/);
});

test("the manifest starts the extension for plain text and Markdown and declares its commands", () => {
  assert.deepEqual(manifest.activationEvents, ["onLanguage:plaintext", "onLanguage:markdown"]);
  const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
  assert.deepEqual(commands, ["copydesk.restart", "copydesk.showOutput"]);
  assert.equal(manifest.main, "./out/extension.js");
});
