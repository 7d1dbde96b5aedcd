"""A story's sources for the CLI (`copydesk sources`) and the editor's outline: the engine's parse
and the analysis layer's reading, as plain data with file offsets."""

from __future__ import annotations

from dataclasses import asdict

from copydesk import engine
from copydesk.config import Config
from copydesk.rules.analysis.sources import Source, story_sources, summary

NEEDS = {"parser", "ner"}


def sources(text: str, config: Config | None = None, *, path: str | None = None,
            kind: str | None = None) -> tuple[list[dict], list[str], str]:
    """The story's sources as dicts (kind, speaker, quote, cue/source/content as {start, end,
    text} or None, paragraph, verb, second_hand), warnings (a model without a parser can list
    none), and the summary line."""
    with engine.read(text, NEEDS, config, path=path, kind=kind) as (doc, warnings):
        if warnings and not all(p.has("parser") for p in doc.paragraphs if p.doc is not None):
            return [], [*warnings, "cannot list sources without spaCy's parser"], summary_line([])
        listed = story_sources(doc)
    out = []
    for s in listed:
        row = asdict(s)
        for key in ("cue", "source", "content"):
            if row[key]:
                start, end = row[key]
                row[key] = {"start": start, "end": end, "text": text[start:end]}
        out.append(row)
    return out, warnings, summary_line(listed)


def summary_line(listed: list[Source]) -> str:
    counts = summary(listed)
    return (f"{counts['sources']} attributions: {counts['named']} named, {counts['anonymous']} anonymous, "
            f"{counts['vague']} vague, {counts['unresolved pronouns']} pronouns with nobody named; "
            f"{counts['quotes']} quoted, {counts['paraphrases']} paraphrased")
