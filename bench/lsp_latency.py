"""Language-server latency: `copydesk serve` as an editor sees it, over real stdio JSON-RPC.

On a story of about 10,000 words of real copy (PolNeAR test articles joined, read in place), prints:
- cold start: the seed story opened right after `initialize`, while spaCy is still loading: from
  starting the process to its first diagnostics (the rules that need no model, published early)
  and to its complete diagnostics;
- open: the 10,000-word story opened once the model is loaded, to its complete diagnostics;
- edit latency: from a one-word didChange to the publishDiagnostics for that version, p50 and p95
  over 20 edits in different paragraphs, each a single incremental change, edits far apart; run
  once with debounce 0 (the default: the server's own time) and once with 150 ms;
- fast typing (--typing N): N one-word edits 50 ms apart at the default settings, each timed to
  the first diagnostics of its own version or of the newest that supersedes it;
- the server's peak RSS (VmHWM from /proc), and the load average before and after.

    python bench/lsp_latency.py                 # all rules
    python bench/lsp_latency.py --words 100000  # a longer story
    python bench/lsp_latency.py --select typography
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from copydesk.lsp.session import EARLY
from copydesk.lsp.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "polnear" / "test" / "text"


def story(words: int, folder: Path = CORPUS, pattern: str = "*.txt") -> str:
    """Whole articles from `folder`, in order, joined until they hold `words` words (or all of them)."""
    if not folder.is_dir():
        sys.exit(f"corpus not present: {folder} (see ../shared/corpora/README.md)")
    parts, count = [], 0
    for path in sorted(folder.glob(pattern)):
        text = path.read_text(encoding="utf-8").strip()
        parts.append(text)
        count += len(text.split())
        if count >= words:
            break
    return "\n\n".join(parts) + "\n"


URI = "file:///bench/story.txt"
SEED = ROOT / "seeds" / "coalition-strikes-deir-ezzour.txt"


class Client(LanguageClient):
    """Records when each (uri, version)'s complete diagnostics arrive, how many there were and the
    last ones of each document; and, apart, the early ones a server sends while its model loads (it
    says so in a log message first)."""

    def __init__(self) -> None:
        super().__init__("copydesk-bench", "1")
        self.arrived: dict[tuple[str, int | None], tuple[float, int]] = {}
        self.early: dict[tuple[str, int | None], tuple[float, int]] = {}
        self.last: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self.cpu: dict[tuple[str, int | None, bool], float] = {}  # the server's CPU seconds at a publish (early?)
        self.waiters: dict[tuple[str, int | None], asyncio.Future] = {}
        announced: set[tuple[str, int | None]] = set()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def record(params: types.PublishDiagnosticsParams) -> None:
            key = (params.uri, params.version)
            early = key in announced
            if key not in self.arrived and self._server is not None:
                self.cpu.setdefault((*key, early), cpu_seconds(self._server.pid))
            if early:
                announced.discard(key)
                self.early[key] = (time.perf_counter(), len(params.diagnostics))
                return
            self.arrived[key] = (time.perf_counter(), len(params.diagnostics))
            self.last[params.uri] = (params.version, params.diagnostics)
            if (w := self.waiters.pop(key, None)) and not w.done():
                w.set_result(None)

        @self.feature(types.WINDOW_SHOW_MESSAGE)
        def message(params: types.ShowMessageParams) -> None:
            print(f"  server says: {params.message}", file=sys.stderr)

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def log(params: types.LogMessageParams) -> None:
            head, _, rest = params.message.partition(": ")
            if rest.startswith(EARLY) and " version " in head:
                uri, _, version = head.rpartition(" version ")
                announced.add((uri, int(version)))

    async def published(self, version: int, uri: str = URI, timeout: float = 1800) -> tuple[float, int]:
        """When the complete diagnostics of `uri` at `version` arrived, and how many; waits for them."""
        if (uri, version) not in self.arrived:
            self.waiters[(uri, version)] = asyncio.get_running_loop().create_future()
            await asyncio.wait_for(self.waiters[(uri, version)], timeout)
        return self.arrived[(uri, version)]

    async def when(self, uri: str, version: int) -> float:
        return (await self.published(version, uri))[0]

    async def close(self) -> None:
        """shutdown, exit, and wait for the server process to end."""
        await self.shutdown_async(None)
        self.exit(None)
        await self._server.wait()
        await self.stop()

    def open(self, uri: str, text: str) -> float:
        """didOpen a plain-text document; when it was sent."""
        self.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
        return time.perf_counter()


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process so far (/proc): steadier than wall time on a busy machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def position(text: str, offset: int) -> types.Position:
    # The corpus text is checked to be BMP-only below, so one character is one UTF-16 unit.
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


def edit_points(text: str, n: int) -> list[tuple[int, int]]:
    """n (start, end) spans of a word, each in a different paragraph, spread over the story."""
    starts, pos = [], 0
    while (pos := text.find("\n\n", pos)) != -1:
        pos += 2
        starts.append(pos)
    chosen = [starts[i * len(starts) // n] for i in range(n)]
    out = []
    for start in chosen:
        end = text.find(" ", start + 1)
        word_start = text.rfind(" ", start, end - 1) + 1 if end > start else start
        out.append((max(word_start, start), end))
    return out


async def run(args) -> None:
    text = story(args.words)
    print(f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    assert all(ord(c) <= 0xFFFF for c in text), "positions below assume BMP text"
    print(f"story: {len(text.split()):,} words, {len(text):,} characters, {text.count(chr(10) * 2) + 1} paragraphs")
    client = Client()
    spawned = time.perf_counter()
    await client.start_io(sys.executable, "-m", "copydesk", "serve")
    options = {"debounce": 0, **({"select": args.select.split(",")} if args.select else {})}
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), initialization_options=options)
    )
    client.initialized(types.InitializedParams())
    seed = SEED.read_text(encoding="utf-8")
    opened = client.open(SEED.as_uri(), seed)
    done, count = await client.published(1, SEED.as_uri())
    early, first_count = client.early.get((SEED.as_uri(), 1), (done, count))
    print(f"cold start, seed story ({SEED.name}, {len(seed.split())} words), opened right after initialize:")
    first_cpu = client.cpu.get((SEED.as_uri(), 1, True), client.cpu.get((SEED.as_uri(), 1, False)))
    print(f"  first diagnostics {early - spawned:.2f} s after starting the process ({early - opened:.2f} s after "
          f"didOpen; {first_count} diagnostics{', early' if early != done else ''}; server CPU {first_cpu:.2f} s)")
    print(f"  complete diagnostics {done - spawned:.2f} s after starting the process ({count} diagnostics; "
          f"server CPU {client.cpu.get((SEED.as_uri(), 1, False)):.2f} s)")

    uri = URI
    opened = client.open(uri, text)
    first, count = await client.published(1)
    print(f"open the {len(text.split()):,}-word story, model loaded: complete diagnostics {first - opened:.2f} s "
          f"after didOpen ({count} diagnostics)")

    version = 1
    for debounce in (0, 150):
        if debounce:
            client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings={**options, "debounce": debounce})
            )
            version += 1  # a whole-text change, so the re-lint for the new settings is done before timing
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
            await client.published(version)
        times = []
        for start, end in edit_points(text, 20):
            word = text[start:end]
            new = word.upper() if word != word.upper() else word.lower()
            version += 1
            sent = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(
                    range=types.Range(start=position(text, start), end=position(text, end)), text=new)]))
            text = text[:start] + new + text[end:]
            arrived, count = await client.published(version)
            times.append((arrived - sent) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(f"one-word edit → diagnostics for that version, debounce {debounce} ms, 20 edits in different "
              f"paragraphs: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")

    if args.typing:
        await fast_typing(client, uri, text, version, args.typing, options)

    pid = client._server.pid
    status = Path(f"/proc/{pid}/status").read_text()
    hwm = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    print(f"server peak RSS: {int(hwm) / 1024:.0f} MB; load average after: "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    await client.close()


async def fast_typing(client: Client, uri: str, text: str, version: int, edits: int, options: dict,
                      gap: float = 0.05) -> None:
    """A fast typist at the default settings: `edits` one-word edits 50 ms apart, ten successive
    words of a paragraph at a time, in paragraphs spread over the story. The server publishes
    only the version that is current when its analysis ends, so each edit is timed to the first
    diagnostics for its own version or a newer one (the newest that supersedes it)."""
    debounce = Settings().debounce  # the server's default
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={**options, "debounce": debounce}))
    version += 1  # a whole-text change: the re-lint for the new settings is done before timing
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    await client.published(version)
    first = version + 1
    sent: list[float] = []
    for start, _ in edit_points(text, max(1, edits // 10)):
        pos = start
        for _ in range(10):
            if len(sent) == edits:
                break
            m = re.compile(r"[A-Za-z]+").search(text, pos)
            if m is None:
                break
            word = m.group()
            new = word.upper() if word != word.upper() else word.lower()
            version += 1
            due = (sent[0] if sent else time.perf_counter()) + len(sent) * gap
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(
                    range=types.Range(start=position(text, m.start()), end=position(text, m.end())), text=new)]))
            sent.append(time.perf_counter())
            text = text[: m.start()] + new + text[m.end():]
            pos = m.end()
    await client.published(version)
    arrived = sorted((t, v) for (u, v), (t, _) in client.arrived.items() if u == uri and v is not None and v >= first)
    waits, own = [], 0
    for i, at in enumerate(sent):
        v = first + i
        t, got = next((t, w) for t, w in arrived if w >= v and t >= at)
        waits.append((t - at) * 1000)
        own += got == v
    waits.sort()
    p95 = waits[min(len(waits) - 1, round(0.95 * len(waits)) - 1)]
    print(f"fast typing, default settings (debounce {debounce} ms): {len(sent)} one-word edits {gap * 1000:.0f} ms apart, each timed to the "
          f"diagnostics of its own version or the newest that supersedes it: p50 {statistics.median(waits):.1f} ms, "
          f"p95 {p95:.1f} ms, max {waits[-1]:.1f} ms ({own} of {len(sent)} edits got their own version's)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--select", help="comma-separated rules or groups (default: all)")
    parser.add_argument("--typing", type=int, default=100, metavar="EDITS",
                        help="edits of the fast-typing run, 50 ms apart (0: none)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
