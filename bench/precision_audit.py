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
import fresh  # noqa: E402
from names_fakes import label_rows, labelled, unit_ids  # noqa: E402

from copydesk import markup
from copydesk.config import Config
from copydesk.engine import analyse
from copydesk.rules.api import Severity

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
LABELS = ROOT / "bench" / "labels"
PUBLISHED = ROOT / "rules" / "data" / "precision.toml"
COLUMNS = ["id", "rule", "publication", "source", "article", "start", "end", "flagged", "message", "context", "label", "note"]
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


def candidates(publication: str, rules: set[str] | None, splits: str) -> dict[str, str]:
    """A publication's articles that neither tuned these rules nor were judged for them before."""
    seen = labelled_before(rules)
    if publication == "polnear":
        return {k: v for split in splits.split(",") for k, v in polnear(split).items() if k not in seen}
    if publication == "fakes":
        ids = unit_ids()
        used = {ids[i] for i in labelled(rules)}
        return {k: v for k, v in fakes().items() if k not in used}
    return {k: v for k, v in fresh.pool(publication).items() if k not in seen}


def draw_publications(args, rng: random.Random) -> list[dict]:
    """Up to --per-rule findings of each rule on each publication, from --articles articles of each,
    every publication linted with its own house's settings (bench/fresh.py)."""
    rules = set(args.rules.split(",")) if args.rules else None
    rows = []
    for publication in args.publications.split(","):
        pool = candidates(publication, rules, args.polnear)
        chosen = rng.sample(sorted(pool), min(args.articles, len(pool)))
        config = Config.from_dict({"house": fresh.HOUSE[publication]})
        found: dict[str, list] = defaultdict(list)
        words = 0
        for n, article in enumerate(chosen, 1):
            text = pool[article]
            words += len(text.split())
            for f in analyse(text, config, path=f"{article.replace('/', '_')}.txt").findings:
                if rules is None or f.rule in rules:
                    found[f.rule].append((publication, article, text, f))
            print(f"\r{publication}: linted {n}/{len(chosen)}", end="", file=sys.stderr)
        print(file=sys.stderr)
        total = sum(map(len, found.values()))
        print(f"{publication}: {len(chosen)} articles, {words:,} words, {total} findings "
              f"({1000 * total / max(words, 1):.1f} per 1,000 words)")
        for rule in sorted(found):
            print(f"  {rule:28} {len(found[rule]):5} findings")
            rows += [_row(*x) for x in rng.sample(found[rule], min(args.per_rule, len(found[rule])))]
    return rows


def _row(source: str, article: str, text: str, f) -> dict:
    related = "; ".join(f"also: {text[r.start:r.end]!r}" for r in f.related)
    return {
        "rule": f.rule, "publication": source, "source": source, "article": article, "start": f.start,
        "end": f.end, "flagged": text[f.start : f.end], "message": f.message + (f" ({related})" if related else ""),
        "context": context(text, f.start, f.end), "label": "", "note": "",
    }


def draw(args) -> None:
    rng = random.Random(args.seed)
    if args.publications:
        rows = draw_publications(args, rng)
        rng.shuffle(rows)  # a reader meets the rules and publications mixed
        if args.rules:  # the rules this sample measures, those that found nothing to draw included
            args.out.with_suffix(".rules").write_text("\n".join(sorted(args.rules.split(","))) + "\n", encoding="utf-8")
        return _write(args.out, rows)
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
        rows += [_row(*x) for x in rng.sample(found[rule], min(args.per_rule, len(found[rule])))]
    rng.shuffle(rows)  # a reader meets the rules mixed, not one after another
    _write(args.out, rows)
    total = sum(len(v) for v in found.values())
    print(f"{len(chosen)} articles, {words:,} words, {total} findings ({1000 * total / words:.1f} per 1,000 words); "
          f"{len(rows)} drawn into {args.out}")
    for rule in sorted(found):
        print(f"  {rule:28} {len(found[rule]):5} findings")


def _write(path: Path, rows: list[dict]) -> None:
    for i, row in enumerate(rows, 1):
        row["id"] = i
    with open(path, "w", encoding="utf-8", newline="") as out:
        w = csv.DictWriter(out, COLUMNS, delimiter="\t")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} findings drawn into {path}")


