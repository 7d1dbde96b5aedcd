#!/usr/bin/env bash
# Takes editors/screenshot-nvim.png: Neovim with the copydesk plugin on the founding story, in a real
# xterm on a virtual X display. Needs Debian's xvfb, xterm, imagemagick and neovim, and copydesk on
# PATH (or COPYDESK_CMD='["python3", "-m", "copydesk", "serve"]').
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
display=":$((90 + RANDOM % 100))"
pids=()
# The editor first, then the display it draws on.
cleanup() { for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; sleep 0.2; done; rm -rf "$work"; }
trap cleanup EXIT

cp "$here/../seeds/coalition-strikes-deir-ezzour.txt" "$work/story.txt"
chmod u+w "$work/story.txt"
touch "$work/.copydesk.toml"

Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp &
pids+=($!)
sleep 1
(cd "$work" && DISPLAY="$display" COPYDESK_PLUGIN="$here/nvim" COPYDESK_READY="$work/ready" \
  xterm -geometry 150x44+0+0 -fa 'DejaVu Sans Mono' -fs 11 -bg '#1e1e1e' -fg '#d4d4d4' \
  -e nvim --clean -n -u "$here/nvim/test/screenshot.lua" story.txt) &
pids+=($!)
for _ in $(seq 600); do [ -e "$work/ready" ] && break; sleep 0.1; done
[ -e "$work/ready" ] || { echo "no diagnostics arrived" >&2; exit 1; }
import -display "$display" -window root -trim +repage "$here/screenshot-nvim.png"
echo "wrote $here/screenshot-nvim.png"
