"""Precision as a reporter meets it: lint real articles nobody tuned on, draw up to N findings per rule
at random, and have each judged in context by a reader who does not see the rules' code.

    python bench/precision_audit.py draw --seed 11 --out bench/labels/precision_seed11.tsv
    python bench/precision_audit.py score bench/labels/precision_seed11.tsv            # per rule
    python bench/precision_audit.py score bench/labels/precision_seed11.tsv --write    # and publish
    python bench/precision_audit.py draw --seed 14 --rules anonymous-source,hyphen-as-dash --out …
        (with --rules, an article is fresh unless a label file judged those rules' output in it)
    python bench/precision_audit.py score seed13.tsv seed14.tsv --write   # each rule from the last file with it
    python bench/precision_audit.py draw --seed 18 --polnear dev,test --no-fakes --articles 168 --rules … --out …

`draw` takes ARTICLES/2 PolNeAR articles (US political copy; train split, leaving out every article an
earlier label file names) and ARTICLES/2 FA-KES articles (Syrian-war wire copy, leaving out those any
label file names, recall sets included) — or, with `--polnear dev,test --no-fakes`, ARTICLES from
PolNeAR's dev and test splits, which no rule was tuned on — lints them with the
default config, and writes one row per drawn finding: the rule, its message, the flagged words and
the paragraph around them marked ⟦like this⟧ with the paragraphs before and after, and an empty
`label` column. A reader fills `label` with 1 (worth raising: a copy editor would want to see it),
0 (a false alarm) or ? (cannot tell), and may add a `note`. `score` prints precision = 1s / (1s + 0s)
per rule and overall, with the sample sizes; `--write` records them in rules/data/precision.toml,
which `copydesk rules`, `copydesk explain` and the README's table read.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tomllib
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from names_fakes import label_rows, labelled, unit_ids  # noqa: E402

from copydesk import markup
from copydesk.config import Config
from copydesk.engine import analyse
from copydesk.rules.api import Severity

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
LABELS = ROOT / "bench" / "labels"
PUBLISHED = ROOT / "rules" / "data" / "precision.toml"
COLUMNS = ["id", "rule", "source", "article", "start", "end", "flagged", "message", "context", "label", "note"]
csv.field_size_limit(sys.maxsize)


def polnear(split: str = "train") -> dict[str, str]:
    folder = CORPORA / "polnear" / split / "text"
    if not folder.is_dir():
        sys.exit(f"PolNeAR is not at {folder}: see ../shared/corpora/README.md")
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def fakes() -> dict[str, str]:
    path = CORPORA / "fakes" / "FA-KES-Dataset.csv"
    if not path.is_file():
        sys.exit(f"FA-KES is not at {path}: see ../shared/corpora/README.md")
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        rows = list(csv.DictReader(f))
    # Title as the headline, as a wire story opens.
    return {f"fakes-{r['unit_id']}": f"{r['article_title'].strip()}\n\n{r['article_content'].strip()}\n" for r in rows}


def labelled_before(rules: set[str] | None = None) -> set[str]:
    """Articles an earlier label file names (with `rules`, where it judged those rules' output):
    they guided fixes, so they are not a fresh sample."""
    return {row.get("article", "") for _, row in label_rows(rules)}


def context(text: str, start: int, end: int) -> str:
    """The flagged paragraph marked ⟦…⟧, with the headline and the paragraphs either side."""
    paras = markup.paragraphs(text, "text")
    at = next((i for i, p in enumerate(paras) if p.start <= start < p.end), len(paras) - 1)
    out = []
    if at > 1:
        out.append(f"[headline] {clip(paras[0].text.strip(), 0, 0, WINDOW)}")
    for i in range(max(at - 1, 0), min(at + 2, len(paras))):
        p = paras[i]
        body = text[p.start : p.end]
        if i == at:
            body = body[: start - p.start] + "⟦" + text[start:end] + "⟧" + body[end - p.start :]
            body = clip(body, start - p.start, end - p.start + 2, WINDOW)
        else:  # the end of the paragraph before, the start of the one after
            body = clip(body, len(body), len(body), WINDOW // 2) if i < at else clip(body, 0, 0, WINDOW // 2)
        out.append(("» " if i == at else "") + " ".join(body.split()))
    return " ¶ ".join(out)


WINDOW = 600  # characters of context either side: FA-KES runs whole articles into one paragraph


def clip(body: str, start: int, end: int, window: int) -> str:
    left, right = max(start - window, 0), min(end + window, len(body))
    return ("…" if left else "") + body[left:right] + ("…" if right < len(body) else "")


def draw(args) -> None:
    rng = random.Random(args.seed)
    rules = set(args.rules.split(",")) if args.rules else None
    seen = labelled_before(rules)
    fresh = {k: v for split in args.polnear.split(",") for k, v in polnear(split).items() if k not in seen}
    ids = unit_ids()
    used = {ids[i] for i in labelled(rules)}
    wire = {k: v for k, v in fakes().items() if k not in used}
    half = args.articles // 2 if args.fakes else args.articles
    chosen = [("polnear", k, fresh[k]) for k in rng.sample(sorted(fresh), half)]
    chosen += [("fakes", k, wire[k]) for k in rng.sample(sorted(wire), args.articles - half)]
    found: dict[str, list] = defaultdict(list)
    words = 0
    config = Config()
    for n, (source, article, text) in enumerate(chosen, 1):
        words += len(text.split())
        for f in analyse(text, config, path=f"{article}.txt").findings:
            found[f.rule].append((source, article, text, f))
        print(f"\rlinted {n}/{len(chosen)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    rows = []
    if args.rules:
        found = {rule: found[rule] for rule in args.rules.split(",") if rule in found}
    for rule in sorted(found):
        picked = rng.sample(found[rule], min(args.per_rule, len(found[rule])))
        for source, article, text, f in picked:
            related = "; ".join(f"also: {text[r.start:r.end]!r}" for r in f.related)
            rows.append({
                "rule": rule, "source": source, "article": article, "start": f.start, "end": f.end,
                "flagged": text[f.start : f.end], "message": f.message + (f" ({related})" if related else ""),
                "context": context(text, f.start, f.end), "label": "", "note": "",
            })
    rng.shuffle(rows)  # a reader meets the rules mixed, not one after another
    for i, row in enumerate(rows, 1):
        row["id"] = i
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        w = csv.DictWriter(out, COLUMNS, delimiter="\t")
        w.writeheader()
        w.writerows(rows)
    total = sum(len(v) for v in found.values())
    print(f"{len(chosen)} articles, {words:,} words, {total} findings ({1000 * total / words:.1f} per 1,000 words); "
          f"{len(rows)} drawn into {args.out}")
    for rule in sorted(found):
        print(f"  {rule:28} {len(found[rule]):5} findings")


def score(args) -> None:
    counts: dict[str, Counter] = defaultdict(Counter)
    sample: dict[str, str] = {}  # the sample each rule's figures come from: the last file that has it
    for path in args.labels:
        here: dict[str, Counter] = defaultdict(Counter)
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                label = row["label"].strip()
                if label not in ("1", "0", "?"):
                    sys.exit(f"{path} row {row['id']}: label {label!r} is not 1, 0 or ?")
                here[row["rule"]][label] += 1
        for rule, c in here.items():
            counts[rule], sample[rule] = c, Path(path).name
    print(f"{'rule':28} {'precision':>9} {'true':>5} {'false':>5} {'unclear':>7}  sample")
    total = Counter()
    for rule in sorted(counts):
        c = counts[rule]
        total += c
        judged = c["1"] + c["0"]
        p = c["1"] / judged if judged else float("nan")
        print(f"{rule:28} {p:9.2f} {c['1']:5} {c['0']:5} {c['?']:7}  {sample[rule]}")
    judged = total["1"] + total["0"]
    print(f"{'overall':28} {total['1'] / judged:9.2f} {total['1']:5} {total['0']:5} {total['?']:7}")
    if args.write:
        files = " ".join(str(Path(p).resolve().relative_to(ROOT)) for p in args.labels)
        lines = [
            f"# Measured precision of each rule: findings a blind reader judged worth raising, of those judged.",
            f"# Written by `python bench/precision_audit.py score {files} --write`",
            "# (each rule from the last sample that judged it); do not edit by hand.",
            f'sample = "{", ".join(Path(p).name for p in args.labels)}"',
            f'date = "{date.today().isoformat()}"',
            "",
        ]
        for rule in sorted(counts):
            c = counts[rule]
            n = c["1"] + c["0"]
            if n:
                lines.append(f'[rules.{rule}]\nprecision = {c["1"] / n:.2f}\njudged = {n}\nunclear = {c["?"]}\n'
                             f'sample = "{sample[rule]}"\n')
        PUBLISHED.write_text("\n".join(lines), encoding="utf-8")
        tomllib.loads(PUBLISHED.read_text(encoding="utf-8"))
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = text.index(START) + len(START), text.index(END)
        readme.write_text(text[:start] + "\n" + precision_table() + text[end:], encoding="utf-8")
        print(f"wrote {PUBLISHED.relative_to(ROOT)} and the table in README.md")


START, END = "<!-- precision:start -->", "<!-- precision:end -->"


def precision_table() -> str:
    """README's table, from rules/data/precision.toml (tests/test_rules.py holds the two together)."""
    from copydesk.rules import measured, registry

    rows = ["| rule | default severity | precision | judged |", "| --- | --- | --- | --- |"]
    judged, true = Counter(), Counter()
    for name, rule in registry().items():
        m = measured(name)
        if m:
            rows.append(f"| `{name}` | {rule.severity} | {m[0]:.2f} | {m[1]} |")
            for key in ("all", "loud") if rule.severity > Severity.INFO else ("all",):
                judged[key] += m[1]
                true[key] += round(m[0] * m[1])
    sample = tomllib.loads(PUBLISHED.read_text(encoding="utf-8")) if PUBLISHED.exists() else {}
    if judged["loud"]:
        rows.append(f"| rules at warning or error | | {true['loud'] / judged['loud']:.2f} | {judged['loud']} |")
    if judged["all"]:
        rows.append(f"| all judged findings | | {true['all'] / judged['all']:.2f} | {judged['all']} |")
    rows.append("")
    rows.append(f"Samples `{sample.get('sample', '?')}` ({sample.get('date', '?')}), labels in `bench/labels/`; "
                "each rule's figure is from the last sample that judged it.")
    return "\n".join(rows) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--articles", type=int, default=300)
    d.add_argument("--per-rule", type=int, default=30)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--polnear", default="train", help="PolNeAR splits to draw from (dev,test: never tuned on)")
    d.add_argument("--no-fakes", dest="fakes", action="store_false",
                   help="PolNeAR only (FA-KES has no article left that no label file names)")
    d.add_argument("--rules", help="comma-separated: draw only these rules' findings (re-measuring the rules a fix changed)")
    s = sub.add_parser("score")
    s.add_argument("labels", type=Path, nargs="+", help="label files; a rule's figures come from the last that has it")
    s.add_argument("--write", action="store_true", help="record the figures in rules/data/precision.toml")
    args = p.parse_args()
    {"draw": draw, "score": score}[args.command](args)


if __name__ == "__main__":
    main()
