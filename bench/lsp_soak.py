"""A shift in the editor: `copydesk serve` with many stories open for a long time, driven over
stdio like an editor, and its memory sampled from /proc.

Opens --stories real articles (PolNeAR, read in place), then for --minutes makes one-word edits
(--rate a second, spread over the stories: a real word from the corpus or one half typed, so new
words keep coming as they do when someone types) and asks for code actions and hover on a
diagnostic every second. Prints:
- the server's RSS with the model loaded and no story open, after the stories opened, after the
  warm-up (--warmup seconds of edits) and at the end; the growth from warm-up to the end, and
  the peak (VmHWM); a line a minute on the way;
- what the stories held (RSS after opening them less before) and what closing --close of them
  freed, per story;
- whether every story's final diagnostics equal `copydesk lint --format json` on the same text
  (one CLI run over the final texts, written to a temporary folder), and the server's copy of
  each text equals the client's;
- the load average, the server's CPU time and the latency of the code action and hover requests.

    python bench/lsp_soak.py                       # 40 stories, 30 minutes
    python bench/lsp_soak.py --minutes 3 --warmup 30
    python bench/lsp_soak.py --stories 100 --rate 45
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_latency import Client  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "polnear"
WORD = re.compile(r"(?<![\w'’-])[A-Za-z]{2,}(?![\w'’-])")


def articles(n: int) -> list[tuple[str, str]]:
    """(name, text) of n PolNeAR articles: the test split first, then dev, then train."""
    if not CORPUS.is_dir():
        sys.exit(f"corpus not present: {CORPUS} (see ../shared/corpora/README.md)")
    paths = [p for split in ("test", "dev", "train") for p in sorted((CORPUS / split / "text").glob("*.txt"))]
    if len(paths) < n:
        sys.exit(f"only {len(paths)} articles in {CORPUS}")
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths[:n]]


def vocabulary() -> list[str]:
    """The words of PolNeAR's train split: what the edits type."""
    words = set()
    for path in sorted((CORPUS / "train" / "text").glob("*.txt")):
        words.update(WORD.findall(path.read_text(encoding="utf-8")))
    return sorted(words)


def proc(pid: int) -> dict[str, float]:
    """RSS and peak RSS in MB, and CPU seconds, of a process."""
    status = Path(f"/proc/{pid}/status").read_text()
    kb = {k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in status.splitlines()) if k in ("VmRSS", "VmHWM")}
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return {"rss": kb["VmRSS"] / 1024, "peak": kb["VmHWM"] / 1024, "cpu": (int(fields[11]) + int(fields[12])) / ticks}


def load() -> str:
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def position(lines: list[int], offset: int) -> types.Position:
    """UTF-32 position (the client asks for code points) of an offset, from the line starts."""
    import bisect

    line = bisect.bisect_right(lines, offset) - 1
    return types.Position(line=line, character=offset - lines[line])


def line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def offset(lines: list[int], p: types.Position) -> int:
    return lines[p.line] + p.character


class Story:
    def __init__(self, uri: str, path: Path, text: str):
        self.uri, self.path, self.text, self.version = uri, path, text, 1

    def edit(self, rng: random.Random, words: list[str]) -> types.DidChangeTextDocumentParams:
        """Replace a random word with a word of the corpus, or its first letters (a word half typed)."""
        spans = [m.span() for m in WORD.finditer(self.text)]
        start, end = rng.choice(spans)
        new = rng.choice(words)
        if rng.random() < 0.5:
            new = new[: rng.randint(1, len(new))]
        if self.text[start:end][0].isupper():
            new = new[:1].upper() + new[1:]
        lines = line_starts(self.text)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=position(lines, start), end=position(lines, end)), text=new)
        self.text = self.text[:start] + new + self.text[end:]
        self.version += 1
        return types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[change])


