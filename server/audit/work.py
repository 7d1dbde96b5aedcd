"""What a worker does with one partition: read each story as `copydesk lint` would, lint it with
the engine, count its sources and names, and hand back Arrow tables. A story that fails is a row
with its error; only a partition whose source cannot be read fails as a whole (and is retried)."""

from __future__ import annotations

import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copydesk.audit.sources import Columns, Part, Story, stories
from copydesk.config import ConfigError
from copydesk.files import InputError, decode, read

#: Who the attribution model says is speaking (rules/analysis/attribution.py), in the report's order.
KINDS = ("person", "organisation", "group", "pronoun", "anonymous", "vague", "unknown", "none")
#: Characters of flagged text kept with a finding, so the report can quote it.
EXCERPT = 160

STORY_FIELDS = {
    "id": "string", "source": "string", "row": "int64", "status": "string", "error": "string",
    "words": "int64", "findings": "int64", **{f"sources_{k}": "int64" for k in KINDS},
}
FINDING_FIELDS = {
    "id": "string", "source": "string", "row": "int64", "rule": "string", "severity": "string",
    "start": "int64", "end": "int64", "line": "int64", "column": "int64", "end_line": "int64",
    "end_column": "int64", "message": "string", "excerpt": "string",
}


@dataclass(frozen=True)
class Settings:
    """What every worker needs; picklable."""

    config: str | None = None  # --config, else each story's nearest config (a table's: its file's)
    overrides: dict = field(default_factory=dict)  # --select/--ignore
    columns: Columns = Columns()


class Auditor:
    """Audits stories under `settings`, remembering each folder's config (one per worker)."""

    def __init__(self, settings: Settings):
        from copydesk.batch import Linter, Options

        self.settings = settings
        # `copydesk lint`'s own config lookup: --config, else the nearest config, with --select/--ignore.
        self.linter = Linter(Options(config=Path(settings.config) if settings.config else None,
                                     overrides=settings.overrides))
        self.notes: set[str] = set()

    def story(self, story: Story) -> tuple[dict, list[dict], list[str]]:
        """The story's row, its findings' rows and its paragraphs' texts (for the names)."""
        row: dict[str, Any] = {"id": story.id, "source": story.source, "row": story.row, "status": "ok",
                               "error": None, "words": 0, "findings": 0}
        try:
            return self._story(story, row)
        except InputError as exc:
            row.update(status="error", error=str(exc))
        except ConfigError as exc:
            row.update(status="error", error=f"{story.id}: not linted (config error: {exc})")
        except Exception as exc:  # a bug must cost one story, not the partition
            row.update(status="error", error=f"{story.id}: internal error: {type(exc).__name__}: {exc}\n"
                                             f"{traceback.format_exc()}")
        return row, [], []

    def load(self, story: Story):
        """The story's text (None when it has none), its config and the path that picks its markup
        and per-file overrides (None for a table's story). Raises InputError or ConfigError."""
        if story.error:
            raise InputError(story.error)
        tabled = story.row is not None
        cfg = self.linter.config_for(Path(story.source).resolve().parent)
        if tabled:
            return _text(story, cfg.max_file_size), cfg, None
        return read(story.source, cfg.max_file_size), cfg, story.source

    def _story(self, story: Story, row: dict) -> tuple[dict, list[dict], list[str]]:
        from copydesk.engine import analyse
        from copydesk.output import FileResult

        text, cfg, path = self.load(story)
        if text is None or not text.strip():
            row.update(status="skipped", error="no text")
            return row, [], []
        report = analyse(text, cfg, path=path)
        self.notes.update(report.warnings)
        if report.skipped:
            self.notes.add(f"skipped, the model cannot serve what they need: {', '.join(report.skipped)}")
        findings = []
        for f in FileResult(story.id, text, report.findings).finding_dicts():
            excerpt = text[f["start"] : f["end"]]
            findings.append({k: f[k] for k in FINDING_FIELDS if k in f} | {
                "id": story.id, "source": story.source, "row": story.row,
                "excerpt": excerpt if len(excerpt) <= EXCERPT else excerpt[: EXCERPT - 1] + "…",
            })
        row.update(words=len(text.split()), findings=len(findings))
        if report.errors:
            row.update(status="error", error="; ".join(map(str, report.errors)))
        kinds = source_kinds(report.paragraphs, cfg.model)
        for kind in KINDS:
            row[f"sources_{kind}"] = None if kinds is None else kinds[kind]
        return row, findings, prose(text, path)


