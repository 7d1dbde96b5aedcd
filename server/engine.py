"""The pure core: text + config → findings. No I/O, no protocol; used by the CLI and the server."""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Generator, Iterator

# nlp first: importing it sets the BLAS thread count, which must happen before anything imports numpy
from copydesk import nlp  # noqa: F401  isort: skip
from copydesk import markup, suppress
from copydesk.config import Config, ConfigError, near
from copydesk.memo import Memo
from copydesk.rules import GROUPS, declared, registry
from copydesk.rules.api import Document, Finding, Paragraph, Rule, Severity

log = logging.getLogger("copydesk")

#: What rules found per paragraph, for every analysis in this process (copydesk.memo).
MEMO = Memo()


@dataclass(frozen=True)
class RuleFailure:
    """A rule that raised on a text: the others' findings stand, this one's are dropped."""

    rule: str
    error: str  # the exception, "TypeError: …"

    def __str__(self) -> str:
        return f"rule {self.rule} failed: {self.error}"


@dataclass
class Report:
    """Everything one lint run found out."""

    findings: list[Finding]
    skipped: list[str] = field(default_factory=list)  # rules the loaded pipeline cannot serve
    errors: list["RuleFailure"] = field(default_factory=list)  # rules that failed on this text
    warnings: list[str] = field(default_factory=list)
    model_failure: str | None = None  # the model was needed and could not be loaded: degraded mode
    unused: list[Finding] = field(default_factory=list)  # suppressions that silenced nothing (copydesk.suppress)
    paragraphs: list[Paragraph] = field(default_factory=list)  # with the spaCy docs the rules asked for
    deferred: list[str] = field(default_factory=list)  # rules left out: they need more than `within`


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
    _check_severity(config.severity, "severity", where, known)
    for i, override in enumerate(config.overrides):  # checked now, not when a file first matches
        for key in ("select", "ignore", "extend_select"):
            expand(override.get(key, []), f"overrides[{i}].{key}", where, known)
        _check_severity(override.get("severity", {}), f"overrides[{i}].severity", where, known)
    rules = []
    for name in sorted(selected):
        level = config.level(name)
        if level == "off":
            continue
        rules.append(known[name](Severity.parse(level) if level else None, config.rules.get(name)))
    return rules


def _check_severity(levels: dict[str, str], key: str, where: str, known: dict[str, type[Rule]]) -> None:
    for name in levels:
        if name not in known:
            raise ConfigError(f"{where}: unknown rule {name!r} in {key!r}")


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
            raise ConfigError(f"{where}: unknown rule or group {name!r} in {key!r}{near(name, [*known, *GROUPS])}")
    return out


class Cancelled(Exception):
    """analyse() gave up because `cancelled()` said so, after parsing `done` of `total` paragraphs."""

    def __init__(self, done: int, total: int):
        super().__init__(f"stopped after parsing {done} of {total} paragraphs")
        self.done, self.total = done, total


def analyse(
    text: str, config: Config | None = None, *, path: str | None = None, kind: str | None = None,
    cancelled: Callable[[], bool] | None = None, within: set[str] | None = None, owner: str | None = None,
) -> Report:
    """Everything the enabled rules find in `text`. `cancelled`, asked between batches of
    paragraphs and between rules, stops the analysis with Cancelled when it returns true (an editor
    has a newer version of the text). `within` limits the run to the rules whose needs it covers
    (`{"text"}`: those that need no spaCy, while the model loads); the others are `deferred`.
    `owner` names an open document: the parses it holds are used, and it holds this text's after
    (copydesk.nlp, Pipeline.hold). In a long-running process (nlp.LONG_RUNNING) the spaCy docs in
    `Report.paragraphs` may be read only inside the pipeline's `reading()`."""
    steps = _analysis(text, config, path, kind, cancelled, within, owner)
    try:
        nlp, paragraphs, needs = next(steps)
        steps.send(parse(nlp, paragraphs, needs, cancelled, owner))
    except StopIteration as done:
        return done.value
    finally:
        # A parse stopped (Cancelled) leaves the steps waiting inside the pipeline's reading(),
        # and the exception's traceback would keep them waiting: no memory zone could turn over.
        steps.close()
    raise AssertionError("an analysis asks to parse once")


def analyse_many(stories: list[tuple[str, Config | None, str | None]]) -> list[Report | Exception]:
    """analyse() for several stories (text, config, path), with one parse for all the paragraphs
    their rules want: spaCy's cost per call, and per small batch, is paid once for all of them
    rather than once per story. Each story gets its report, or the exception its analysis raised."""
    out: list[Report | Exception | None] = [None] * len(stories)
    waiting: dict[int, list] = defaultdict(list)  # by pipeline: (story, steps, paragraphs, needs)
    pipelines = {}
    for i, (text, config, path) in enumerate(stories):
        steps = _analysis(text, config, path, None, None, None, None)
        try:
            nlp, paragraphs, needs = next(steps)
        except StopIteration as done:
            out[i] = done.value
        except Exception as exc:
            out[i] = exc
        else:
            pipelines[id(nlp)] = nlp
            waiting[id(nlp)].append((i, steps, paragraphs, needs))
    for key, group in waiting.items():
        try:
            parse(pipelines[key], [p for _, _, ps, _ in group for p in ps], [n for _, _, _, ns in group for n in ns])
            failed = None
        except Exception as exc:  # spaCy itself failed: every story of the batch says so
            failed = exc
        for i, steps, paragraphs, _ in group:
            try:
                if failed:
                    steps.throw(failed)
                steps.send(len(paragraphs))
            except StopIteration as done:
                out[i] = done.value
            except Exception as exc:
                out[i] = exc
            finally:
                steps.close()
    return out  # type: ignore[return-value]


