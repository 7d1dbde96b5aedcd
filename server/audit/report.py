"""report.html: the audit for a standards editor, in one file that opens offline. Every chart is
SVG drawn here; there is no script but a few lines that mark the page as drawn (for the tests).

The figures are read back from stories.parquet and findings.parquet a batch at a time, so the
report costs memory for its tallies, not for the archive."""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from copydesk.audit.work import KINDS

#: Metadata columns read as the story's date and desk, first match wins (case-insensitive).
DATE_COLUMNS = ("date", "published", "publication_date", "pubdate", "published_at", "dateline", "time")
DESK_COLUMNS = ("desk", "section", "publisher", "outlet", "meta_source", "category", "author", "byline")
TOP_STORIES = 25
TOP_RULES_OVER_TIME = 5
MAX_DESKS = 14
MIN_WORDS = 2_000  # a month or year with fewer words audited is not drawn over time

SEVERITY_COLOUR = {"error": "#b2182b", "warning": "#e08214", "info": "#4393c3", "hint": "#999999"}
KIND_LABEL = {
    "person": "a named person", "organisation": "a named organisation", "group": "a named group",
    "pronoun": "a pronoun (he, she, they)", "anonymous": "an anonymous source", "vague": "a vague source",
    "unknown": "no source found", "none": "passive, no agent",
}
KIND_COLOUR = {
    "person": "#1b7837", "organisation": "#5aae61", "group": "#a6dba0", "pronoun": "#d9f0d3",
    "anonymous": "#c2a5cf", "vague": "#762a83", "unknown": "#dddddd", "none": "#bbbbbb",
}
SERIES = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


@dataclass
class Facts:
    """The tallies the report draws."""

    status: Counter = field(default_factory=Counter)
    words: int = 0
    findings: int = 0
    by_rule: Counter = field(default_factory=Counter)
    severity: dict[str, str] = field(default_factory=dict)
    date_column: str | None = None
    desk_column: str | None = None
    words_when: Counter = field(default_factory=Counter)
    rule_when: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    words_desk: Counter = field(default_factory=Counter)
    rule_desk: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    kinds: Counter = field(default_factory=Counter)
    kinds_desk: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    kinds_when: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    counted_kinds: bool = False
    top: list[dict] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    span: str = "month"
    thin: list[str] = field(default_factory=list)  # months or years with too few words to draw
    undated: int = 0  # stories counted whose date cannot be read (or is empty)
    undated_words: int = 0
    undated_seen: list[str] = field(default_factory=list)  # a few of the values that are no date


def write(out: Path, clusters, summary, options) -> Facts:
    facts = tally(out / "stories.parquet", out / "findings.parquet")
    page = render(facts, clusters, summary, options)
    tmp = out / ".report.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out / "report.html")
    return facts


# -- the figures ----------------------------------------------------------------------------------


def _column(names: list[str], wanted: tuple[str, ...]) -> str | None:
    lower = {n.lower(): n for n in names}
    return next((lower[w] for w in wanted if w in lower), None)