def score(args) -> None:
    """Precision per rule on each publication, from the last label file that judged that rule there,
    and pooled over the publications."""
    counts: dict[tuple[str, str], Counter] = {}
    sample: dict[tuple[str, str], str] = {}
    for path in args.labels:
        here: dict[tuple[str, str], Counter] = defaultdict(Counter)
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                label = row["label"].strip()
                if label not in ("1", "0", "?"):
                    sys.exit(f"{path} row {row['id']}: label {label!r} is not 1, 0 or ?")
                here[(row["rule"], row.get("publication") or row["source"])][label] += 1
        # A later sample of a rule replaces all its earlier figures: a publication where the rule,
        # as it now is, found nothing to draw has no figure, not the old one. (FILE.rules names the
        # rules a draw covered, those that found nothing included.)
        covered = Path(path).with_suffix(".rules")
        drawn = set(covered.read_text(encoding="utf-8").split()) if covered.exists() else set()
        for rule in {r for r, _ in here} | drawn:
            for key in [k for k in counts if k[0] == rule]:
                del counts[key], sample[key]
        for key, c in here.items():
            counts[key], sample[key] = c, Path(path).name
    publications = [p for p in fresh.PUBLICATIONS if any(pub == p for _, pub in counts)]
    width = max(9, *map(len, publications))
    print(f"{'rule':28} " + " ".join(f"{p:>{width}}" for p in publications) + f" {'pooled':>{width}}")
    by_rule: dict[str, Counter] = defaultdict(Counter)
    by_pub: dict[str, Counter] = defaultdict(Counter)
    for (rule, pub), c in counts.items():
        by_rule[rule] += c
        by_pub[pub] += c
    for rule in sorted(by_rule):
        cells = [_cell(counts.get((rule, p)), width) for p in publications]
        print(f"{rule:28} " + " ".join(cells) + " " + _cell(by_rule[rule], width))
    total = sum(by_rule.values(), Counter())
    print(f"{'all rules':28} " + " ".join(_cell(by_pub[p], width) for p in publications) + " " + _cell(total, width))
    if args.write:
        publish(counts, sample, args.labels)


def agreement(args) -> None:
    """Cohen's kappa of two readers over the rows both labelled (by `id`; `?` left out)."""
    first, second = (_labels(p) for p in (args.first, args.second))
    pairs = [(first[i], second[i]) for i in first.keys() & second.keys() if "?" not in (first[i], second[i])]
    if not pairs:
        sys.exit("no row both readers labelled 1 or 0")
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    a, b = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(a[k] * b[k] for k in ("0", "1")) / n / n
    kappa = (observed - expected) / (1 - expected) if expected < 1 else 1.0
    print(f"{n} rows both readers judged: agreement {observed:.2f}, Cohen's kappa {kappa:.2f}")
    rules = _rules(args.first)
    for rule in sorted(set(rules.values())):
        ids = [i for i, r in rules.items() if r == rule and i in second and "?" not in (first[i], second[i])]
        if ids:
            agree = sum(first[i] == second[i] for i in ids)
            print(f"  {rule:28} {agree}/{len(ids)} agree")