def prose(text: str, path: str | None) -> list[str]:
    """The story's paragraphs as the engine splits them (by markup), for the names."""
    from copydesk import markup

    return [p.text for p in markup.paragraphs(text, markup.kind_of(path))]


def _text(story: Story, limit: int) -> str | None:
    """A table's text value checked as a file's bytes are: a string, within max_file_size, no NULs."""
    value = story.text
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{story.id}: the text is {type(value).__name__}, not a string")
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{story.id}: not UTF-8 text ({exc.reason} at character {exc.start})") from None
    return decode(data, story.id, limit)


def source_kinds(paragraphs, model: str) -> Counter | None:
    """How many attributions of each kind the attribution model reads in the story's paragraphs
    with a speech or cognition cue (its cheap test): those the rules did not parse are parsed here.
    None when the model cannot parse."""
    from copydesk.rules.analysis.attribution import CUE_WORDS, read as reading

    cued = [p for p in paragraphs if CUE_WORDS.search(p.text)]
    if not cued:
        return Counter()
    from copydesk import engine
    from copydesk.nlp import pipeline

    nlp = pipeline(model)
    if "parser" not in nlp.available:
        return None
    engine.parse(nlp, cued, [set() if p.has("parser") else {"parser"} for p in cued])
    return Counter(a.kind for p in cued for a in reading(p).attributions)


# -- the tasks ------------------------------------------------------------------------------------

_auditors: dict[str, Auditor] = {}


def _auditor(settings: Settings) -> Auditor:
    """This worker's auditor for these settings (its configs are cached across partitions)."""
    key = repr(settings)
    if key not in _auditors:
        _auditors.clear()
        _auditors[key] = Auditor(settings)
    return _auditors[key]


def audit(part: Part, settings: Settings) -> dict:
    """One partition: {"stories", "findings": Arrow tables, "names": spelling counts, "notes"}."""
    from copydesk.audit import gazetteer

    auditor = _auditor(settings)
    rows, found, metas, where = [], [], [], []
    names: dict[str, list[int]] = {}  # spelling: [mentions, stories, lower-case uses]
    for story in stories(part, settings.columns):
        row, findings, paragraphs = auditor.story(story)
        rows.append(row)
        metas.append(story.meta)
        found.extend(findings)
        where.extend([len(rows) - 1] * len(findings))
        for spelling, (n, lower) in gazetteer.spellings(paragraphs).items():
            counts = names.setdefault(spelling, [0, 0, 0])
            counts[0] += n
            counts[1] += 1
            counts[2] += lower
    return {
        "stories": table(rows, STORY_FIELDS, metas),
        "findings": table(found, FINDING_FIELDS, [metas[i] for i in where]),
        "names": names,
        "notes": sorted(auditor.notes),
    }


def table(rows: list[dict], fields: dict[str, str], metas: list[dict]):
    """An Arrow table of the fixed fields, typed, then the metadata columns (a name the fixed
    fields already use gets a meta_ prefix)."""
    import pyarrow as pa

    columns = {name: pa.array([r.get(name) for r in rows], type=kind) for name, kind in fields.items()}
    keys: dict[str, None] = {}
    for meta in metas:
        keys.update(dict.fromkeys(meta))
    for key in keys:
        name = f"meta_{key}" if key in fields else key
        values = [m.get(key) for m in metas]
        try:
            columns[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: keep them as text
            columns[name] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
    return pa.table(columns) if rows else pa.table({n: pa.array([], type=k) for n, k in fields.items()})


def confirm(part: Part, settings: Settings, wanted: dict[str, int]) -> list[tuple[str, str, int]]:
    """The names pass over one partition: [(spelling, kind, mentions)] for the wanted spellings
    (case-folded, with how many of their mentions to check here)."""
    from copydesk.audit import gazetteer

    auditor = _auditor(settings)

    def texts():
        for story in stories(part, settings.columns):
            try:
                text, cfg, path = auditor.load(story)
            except (InputError, ConfigError):
                continue  # recorded as an error by the first pass
            if text:
                yield prose(text, path), cfg.model

    found = gazetteer.evidence(texts(), Counter(wanted))
    return [(s, kind, n) for (s, kind), n in sorted(found.items())]
