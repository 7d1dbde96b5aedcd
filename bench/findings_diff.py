"""Identical findings before and after a change: every finding of the default config on all of
../shared/corpora, written down at one commit and compared at another.

    python bench/findings_diff.py save before.jsonl          # at the old commit (its own checkout)
    python bench/findings_diff.py save after.jsonl           # at the new one
    python bench/findings_diff.py compare before.jsonl after.jsonl

`save` lints each PolNeAR article, each FA-KES article (title and text) and the CoNLL-2010
Wikipedia sample (one text per row) in this process, and writes one JSON line per finding: the
text's id, start, end, rule, severity, message, related spans and fixes with their edits.
`compare` prints the counts per rule on each side and every finding that is on one side only,
and exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
csv.field_size_limit(sys.maxsize)


def texts() -> Iterator[tuple[str, str]]:
    """(id, text) of every story in the corpora, in a fixed order."""
    if not CORPORA.is_dir():
        sys.exit(f"corpora not present: {CORPORA} (see ../shared/corpora/README.md)")
    for path in sorted((CORPORA / "polnear").glob("*/text/*.txt")):
        yield f"polnear/{path.parent.parent.name}/{path.stem}", path.read_text(encoding="utf-8")
    with open(CORPORA / "fakes" / "FA-KES-Dataset.csv", encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            yield f"fakes/{row['unit_id']}", f"{row['article_title'].strip()}\n\n{row['article_content'].strip()}\n"
    with open(CORPORA / "conll2010" / "conll2010-wikipedia-sample.csv", encoding="utf-8-sig", newline="") as f:
        for n, (_, sentence) in enumerate(csv.reader(f)):  # (label, sentence), no header
            yield f"conll2010/{n}", sentence + "\n"


def save(out: Path) -> None:
    from copydesk.config import Config
    from copydesk.engine import analyse

    config, count, words = Config(), 0, 0
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for name, text in texts():
            words += len(text.split())
            for x in analyse(text, config, path=f"{name}.txt").findings:
                count += 1
                f.write(json.dumps({
                    "text": name, "start": x.start, "end": x.end, "rule": x.rule, "severity": str(x.severity),
                    "message": x.message, "related": [[r.start, r.end, r.message] for r in x.related],
                    "fixes": [[fx.title, fx.safe, [[e.start, e.end, e.replacement] for e in fx.edits]] for fx in x.fixes],
                }, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{count:,} findings in {words:,} words, {time.perf_counter() - started:.0f} s: {out}")


def compare(old: Path, new: Path) -> int:
    a, b = (Counter(p.read_text(encoding="utf-8").splitlines()) for p in (old, new))
    rules = sorted({json.loads(line)["rule"] for line in a | b})
    for side, rows in ((old, a), (new, b)):
        per_rule = Counter()
        for line, n in rows.items():
            per_rule[json.loads(line)["rule"]] += n
        print(f"{side}: {sum(rows.values()):,} findings; " + ", ".join(f"{r} {per_rule[r]}" for r in rules))
    gone, came = a - b, b - a
    for label, rows in (("only before", gone), ("only after", came)):
        for line in sorted(rows):
            print(f"{label}: {line}")
    print(f"identical: {not gone and not came} ({sum(gone.values())} only before, {sum(came.values())} only after)")
    return 1 if gone or came else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("save").add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "save":
        save(args.out)
    else:
        sys.exit(compare(args.old, args.new))


if __name__ == "__main__":
    main()