def _labels(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as f:
        return {row["id"]: row["label"].strip() for row in csv.DictReader(f, delimiter="\t")}


def _rules(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as f:
        return {row["id"]: row["rule"] for row in csv.DictReader(f, delimiter="\t")}


def _cell(c: Counter | None, width: int) -> str:
    """"0.87/30": precision over the findings judged (unclear ones left out)."""
    judged = (c["1"] + c["0"]) if c else 0
    return f"{c['1'] / judged:.2f}/{judged}".rjust(width) if judged else "-".rjust(width)


def publish(counts: dict[tuple[str, str], Counter], sample: dict[tuple[str, str], str], labels: list[Path]) -> None:
    """rules/data/precision.toml (which `copydesk rules` and `explain` read) and README's table."""
    import tomlkit

    files = " ".join(str(Path(p).resolve().relative_to(ROOT)) for p in labels)
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Measured precision of each rule: findings a blind reader judged worth raising, of those judged,"))
    doc.add(tomlkit.comment("on each publication (each linted with its own house's settings) and pooled over them."))
    doc.add(tomlkit.comment(f"Written by `python bench/precision_audit.py score {files} --write`"))
    doc.add(tomlkit.comment("(each rule from the last sample that judged it); do not edit by hand."))
    doc["sample"] = ", ".join(Path(p).name for p in labels)
    doc["date"] = date.today().isoformat()
    rules = tomlkit.table()
    for rule in sorted({r for r, _ in counts}):
        pooled, table, pubs = Counter(), tomlkit.table(), tomlkit.table()
        for pub in fresh.PUBLICATIONS:
            c = counts.get((rule, pub))
            if c and c["1"] + c["0"]:
                pooled += c
                n = c["1"] + c["0"]
                pubs[pub] = tomlkit.inline_table()
                pubs[pub].update({"precision": round(c["1"] / n, 2), "judged": n, "unclear": c["?"],
                                  "sample": sample[(rule, pub)]})
        n = pooled["1"] + pooled["0"]
        if not n:
            continue
        table.update({"precision": round(pooled["1"] / n, 2), "judged": n, "unclear": pooled["?"],
                      "sample": ", ".join(sorted({sample[(rule, p)] for p in fresh.PUBLICATIONS if (rule, p) in counts}))})
        table["publications"] = pubs
        rules[rule] = table
    doc["rules"] = rules
    PUBLISHED.write_text(tomlkit.dumps(doc), encoding="utf-8")
    tomllib.loads(PUBLISHED.read_text(encoding="utf-8"))
    from copydesk.rules import _measured

    _measured.cache_clear()
    write_table()
    print(f"wrote {PUBLISHED.relative_to(ROOT)} and the table in README.md")


def write_table(args=None) -> None:
    """README's table, rewritten from rules/data/precision.toml."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    readme.write_text(text[:start] + "\n" + precision_table() + text[end:], encoding="utf-8")


START, END = "<!-- precision:start -->", "<!-- precision:end -->"


def precision_table() -> str:
    """README's table, from rules/data/precision.toml (tests/test_rules.py holds the two together):
    each rule's precision on each publication, at the level that publication's house preset gives it
    (bench/fresh.py HOUSE), and the figures of what a desk sees by default."""
    from copydesk.config import Config
    from copydesk.rules import measured, registry

    names = {"polnear": "PolNeAR", "fakes": "FA-KES", "reuters-1987": "Reuters 1987", "reuters-com": "Reuters.com",
             "bbc": "BBC"}
    houses = {pub: Config.from_dict({"house": fresh.HOUSE[pub]}) for pub in fresh.PUBLICATIONS}
    rows = ["| rule | default severity | " + " | ".join(names[p] for p in fresh.PUBLICATIONS) + " | pooled |",
            "| --- | --- |" + " --- |" * (len(fresh.PUBLICATIONS) + 1)]
    judged: dict[str, Counter] = defaultdict(Counter)  # (what is shown, publication) → judged, true
    for name, rule in registry().items():
        m = measured(name)
        if not m:
            continue
        cells = []
        for pub in fresh.PUBLICATIONS:
            f = m.publications.get(pub)
            level = Severity.parse(houses[pub].level(name) or str(rule.severity)) if houses[pub].level(name) != "off" else None
            mark = "" if level == rule.severity else f" ({level or 'off'})"
            cells.append(f"{f.precision:.2f} of {f.judged}{mark}" if f else "")
            if f and level is not None:
                for key in ("shown", "loud") if level > Severity.INFO else ("shown",) if level == Severity.INFO else ():
                    judged[key][pub] += f.judged
                    judged[key + "-true"][pub] += round(f.precision * f.judged)
        rows.append(f"| `{name}` | {rule.severity} | " + " | ".join(cells) + f" | {m.precision:.2f} of {m.judged} |")
    for key, title in (("loud", "at warning or error"), ("shown", "shown by default (info and above)")):
        n, t = judged[key], judged[key + "-true"]
        if sum(n.values()):
            cells = [f"{t[p] / n[p]:.2f} of {n[p]}" if n[p] else "" for p in fresh.PUBLICATIONS]
            rows.append(f"| findings {title} | | " + " | ".join(cells) + f" | {sum(t.values()) / sum(n.values()):.2f} of {sum(n.values())} |")
    sample = tomllib.loads(PUBLISHED.read_text(encoding="utf-8")) if PUBLISHED.exists() else {}
    rows.append("")
    rows.append(f"Samples `{sample.get('sample', '?')}` ({sample.get('date', '?')}), labels in `bench/labels/`; "
                "each rule's figures are from the last sample that judged it (a blank: it found nothing to judge "
                "there); a level in brackets is the one that publication's house preset gives the rule.")
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
    d.add_argument("--publications", help=f"comma-separated, of {', '.join(fresh.PUBLICATIONS)}: --articles of each, "
                   "each linted with its house's settings, --per-rule findings of each rule on each")
    s = sub.add_parser("score")
    s.add_argument("labels", type=Path, nargs="+", help="label files; a rule's figures come from the last that has it")
    s.add_argument("--write", action="store_true", help="record the figures in rules/data/precision.toml")
    sub.add_parser("table", help="rewrite README's table from rules/data/precision.toml")
    a = sub.add_parser("agreement", help="Cohen's kappa of two readers on the rows both labelled")
    a.add_argument("first", type=Path)
    a.add_argument("second", type=Path)
    args = p.parse_args()
    {"draw": draw, "score": score, "table": write_table, "agreement": agreement}[args.command](args)


if __name__ == "__main__":
    main()