def _analysis(text, config, path, kind, cancelled, within, owner) -> Generator[tuple, int, Report]:
    """analyse(), as steps: it yields (pipeline, paragraphs, needs) for the caller to parse, once,
    and gets back how many paragraphs were parsed; it returns the report."""
    if cancelled is not None and cancelled():
        raise Cancelled(0, 0)  # superseded before it started
    config, directives, document = _story(text, config, path, kind)
    rules = rules_for(config)
    paragraphs = document.paragraphs
    report = Report([], paragraphs=paragraphs)
    if within is not None:
        report.deferred = [rule.name for rule in rules if not rule.needs <= within]
        rules = [rule for rule in rules if rule.needs <= within]
    parsed = 0  # every paragraph the rules want is parsed before any rule runs

    def check_cancelled() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(parsed, parsed)

    nlp_rules = [r for r in rules if r.needs - {"text"}]
    if nlp_rules:
        from copydesk.nlp import import_spacy

        import_spacy()  # before the rules plan: their word lists may import it (spaCy's stop words)
        wanted = []
        for rule in list(rules):
            try:
                rule.prepare(document)
                if rule.needs - {"text"}:
                    wanted.append((rule, rule.select(paragraphs)))
            except Exception as exc:  # a rule that cannot plan its NLP is dropped; the others go on
                _failed(report, rule, exc)
                rules.remove(rule)
    nlp = None
    if nlp_rules and any(any(chosen) for _, chosen in wanted):
        # spaCy (2 s to import and load) only once some paragraph needs it.
        from copydesk.nlp import pipeline

        nlp = pipeline(config.model)
        report.skipped = [rule.name for rule in rules if not rule.needs <= nlp.available]
        if nlp.warning:
            report.model_failure = nlp.failure
            report.warnings.append(f"{nlp.warning}: {', '.join(report.skipped)}")
        rules = [rule for rule in rules if rule.needs <= nlp.available]
        wanted = [(rule, chosen) for rule, chosen in wanted if rule.needs <= nlp.available]
    with nlp.reading() if nlp else contextlib.nullcontext():
        if nlp:
            # Each paragraph gets the components that the rules wanting it need, and no more.
            needs: list[set[str]] = [set() for _ in paragraphs]
            for rule, chosen in wanted:
                for i, yes in enumerate(chosen):
                    if yes:
                        needs[i] |= rule.needs
            parsed = yield nlp, paragraphs, needs

        findings: set[Finding] = set()
        for rule in rules:
            check_cancelled()
            try:
                findings.update(list(rule.check(document)))  # all of a rule's findings or none
            except Exception as exc:  # one broken rule must not take the others down
                _failed(report, rule, exc)
        if nlp and owner:
            nlp.hold(owner, {(p.text, p.components): p.doc for p in paragraphs if p.doc is not None})
    report.findings, report.unused = suppress.apply(sorted(findings), directives, [r.name for r in rules])
    if report.deferred:  # a suppression may be there for a deferred rule: unused is not known yet
        report.unused = []
    return report


def parse(
    nlp, paragraphs: list, needs: list[set[str]], cancelled: Callable[[], bool] | None = None, owner: str | None = None,
) -> int:
    """Parse each paragraph with the components its needs call for, batched by components; how
    many were parsed. `cancelled` is asked between batches (see analyse); `owner` as in analyse."""
    groups: dict[frozenset[str], list] = defaultdict(list)
    components: dict[frozenset[str], frozenset[str]] = {}  # a few sets of needs, many paragraphs
    for para, need in zip(paragraphs, needs):
        if need:
            need = frozenset(need)
            if need not in components:
                components[need] = nlp.components(need | {"tokens"})
            groups[components[need]].append(para)
    total, parsed = sum(map(len, groups.values())), 0

    def check(done: int = 0) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(parsed + done, total)

    for components, paras in groups.items():
        for para, doc in zip(paras, nlp.parse([p.text for p in paras], components, check if cancelled else None, owner)):
            para.doc, para.components = doc, components
        parsed += len(paras)
    return total


@contextlib.contextmanager
def read(
    text: str, needs: set[str], config: Config | None = None, *, path: str | None = None, kind: str | None = None,
) -> Iterator[tuple[Document, list[str]]]:
    """The story as the rules see it, every paragraph parsed with `needs`: for readings made outside
    the rules, such as the story's list of sources, inside the `with` (the docs are valid there).
    Yields the document and the pipeline's warnings (a degraded model)."""
    from copydesk.nlp import pipeline

    config, _, document = _story(text, config, path, kind)
    nlp = pipeline(config.model)
    with nlp.reading():
        parse(nlp, document.paragraphs, [set(needs) for _ in document.paragraphs])
        yield document, [nlp.warning] if nlp.warning else []


def _story(text: str, config: Config | None, path: str | None, kind: str | None):
    """The config for the file, its suppression directives, and the story as rules see it: the
    paragraphs of its prose, with the directives blanked out."""
    config = (config or Config()).for_path(path)
    kind = kind or markup.kind_of(path)
    directives = suppress.parse(text, kind)
    paragraphs = markup.paragraphs(suppress.blank(text, directives), kind)
    document = Document(text, paragraphs, dict(config.house), config.gazetteer, config.rules, memo=MEMO)
    return config, directives, document


def _failed(report: Report, rule: Rule, exc: Exception) -> None:
    log.exception("rule %s failed", rule.name)
    report.errors.append(RuleFailure(rule=rule.name, error=f"{type(exc).__name__}: {exc}"))
