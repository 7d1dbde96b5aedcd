"""The pure core: text + config → findings. No I/O, no protocol; used by the CLI and the server."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

# nlp first: importing it sets the BLAS thread count, which must happen before anything imports numpy
from copydesk import nlp  # noqa: F401  isort: skip
from copydesk import markup, suppress
from copydesk.config import Config, ConfigError
from copydesk.rules import GROUPS, declared, registry
from copydesk.rules.api import Document, Finding, Paragraph, Rule, Severity

log = logging.getLogger("copydesk")


@dataclass
class Report:
    """Everything one lint run found out."""

    findings: list[Finding]
    skipped: list[str] = field(default_factory=list)  # rules the loaded pipeline cannot serve
    errors: list[str] = field(default_factory=list)  # rules that failed on this text
    warnings: list[str] = field(default_factory=list)
    unused: list[Finding] = field(default_factory=list)  # suppressions that silenced nothing (copydesk.suppress)
    paragraphs: list[Paragraph] = field(default_factory=list)  # with the spaCy docs the rules asked for


def lint(text: str, config: Config | None = None, *, path: str | None = None, kind: str | None = None) -> list[Finding]:
    """Findings for `text`, sorted by position. `path` picks the markup and per-file overrides."""
    return analyse(text, config, path=path, kind=kind).findings


def known_rules(config: Config) -> dict[str, type[Rule]]:
    """The built-in rules and the house rules the config declares, by name."""
    return {**registry(), **declared(config.house_rules, registry())}


def rules_for(config: Config) -> list[Rule]:
    """The enabled rules, with their severities from config. Raises ConfigError for unknown names."""
    known = known_rules(config)
    where = str(config.path or "settings")
    selected = expand(config.select, "select", where, known)
    selected |= expand(config.extend_select, "extend_select", where, known)
    selected -= expand(config.ignore, "ignore", where, known)
    rules = []
    for name, level in config.severity.items():
        if name not in known:
            raise ConfigError(f"{config.path or 'settings'}: unknown rule {name!r} in 'severity'")
    for name in sorted(selected):
        level = config.severity.get(name)
        if level == "off":
            continue
        rules.append(known[name](Severity.parse(level) if level else None, config.rules.get(name)))
    return rules


def expand(names: list[str], key: str, where: str, known: dict[str, type[Rule]] | None = None) -> set[str]:
    """Rule names for a list of names, groups and "all"; ConfigError naming `where` and `key`.
    `known` adds the config's declared rules to the built-in ones."""
    known = known or registry()
    out: set[str] = set()
    for name in names:
        if name.lower() == "all":
            out |= set(known)
        elif name in GROUPS:
            out |= {n for n, r in known.items() if r.group == name}
        elif name in known:
            out.add(name)
        else:
            raise ConfigError(f"{where}: unknown rule or group {name!r} in {key!r}")
    return out


def analyse(
    text: str, config: Config | None = None, *, path: str | None = None, kind: str | None = None
) -> Report:
    config = (config or Config()).for_path(path)
    rules = rules_for(config)
    kind = kind or markup.kind_of(path)
    directives = suppress.parse(text, kind)
    paragraphs = markup.paragraphs(suppress.blank(text, directives), kind)
    report = Report([], paragraphs=paragraphs)
    document = Document(text, paragraphs, dict(config.house), config.gazetteer, config.rules)

    nlp_rules = [r for r in rules if r.needs - {"text"}]
    if nlp_rules:
        wanted = []
        for rule in list(rules):
            try:
                rule.prepare(document)
                if rule.needs - {"text"}:
                    wanted.append((rule, rule.select(paragraphs)))
            except Exception as exc:  # a rule that cannot plan its NLP is dropped; the others go on
                _failed(report, rule, exc)
                rules.remove(rule)
    if nlp_rules and any(any(chosen) for _, chosen in wanted):
        # spaCy (2 s to import and load) only once some paragraph needs it.
        from copydesk.nlp import pipeline

        nlp = pipeline(config.model)
        if nlp.warning:
            report.warnings.append(nlp.warning)
        report.skipped = [rule.name for rule in rules if not rule.needs <= nlp.available]
        rules = [rule for rule in rules if rule.needs <= nlp.available]
        wanted = [(rule, chosen) for rule, chosen in wanted if rule.needs <= nlp.available]
        # Each paragraph gets the components that the rules wanting it need, and no more.
        needs: list[set[str]] = [set() for _ in paragraphs]
        for rule, chosen in wanted:
            for i, yes in enumerate(chosen):
                if yes:
                    needs[i] |= rule.needs
        _parse(nlp, paragraphs, needs)

    findings: set[Finding] = set()
    for rule in rules:
        try:
            findings.update(list(rule.check(document)))  # all of a rule's findings or none
        except Exception as exc:  # one broken rule must not take the others down
            _failed(report, rule, exc)
    report.findings, report.unused = suppress.apply(sorted(findings), directives, [r.name for r in rules])
    return report


def _parse(nlp, paragraphs: list, needs: list[set[str]]) -> None:
    """Parse each paragraph with the components its needs call for, batched by components."""
    groups: dict[frozenset[str], list] = defaultdict(list)
    for para, need in zip(paragraphs, needs):
        if need:
            groups[nlp.components(need | {"tokens"})].append(para)
    for components, paras in groups.items():
        for para, doc in zip(paras, nlp.parse([p.text for p in paras], components)):
            para.doc, para.components = doc, components


def read(
    text: str, needs: set[str], config: Config | None = None, *, want=None, path: str | None = None,
    kind: str | None = None,
) -> tuple[Document, list[str]]:
    """The story as the rules see it, its paragraphs parsed with `needs` where `want(paragraph
    text)` says so (all by default): for readings made outside the rules, such as the story's list
    of sources. Returns the document and the pipeline's warnings (a degraded model)."""
    from copydesk.nlp import pipeline

    config = (config or Config()).for_path(path)
    kind = kind or markup.kind_of(path)
    paragraphs = markup.paragraphs(suppress.blank(text, suppress.parse(text, kind)), kind)
    nlp = pipeline(config.model)
    _parse(nlp, paragraphs, [set(needs) if want is None or want(p.text) else set() for p in paragraphs])
    document = Document(text, paragraphs, dict(config.house), config.gazetteer, config.rules)
    return document, [nlp.warning] if nlp.warning else []


def _failed(report: Report, rule: Rule, exc: Exception) -> None:
    log.exception("rule %s failed", rule.name)
    report.errors.append(f"rule {rule.name} failed: {type(exc).__name__}: {exc}")