def when(value) -> date | None:
    """A metadata value read as a date: a date or timestamp, or text in any common form (ISO 8601,
    RFC 2822 `Tue, 05 Jan 2019 10:00:00 +0000`, AP `Jan. 5, 2019`, `… UTC`, `1/5/2019`), read by
    python-dateutil. None when it names no year and month (`Monday`, `10:00`) or is no date at all."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _parsed(str(value).strip())


@lru_cache(maxsize=4096)  # a findings table repeats its stories' dates row after row
def _parsed(text: str) -> date | None:
    from dateutil import parser

    # Read twice with different defaults: a field the text lacks shows as a difference. Dotted
    # numeric dates (05.01.2019) are day first wherever they are written; slashed ones month first.
    dayfirst = bool(_DOTTED.match(text))
    try:
        a, b = (parser.parse(text, default=d, dayfirst=dayfirst) for d in _DEFAULTS)
    except (ValueError, ArithmeticError):  # ParserError is a ValueError; a huge number overflows
        return None  # (OverflowError) or fails in decimal (InvalidOperation): both ArithmeticError
    if (a.year, a.month) != (b.year, b.month):
        return None
    return a.date() if a.day == b.day else a.date().replace(day=1)  # `January 2019`: the month is enough


_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b")


def tally(stories_path: Path, findings_path: Path) -> Facts:
    import heapq

    import pyarrow.parquet as pq

    facts = Facts()
    names = pq.read_schema(stories_path).names
    facts.date_column = _column(names, DATE_COLUMNS)
    facts.desk_column = _column(names, DESK_COLUMNS)
    dc, kc = facts.date_column, facts.desk_column
    top: list[tuple] = []
    file = pq.ParquetFile(stories_path)
    for batch in file.iter_batches(batch_size=20_000):
        for i, s in enumerate(batch.to_pylist()):
            facts.status[s["status"]] += 1
            if s["status"] == "error" and len(facts.errors) < 20:
                facts.errors.append((s["id"], (s["error"] or "").splitlines()[0]))
            if s["status"] != "ok" and not s["findings"]:
                continue
            words = s["words"] or 0
            facts.words += words
            day = when(s.get(dc)) if dc else None
            if dc and day is None:
                facts.undated += 1
                facts.undated_words += words
                value = s.get(dc)
                if value not in (None, "") and len(facts.undated_seen) < 3 and str(value) not in facts.undated_seen:
                    facts.undated_seen.append(str(value))
            desk = _desk(s.get(kc)) if kc else None
            kinds = Counter({k: s[f"sources_{k}"] or 0 for k in KINDS})
            if any(s[f"sources_{k}"] is not None for k in KINDS):
                facts.counted_kinds = True
            facts.kinds.update(kinds)
            if desk:
                facts.words_desk[desk] += words
                facts.kinds_desk[desk].update(kinds)
            if day:
                facts.words_when[day] += words
                facts.kinds_when[day].update(kinds)
            item = (s["findings"], -(s["row"] or 0), s["id"], s["source"], s["row"], words, desk, day)
            if len(top) < TOP_STORIES:
                heapq.heappush(top, item)
            elif item > top[0]:
                heapq.heapreplace(top, item)
    wanted = {(t[3], t[4], t[2]): n for n, t in enumerate(sorted(top, reverse=True)) if t[0]}
    facts.top = [{"findings": t[0], "id": t[2], "source": t[3], "row": t[4], "words": t[5], "desk": t[6], "date": t[7],
                  "rows": []} for t in sorted(top, reverse=True) if t[0]]
    for batch in pq.ParquetFile(findings_path).iter_batches(batch_size=50_000):
        for f in batch.to_pylist():
            facts.findings += 1
            rule = f["rule"]
            facts.by_rule[rule] += 1
            facts.severity.setdefault(rule, f["severity"])
            if kc and (desk := _desk(f.get(kc))):
                facts.rule_desk[rule][desk] += 1
            if dc and (day := when(f.get(dc))):
                facts.rule_when[rule][day] += 1
            n = wanted.get((f["source"], f["row"], f["id"]))
            if n is not None:
                facts.top[n]["rows"].append(f)
    # Months over a few years, years over more.
    days = sorted(facts.words_when)
    facts.span = "month" if days and (days[-1] - days[0]).days <= 4 * 366 else "year"
    bucket = (lambda d: d.strftime("%Y-%m")) if facts.span == "month" else (lambda d: str(d.year))
    facts.words_when = _bucketed(facts.words_when, bucket)
    # A month or year with a handful of stories would swing the lines: it is left out, and said so.
    facts.thin = sorted(b for b, n in facts.words_when.items() if n < MIN_WORDS)
    facts.words_when = Counter({b: n for b, n in facts.words_when.items() if n >= MIN_WORDS})
    facts.kinds_when = {b: c for b, c in _bucket_counters(facts.kinds_when, bucket).items() if b in facts.words_when}
    facts.rule_when = {r: _bucketed(c, bucket) for r, c in facts.rule_when.items()}
    return facts


def _desk(value) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()


def _bucketed(counts: Counter, bucket) -> Counter:
    out = Counter()
    for d, n in counts.items():
        out[bucket(d)] += n
    return out


def _bucket_counters(counters: dict, bucket) -> dict:
    out: dict[str, Counter] = defaultdict(Counter)
    for d, c in counters.items():
        out[bucket(d)].update(c)
    return out


# -- SVG ----------------------------------------------------------------------------------------------

e = html.escape
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg class="chart" role="img" aria-label="{e(label)}" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" {FONT} font-size="12">' + "".join(body) + "</svg>")


def _axis(v: float) -> tuple[float, int]:
    """A round axis maximum at or above v, and how many equal steps of a round size reach it."""
    import math

    if v <= 0:
        return 1, 4
    base = 10 ** math.floor(math.log10(v / 4))
    step = next(m * base for m in (1, 2, 2.5, 5, 10) if 4 * m * base >= v)
    steps = math.ceil(v / step - 1e-9)
    return step * steps, steps


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}" if v >= 10 else f"{v:,.2f}"


def hbars(rows: list[tuple[str, float, str, str]], unit: str, label: str, left: int = 230) -> str:
    """Horizontal bars: (label, value, colour, tooltip) per row."""
    width, bar, gap = 860, 18, 6
    height = 30 + len(rows) * (bar + gap)
    top, steps = _axis(max((r[1] for r in rows), default=1))
    scale = (width - left - 70) / top
    body = []
    for i in range(steps + 1):
        x = left + (width - left - 70) * i / steps
        body.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 6}" stroke="#e5e5e5"/>')
        body.append(f'<text x="{x:.1f}" y="12" text-anchor="middle" fill="#666">{_fmt(top * i / steps)}</text>')
    for n, (name, value, colour, tip) in enumerate(rows):
        y = 24 + n * (bar + gap)
        body.append(f'<text x="{left - 8}" y="{y + bar - 5}" text-anchor="end">{e(name)}</text>')
        body.append(f'<rect class="bar" x="{left}" y="{y}" width="{max(value * scale, 1):.1f}" height="{bar}" fill="{colour}">'
                    f"<title>{e(tip)}</title></rect>")
        body.append(f'<text x="{left + value * scale + 6:.1f}" y="{y + bar - 5}" fill="#333">{_fmt(value)}</text>')
    body.append(f'<text x="{width - 4}" y="{height - 2}" text-anchor="end" fill="#666" font-size="11">{e(unit)}</text>')
    return _svg(width, height, body, label)


def lines(buckets: list[str], series: list[tuple[str, list[float | None]]], unit: str, label: str) -> str:
    width, height, left, right, top_, bottom = 860, 300, 56, 180, 16, 40
    top, steps = _axis(max((v for _, vs in series for v in vs if v is not None), default=1))
    w, h = width - left - right, height - top_ - bottom
    x = (lambda i: left + (w * i / (len(buckets) - 1) if len(buckets) > 1 else w / 2))
    y = (lambda v: top_ + h - h * v / top)
    body = []
    for i in range(steps + 1):
        yy = y(top * i / steps)
        body.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + w}" y2="{yy:.1f}" stroke="#e5e5e5"/>')
        body.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#666">{_fmt(top * i / steps)}</text>')
    every = max(1, len(buckets) // 12)
    for i, b in enumerate(buckets):
        if i % every == 0:
            body.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#666">{e(b)}</text>')
    for n, (name, values) in enumerate(series):
        colour = SERIES[n % len(SERIES)]
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            body.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" points="'
                        + " ".join(f"{a:.1f},{b:.1f}" for a, b in points) + f'"><title>{e(name)}</title></polyline>')
        for i, v in enumerate(values):
            if v is not None:
                body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"><title>{e(name)} '
                            f"{e(buckets[i])}: {_fmt(v)}</title></circle>")
        body.append(f'<rect x="{left + w + 14}" y="{top_ + n * 20}" width="12" height="12" fill="{colour}"/>'
                    f'<text x="{left + w + 32}" y="{top_ + n * 20 + 10}">{e(name)}</text>')
    body.append(f'<text x="{left}" y="{height - 4}" fill="#666" font-size="11">{e(unit)}</text>')
    return _svg(width, height, body, label)


def heatmap(rows: list[str], cols: list[str], value, label: str) -> str:
    """value(row, col) -> float | None; darker is more."""
    cell_w, cell_h, left, top_ = max(46, min(80, 620 // max(1, len(cols)))), 22, 230, 110
    width, height = left + cell_w * len(cols) + 10, top_ + cell_h * len(rows) + 10
    values = [value(r, c) for r in rows for c in cols]
    peak = max((v for v in values if v), default=1)
    body = []
    for j, c in enumerate(cols):
        cx = left + j * cell_w + cell_w / 2
        body.append(f'<text transform="translate({cx:.1f},{top_ - 6}) rotate(-40)" fill="#333">{e(c[:24])}</text>')
    for i, r in enumerate(rows):
        yy = top_ + i * cell_h
        body.append(f'<text x="{left - 8}" y="{yy + 15}" text-anchor="end">{e(r)}</text>')
        for j, c in enumerate(cols):
            v = value(r, c)
            share = (v or 0) / peak
            fill = f"rgb({int(255 - 200 * share)},{int(255 - 140 * share)},{int(255 - 60 * share)})"
            body.append(f'<rect class="cell" x="{left + j * cell_w}" y="{yy}" width="{cell_w - 2}" height="{cell_h - 2}" '
                        f'fill="{fill}"><title>{e(r)} · {e(c)}: {"" if v is None else _fmt(v)}</title></rect>')
            if v is not None:
                body.append(f'<text x="{left + j * cell_w + cell_w / 2 - 1:.1f}" y="{yy + 15}" text-anchor="middle" '
                            f'fill="{"#fff" if share > 0.6 else "#222"}" font-size="11">{_fmt(v)}</text>')
    return _svg(width, height, body, label)


def stacked(rows: list[tuple[str, dict[str, float]]], keys: list[str], colours: dict, names: dict, label: str,
            share: bool = True) -> str:
    """One bar per row, split by key; shares of 100 % when `share`."""
    width, bar, gap, left = 860, 20, 8, 230
    legend = 24 * ((len(keys) + 3) // 4)
    height = 12 + legend + len(rows) * (bar + gap)
    body = []
    for n, k in enumerate(keys):
        lx, ly = left + (n % 4) * 155, 4 + (n // 4) * 24
        body.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colours[k]}" stroke="#999" stroke-width=".5"/>'
                    f'<text x="{lx + 16}" y="{ly + 10}" font-size="11">{e(names[k])}</text>')
    widest = max((sum(v.values()) for _, v in rows), default=1) or 1
    for i, (name, values) in enumerate(rows):
        y = 8 + legend + i * (bar + gap)
        total = sum(values.values()) or 1
        body.append(f'<text x="{left - 8}" y="{y + bar - 6}" text-anchor="end">{e(name)}</text>')
        x = float(left)
        span = width - left - 20
        for k in keys:
            v = values.get(k, 0)
            w = span * (v / total if share else v / widest)
            if w <= 0:
                continue
            pct = 100 * v / total
            body.append(f'<rect class="seg" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colours[k]}">'
                        f"<title>{e(name)}: {e(names[k])} {v:,.0f} ({pct:.0f} %)</title></rect>")
            if w > 34:
                body.append(f'<text x="{x + w / 2:.1f}" y="{y + bar - 6}" text-anchor="middle" font-size="11">'
                            f'{(f"{pct:.0f} %" if share else f"{v:,.0f}")}</text>')
            x += w
    return _svg(width, height, body, label)


# -- the page ----------------------------------------------------------------------------------------

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:940px;margin:2em auto;padding:0 1em}
h1{font-size:1.7em;margin-bottom:.2em} h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.lede{color:#555} .figures{display:flex;gap:1.5em;flex-wrap:wrap;margin:1em 0}
.figure{background:#f6f6f6;border-radius:6px;padding:.5em 1em} .figure b{display:block;font-size:1.5em}
.note{color:#666;font-size:.9em} table{border-collapse:collapse;width:100%;font-size:.92em}
td,th{border-bottom:1px solid #eee;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#fafafa} td.n{text-align:right;font-variant-numeric:tabular-nums}
details{margin:.4em 0} summary{cursor:pointer} code{background:#f3f3f3;padding:0 .2em}
.sev-error{color:#b2182b}.sev-warning{color:#e08214}.sev-info{color:#4393c3}.sev-hint{color:#999}
svg.chart{max-width:100%;height:auto;display:block;margin:.5em 0}
"""

