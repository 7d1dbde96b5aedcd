"""A small document's wait while a big one is being analysed, in one `copydesk serve` (issue 11,
item 13): documents take turns with the model batch by batch, so the small one does not queue
behind the big one.

Opens a big story (PolNeAR articles joined, every split, read in place) and, once its analysis is
under way, a three-paragraph story; then makes 10 one-word edits to the small one. Prints how long
the small one's diagnostics took (open and each edit, p50 and max), whether they all came before
the big one's, and how long the big one took.

    python bench/lsp_busy.py                  # a big story of 100,000 words, every rule
    python bench/lsp_busy.py --words 300000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_latency import Client, story  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "polnear"
SMALL = ("Coalition aircraft struck near Deir Ezzour on Tuesday, officials said.\n\n"
         '"We will respond at a time of our choosing," he said.\n\n'
         "The us -led coalition said no civilians were hurt.\n")


def big_story(words: int) -> str:
    text = story(words, CORPUS, "*/text/*.txt")
    if len(text.split()) < words:
        sys.exit(f"not enough text in {CORPUS} for {words:,} words")
    return text


async def run(args) -> None:
    big = big_story(args.words)
    print(f"big story: {len(big.split()):,} words, {len(big):,} characters; small story: {len(SMALL.split())} words")
    client = Client()
    await client.start_io(sys.executable, "-m", "copydesk", "serve")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         initialization_options={"debounce": 0}))
    client.initialized(types.InitializedParams())
    client.open("file:///bench/warm.txt", SMALL.replace("Tuesday", "Monday"))
    await client.when("file:///bench/warm.txt", 1)  # the model is loaded: what follows is analysis only
    big_opened = client.open("file:///bench/big.txt", big)
    await asyncio.sleep(2)  # its analysis is well under way
    small = "file:///bench/small.txt"
    opened = client.open(small, SMALL)
    waits = [await client.when(small, 1) - opened]
    for version in range(2, 12):
        new = SMALL.replace("on Tuesday", f"on day {version}")  # a new paragraph: parsed afresh
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=small, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=new)]))
        waits.append(await client.when(small, version) - sent)
    small_done = time.perf_counter()
    big_done = await client.when("file:///bench/big.txt", 1)
    edits = sorted(w * 1000 for w in waits[1:])
    print(f"small story while the big one is analysed: open {waits[0] * 1000:.0f} ms; "
          f"10 edits p50 {statistics.median(edits):.0f} ms, max {edits[-1]:.0f} ms")
    print(f"all of the small story's diagnostics came {'before' if small_done < big_done else 'AFTER'} the big one's; "
          f"the big one took {big_done - big_opened:.1f} s")
    await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=100_000)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