async def requests(client: Client, stories: list[Story], rng: random.Random, stop: asyncio.Event,
                   latency: dict[str, list[float]]) -> None:
    """A code action and a hover on one diagnostic of a random story, every second."""
    while not stop.is_set():
        tick = time.perf_counter()
        story = rng.choice(stories)
        version, shown = client.last.get(story.uri, (None, []))
        shown = shown if version == story.version else []
        if shown:
            d = rng.choice(shown)
            ident = types.TextDocumentIdentifier(uri=story.uri)
            sent = time.perf_counter()
            try:
                await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
                    text_document=ident, range=d.range, context=types.CodeActionContext(diagnostics=[d]))), 60)
                latency["code action"].append(time.perf_counter() - sent)
                sent = time.perf_counter()
                await asyncio.wait_for(client.text_document_hover_async(
                    types.HoverParams(text_document=ident, position=d.range.start)), 60)
                latency["hover"].append(time.perf_counter() - sent)
            except Exception as exc:  # a request that fails is reported, the shift goes on
                latency.setdefault("failed", []).append(0.0)
                print(f"  request failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        try:
            await asyncio.wait_for(stop.wait(), max(0.0, 1 - (time.perf_counter() - tick)))
        except asyncio.TimeoutError:
            pass


async def holdings(client: Client) -> str:
    """What the server says it holds (its copydesk/memory request), in a few words."""
    held = await client.protocol.send_request_async("copydesk/memory", {})
    return (f"caches {sum(c.bytes for c in held.caches) / 2**20:.1f} of {sum(c.bound for c in held.caches) / 2**20:.0f} MB; "
            + "; ".join(f"{m.parses} parses for {m.documents} documents, {m.strings:,} strings, "
                        f"{m.turnovers} zones turned over" for m in held.models) + f"; {held.pending} messages pending")


async def settle(client: Client, stories: list[Story], timeout: float = 600) -> None:
    """Wait until every story's diagnostics for its last version are in."""
    await asyncio.gather(*(client.published(s.version, s.uri, timeout) for s in stories))


def lint_json(folder: Path) -> dict[str, set[tuple]]:
    """`copydesk lint --format json` on the folder in one process: (rule, start, end, severity, message)
    of each finding, by file name."""
    run = subprocess.run([sys.executable, "-m", "copydesk", "lint", "--format", "json", "--quiet", "--jobs", "1",
                          "--fail-on", "never", str(folder)],
                         capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"copydesk lint failed ({run.returncode}): {run.stderr}")
    return {Path(f["path"]).name: {(x["rule"], x["start"], x["end"], x["severity"], x["message"]) for x in f["findings"]}
            for f in json.loads(run.stdout)["files"]}


SEVERITY = {1: "error", 2: "warning", 3: "info", 4: "hint"}


def from_diagnostics(story: Story, shown: list[types.Diagnostic]) -> set[tuple]:
    lines = line_starts(story.text)
    return {(d.code, offset(lines, d.range.start), offset(lines, d.range.end), SEVERITY[d.severity], d.message)
            for d in shown}


async def run(args) -> None:
    rng = random.Random(args.seed)
    words = vocabulary()
    folder = Path(tempfile.mkdtemp(prefix="copydesk-soak-"))
    stories = [Story((folder / name).as_uri(), folder / name, text) for name, text in articles(args.stories)]
    total_words = sum(len(s.text.split()) for s in stories)
    print(f"{len(stories)} stories ({total_words:,} words) from {CORPUS}; {args.minutes:g} minutes, "
          f"{args.rate:g} one-word edits a second, code action and hover every second; {load()}")

    client = Client()
    await client.start_io(sys.executable, "-m", "copydesk", "serve")
    pid = client._server.pid
    caps = types.ClientCapabilities(general=types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf32]))
    await client.initialize_async(types.InitializeParams(capabilities=caps, root_uri=folder.as_uri()))
    client.initialized(types.InitializedParams())
    # The model, loaded: one small story, closed again.
    warm = (folder / "warm.txt").as_uri()
    client.open(warm, "Officials said the talks would resume.\n")
    await client.published(1, warm)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=warm)))
    await asyncio.sleep(1)
    empty = proc(pid)

    started = time.perf_counter()
    for s in stories:
        client.open(s.uri, s.text)
    await settle(client, stories)
    opened = proc(pid)
    print(f"model loaded, no story open: RSS {empty['rss']:.0f} MB; {len(stories)} stories open and linted in "
          f"{time.perf_counter() - started:.1f} s: RSS {opened['rss']:.0f} MB "
          f"({(opened['rss'] - empty['rss']) / len(stories):.2f} MB a story)")

    stop = asyncio.Event()
    latency: dict[str, list[float]] = {"code action": [], "hover": []}
    asking = asyncio.create_task(requests(client, stories, rng, stop, latency))
    began = time.perf_counter()
    end = began + args.minutes * 60
    samples: list[tuple[float, dict]] = []
    edits, next_sample, next_line, warmed = 0, began, began + 60, None
    while (now := time.perf_counter()) < end:
        story = rng.choice(stories)
        client.text_document_did_change(story.edit(rng, words))
        edits += 1
        if now >= next_sample:
            samples.append((now - began, proc(pid)))
            next_sample += args.sample
            if warmed is None and now - began >= args.warmup:
                warmed = samples[-1]
                print(f"  after the warm-up ({now - began:.0f} s, {edits:,} edits): RSS {warmed[1]['rss']:.0f} MB")
        if now >= next_line:
            behind = sum(1 for s in stories if (s.uri, s.version) not in client.arrived)
            print(f"  {(now - began) / 60:5.1f} min: RSS {samples[-1][1]['rss']:.0f} MB, peak {samples[-1][1]['peak']:.0f} MB, "
                  f"{edits:,} edits, {behind} stories awaiting their latest diagnostics; {await holdings(client)}; "
                  f"{load()}", flush=True)
            next_line += 60
        await asyncio.sleep(max(0.0, began + edits / args.rate - time.perf_counter()))
    stop.set()
    await asking
    settled_at = time.perf_counter()
    await settle(client, stories)
    final = proc(pid)
    print(f"edits stopped after {edits:,} ({edits / (settled_at - began):.1f} a second); all diagnostics in "
          f"{time.perf_counter() - settled_at:.1f} s later")
    if warmed is None:
        warmed = samples[0]
    # RSS saws up and down as cache generations and memory zones turn over and freed memory is handed
    # back: the growth is of the mean over the minute after the warm-up to the mean over the last one.
    first = [s["rss"] for t, s in samples if warmed[0] <= t < warmed[0] + 60]
    last = [s["rss"] for t, s in samples if t >= samples[-1][0] - 60]
    growth = (statistics.mean(last) - statistics.mean(first)) / statistics.mean(first) * 100
    print(f"RSS after warm-up {warmed[1]['rss']:.0f} MB, at the end {final['rss']:.0f} MB; mean over the minute after "
          f"the warm-up {statistics.mean(first):.0f} MB, over the last minute {statistics.mean(last):.0f} MB: growth "
          f"{growth:+.1f} % (target ≤ 10 %); peak {final['peak']:.0f} MB (target ≤ 300 MB for 40 stories)")
    rss = [s["rss"] for _, s in samples]
    print(f"RSS over the run: min {min(rss):.0f} MB, max {max(rss):.0f} MB; server CPU {final['cpu'] - opened['cpu']:.0f} s "
          f"in {settled_at - began:.0f} s")
    for name, times in latency.items():
        if times and name != "failed":
            times = sorted(t * 1000 for t in times)
            print(f"{name}: {len(times)} requests, p50 {statistics.median(times):.0f} ms, "
                  f"p95 {times[min(len(times) - 1, round(0.95 * len(times)) - 1)]:.0f} ms")
    if latency.get("failed"):
        print(f"requests failed: {len(latency['failed'])}")

    print(f"server holds: {await holdings(client)}")

    # The server's copy of each text, and its diagnostics, against `copydesk lint` on the same text.
    out_of_sync = 0
    for s in stories:
        copy = await client.protocol.send_request_async("copydesk/text", {"textDocument": {"uri": s.uri}})
        out_of_sync += copy.text != s.text
        s.path.write_text(s.text, encoding="utf-8")
    linted = lint_json(folder)
    differ = [s.path.name for s in stories
              if from_diagnostics(s, client.last[s.uri][1]) != linted.get(s.path.name, set())]
    print(f"server's texts equal the client's: {len(stories) - out_of_sync} of {len(stories)}; final diagnostics equal "
          f"`copydesk lint`'s: {len(stories) - len(differ)} of {len(stories)}" + (f" (differ: {', '.join(differ)})" if differ else ""))

    closing = stories[: args.close]
    before = proc(pid)
    for s in closing:
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=s.uri)))
    await asyncio.sleep(3)
    after = proc(pid)
    held = (opened["rss"] - empty["rss"]) / len(stories)
    freed = (before["rss"] - after["rss"]) / max(1, len(closing))
    print(f"closing {len(closing)} stories: RSS {before['rss']:.0f} → {after['rss']:.0f} MB, {freed:.2f} MB a story "
          f"freed (a story took {held:.2f} MB when opened); {load()}")
    await client.close()
    for s in stories:
        s.path.unlink(missing_ok=True)
    folder.rmdir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=40)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--rate", type=float, default=19, help="one-word edits a second, over all stories")
    parser.add_argument("--warmup", type=float, default=60, help="seconds of edits before the reference RSS")
    parser.add_argument("--sample", type=float, default=5, help="seconds between RSS samples")
    parser.add_argument("--close", type=int, default=20, help="stories closed at the end")
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