CHECK = """
// Marks the page as drawn: how many charts have a laid-out size (read by the tests in headless Chromium).
addEventListener("load", () => {
  const charts = [...document.querySelectorAll("svg.chart")];
  document.documentElement.dataset.charts = charts.length;
  document.documentElement.dataset.drawn = charts.filter(c => c.getBoundingClientRect().width > 100).length;
});
"""


def render(facts: Facts, clusters, summary, options) -> str:
    from copydesk.rules import registry

    rules = registry()
    words = facts.words or 1
    per = lambda n, w: 1000 * n / w if w else None  # noqa: E731
    out: list[str] = []
    add = out.append
    ok, skipped, failed = (facts.status.get(k, 0) for k in ("ok", "skipped", "error"))
    add(f"<h1>Archive audit</h1><p class=lede>{', '.join(e(s) for s in options.sources)} · "
        f"{datetime.now().strftime('%d %B %Y')} · copydesk</p>")
    add('<div class=figures>' + "".join(
        f'<div class=figure><b>{v}</b>{e(k)}</div>' for k, v in [
            ("stories", f"{sum(facts.status.values()):,}"), ("words", f"{facts.words:,}"),
            ("findings", f"{facts.findings:,}"), ("per 1,000 words", _fmt(1000 * facts.findings / words)),
            ("could not be read", f"{failed:,}")]) + "</div>")
    if skipped or failed or summary.failed:
        add(f"<p class=note>{ok:,} stories linted, {skipped:,} skipped (no text), {failed:,} with an error "
            "(listed at the end)." + (f" <b>{len(summary.failed)} partitions could not be read; the audit is "
                                       "incomplete: run it again to retry them.</b>" if summary.failed else "") + "</p>")

    add("<h2 id=rules>Findings per 1,000 words, by rule</h2>")
    add("<p class=note>How often each rule fires across the archive, relative to its length. Hover a bar for the "
        "rule's description; the colour is its severity.</p>")
    ranked = facts.by_rule.most_common()
    add(hbars([(r, per(n, words), SEVERITY_COLOUR.get(facts.severity.get(r, ""), "#999"),
                f"{r}: {n:,} findings. {rules[r].summary() if r in rules else ''}") for r, n in ranked],
              "findings per 1,000 words", "Findings per 1,000 words by rule") if ranked else "<p>No findings.</p>")
    if ranked:
        add('<p class=note>' + " ".join(f'<span class="sev-{s}">■ {s}</span>' for s in SEVERITY_COLOUR) + "</p>")

    if facts.date_column and (len(facts.words_when) > 1 or facts.undated):
        add("<h2 id=time>Over time</h2>")
    if facts.date_column and len(facts.words_when) > 1:
        buckets = sorted(facts.words_when)
        add(f"<p class=note>Findings per 1,000 words by {facts.span} (from the "
            f"<code>{e(facts.date_column)}</code> column), for all rules and for the {TOP_RULES_OVER_TIME} most frequent.</p>")
        series = [("all rules", [per(sum(facts.rule_when[r].get(b, 0) for r in facts.rule_when), facts.words_when[b])
                                 for b in buckets])]
        for r, _ in ranked[:TOP_RULES_OVER_TIME]:
            series.append((r, [per(facts.rule_when.get(r, Counter()).get(b, 0), facts.words_when[b]) for b in buckets]))
        add(lines(buckets, series, f"findings per 1,000 words, by {facts.span}", "Findings over time"))
        add('<p class=note>Words audited per ' + facts.span + ": " + ", ".join(
            f"{b} {facts.words_when[b]:,}" for b in buckets[:60]) + ("…" if len(buckets) > 60 else "") + "."
            + (f" Left out, with fewer than {MIN_WORDS:,} words: {', '.join(facts.thin[:20])}." if facts.thin else "")
            + "</p>")
    if facts.date_column and facts.undated:
        seen = ", ".join(f"<code>{e(v[:40])}</code>" for v in facts.undated_seen)
        add(f"<p class=note id=undated>Undated: {facts.undated:,} stories ({facts.undated_words:,} words) have no "
            f"date that can be read in the <code>{e(facts.date_column)}</code> column"
            + (f" (such as {seen})" if seen else "") + ". They count in every other figure, not in this one.</p>")

    desks = [d for d, _ in facts.words_desk.most_common(MAX_DESKS)]
    if facts.desk_column and len(desks) > 1:
        add(f"<h2 id=desks>By desk</h2><p class=note>Findings per 1,000 words for each rule (rows) and each value of "
            f"<code>{e(facts.desk_column)}</code> (columns, the {len(desks)} with the most words). Darker is more.</p>")
        add(heatmap([r for r, _ in ranked[:16]], desks,
                    lambda r, d: per(facts.rule_desk.get(r, Counter()).get(d, 0), facts.words_desk[d]),
                    "Findings per 1,000 words by rule and desk"))

    add("<h2 id=sources>Who the stories quote</h2>")
    if facts.counted_kinds and sum(facts.kinds.values()):
        add("<p class=note>Every attribution copydesk's attribution model reads (a speech or cognition verb such as "
            "<i>said</i>, <i>told</i>, <i>believes</i>, or <i>according to</i>) in the paragraphs that contain one, by "
            "who the source is. Named and anonymous are as the model reads the source's words: <i>officials said</i> is "
            "anonymous, <i>critics say</i> vague, <i>the ministry said</i> an organisation. It is a reading by a "
            "parser, not a hand count: expect some sources to be misread.</p>")
        rows = [("whole archive", facts.kinds)]
        rows += [(d, facts.kinds_desk[d]) for d in desks if facts.desk_column and len(desks) > 1]
        if facts.date_column and len(facts.kinds_when) > 1:
            rows += [(b, facts.kinds_when[b]) for b in sorted(facts.kinds_when)[-24:]]
        add(stacked(rows, list(KINDS), KIND_COLOUR, KIND_LABEL, "Attributions by kind of source"))
        named = facts.kinds["person"] + facts.kinds["organisation"] + facts.kinds["group"]
        anon = facts.kinds["anonymous"] + facts.kinds["vague"]
        add(f"<p class=note>{sum(facts.kinds.values()):,} attributions: {named:,} to a named person, organisation or "
            f"group; {anon:,} to an anonymous or vague source ({100 * anon / max(1, named + anon):.0f} % of those two).</p>")
    else:
        add("<p>Not counted: the spaCy model in use cannot parse (see the notes).</p>")

    add(f"<h2 id=top>The stories with the most findings</h2><p class=note>The {len(facts.top)} stories with the most "
        "findings; each links to its rows (as in findings.parquet) further down.</p>")
    if facts.top:
        head = "<tr><th>#</th><th>story</th>" + ("<th>desk</th>" if facts.desk_column else "") + \
               ("<th>date</th>" if facts.date_column else "") + "<th>words</th><th>findings</th><th>per 1,000</th><th>most</th></tr>"
        body = []
        for n, t in enumerate(facts.top, 1):
            common = Counter(f["rule"] for f in t["rows"]).most_common(2)
            body.append(f'<tr><td class=n>{n}</td><td><a href="#story-{n}">{e(t["id"])}</a></td>'
                        + (f"<td>{e(t['desk'] or '')}</td>" if facts.desk_column else "")
                        + (f"<td>{t['date'] or 'undated'}</td>" if facts.date_column else "")
                        + f"<td class=n>{t['words']:,}</td><td class=n>{t['findings']:,}</td>"
                        f"<td class=n>{_fmt(per(t['findings'], t['words']) or 0)}</td>"
                        f"<td>{e(', '.join(f'{r} {k}' for r, k in common))}</td></tr>")
        add(f"<table>{head}{''.join(body)}</table>")

    add("<h2 id=names>Names spelled more than one way</h2>")
    if clusters:
        shown = clusters[:20]
        add(f"<p class=note>The {len(shown)} most mentioned of {len(clusters)} names the archive spells in more than one "
            "way (mentions of each spelling; the majority spelling first). gazetteer.toml has them all as ready-to-paste "
            "<code>[gazetteer]</code> entries.</p>")
        add(_clusters_chart(shown))
    else:
        add("<p>None found.</p>")

    add("<h2 id=rows>Findings in the top stories</h2>")
    for n, t in enumerate(facts.top, 1):
        add(f'<details id="story-{n}"><summary><b>{n}. {e(t["id"])}</b> · {t["findings"]:,} findings · '
            f'{e(t["source"])}{" row " + str(t["row"]) if t["row"] else ""}</summary><table><tr><th>line:col</th><th>rule</th>'
            "<th>flagged</th><th>message</th></tr>")
        for f in t["rows"]:
            add(f'<tr><td>{f["line"]}:{f["column"]}</td><td class="sev-{e(f["severity"])}">{e(f["rule"])}</td>'
                f'<td>{e(f["excerpt"] or "")}</td><td>{e(f["message"])}</td></tr>')
        add("</table></details>")

    if facts.errors or summary.failed:
        add("<h2 id=errors>Stories that could not be audited</h2><ul>")
        for ident, error in facts.errors:
            add(f"<li><code>{e(ident)}</code>: {e(error)}</li>")
        if failed > len(facts.errors):
            add(f"<li>… and {failed - len(facts.errors):,} more (status <code>error</code> in stories.parquet)</li>")
        for msg in summary.failed:
            add(f"<li>{e(msg)}</li>")
        add("</ul>")
    notes = sorted(summary.notes)
    add("<h2 id=how>How this was made</h2><p class=note>"
        f"<code>copydesk audit</code> on {summary.workers} Dask workers, {summary.partitions:,} partitions "
        f"({summary.computed:,} computed in this run). Each story was linted as <code>copydesk lint</code> lints a file; "
        "findings.parquet has one row per finding and stories.parquet one row per story, with the stories' metadata."
        + "".join(f"<br>Note: {e(n)}" for n in notes) + "</p>")
    return (f'<!doctype html><html lang=en><head><meta charset=utf-8><title>Archive audit · copydesk</title>'
            f'<meta name=viewport content="width=device-width, initial-scale=1"><style>{CSS}</style></head><body>'
            + "\n".join(out) + f"<script>{CHECK}</script></body></html>\n")


def _clusters_chart(clusters) -> str:
    """One bar per name: a segment per spelling, the majority first, each labelled."""
    width, bar, gap, left = 860, 22, 8, 200
    height = 10 + len(clusters) * (bar + gap)
    widest = max(c.mentions for c in clusters)
    span = width - left - 20
    shade = ["#2166ac", "#f4a582", "#d6604d", "#b2182b", "#fddbc7", "#92c5de", "#878787", "#bababa"]
    body = []
    for i, c in enumerate(clusters):
        y = 6 + i * (bar + gap)
        body.append(f'<text x="{left - 8}" y="{y + bar - 7}" text-anchor="end" font-weight="600">{e(c.preferred)}</text>')
        x = float(left)
        for n, s in enumerate([c.preferred, *c.variants, *c.bare]):
            v = c.counts[s]
            w = span * v / widest
            body.append(f'<rect class="seg" x="{x:.1f}" y="{y}" width="{max(w, 1):.1f}" height="{bar}" '
                        f'fill="{shade[n % len(shade)]}" stroke="#fff"><title>{e(s)}: {v:,} mentions in '
                        f"{c.stories[s]:,} stories</title></rect>")
            text = f"{s} {v:,}"
            if w > 7 * len(text):
                body.append(f'<text x="{x + 4:.1f}" y="{y + bar - 7}" font-size="11" fill="{"#fff" if n == 0 else "#222"}">'
                            f"{e(text)}</text>")
            x += w
        rest = [s for s in [*c.variants, *c.bare] if span * c.counts[s] / widest <= 7 * len(f"{s} {c.counts[s]:,}")]
        if rest:
            room = int((width - x - 10) / 6.2)  # characters that fit after the bar
            text = ", ".join(f"{s} {c.counts[s]:,}" for s in rest)
            text = text if len(text) <= room else text[: max(room - 1, 0)].rsplit(",", 1)[0] + " …"
            body.append(f'<text x="{x + 6:.1f}" y="{y + bar - 7}" font-size="11" fill="#555">{e(text)}</text>')
    return _svg(width, height, body, "Names spelled more than one way")
