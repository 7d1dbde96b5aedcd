"""`copydesk audit`: plan the partitions, run them on a Dask cluster, write each as it finishes,
then merge, cluster the names and draw the report.

The command holds the plan, one finished partition at a time and the name counts; the stories
themselves are read by the workers. Every partition's results are written under DIR/parts/ as
soon as they arrive (its stories file last, atomically: it marks the partition done), so a run
that is stopped or loses a worker resumes where it was. A worker that dies takes its partition with
it and the scheduler runs that partition again elsewhere; its results are written once, by name."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from distributed import WorkerPlugin

from copydesk.audit.sources import Part, SourceError, plan
from copydesk.audit.work import FINDING_FIELDS, STORY_FIELDS, Settings

#: Partitions in flight per worker: enough to keep each busy, few enough that the scheduler and
#: this process hold a bounded share of the plan.
IN_FLIGHT = 3


class AuditError(Exception):
    """The audit cannot run: one line saying why."""


@dataclass
class Options:
    sources: list[str]
    out: Path
    settings: Settings = field(default_factory=Settings)
    scheduler: str | None = None  # an existing cluster; else a LocalCluster for this run
    workers: int | None = None  # the local cluster's worker processes (default: one per core)
    partition_size: int = 100
    model: str | None = None  # the model the workers preload (default: the config's)
    gitignore: bool | None = None  # --[no-]respect-gitignore (default: the config's respect_gitignore)


@dataclass
class Summary:
    stories: int = 0
    partitions: int = 0
    computed: int = 0  # partitions computed in this run
    resumed: int = 0  # partitions a run before this one had finished
    failed: list[str] = field(default_factory=list)  # partitions that could not be read
    status: Counter = field(default_factory=Counter)
    findings: int = 0
    words: int = 0
    notes: set[str] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=dict)
    workers: int = 0
    dashboard: str | None = None


class Model(WorkerPlugin):
    """A Dask worker plugin: the spaCy model loads once per worker, when the worker starts (and
    again in a worker the nanny restarts), rather than in the first task."""

    name = "copydesk-model"
    idempotent = True

    def __init__(self, model: str):
        self.model = model

    def setup(self, worker) -> None:
        from copydesk.nlp import pipeline
        from copydesk.rules import registry

        registry()
        pipeline(self.model)  # its caches are bounded by size (copydesk.rules.caches)

    def teardown(self, worker) -> None:
        pass


def run(options: Options, say: Callable[[str], None], progress=None) -> Summary:
    """The whole audit. `say` prints a line for the user; `progress(total, done)` returns a
    callable advanced by each finished partition's story count (or None for no bar)."""
    summary = Summary()
    started = time.perf_counter()
    try:
        config = Path(options.settings.config) if options.settings.config else None
        parts = plan(options.sources, options.partition_size, options.settings.columns, options.gitignore, config)
    except SourceError as exc:
        raise AuditError(str(exc)) from None
    if not parts:
        raise AuditError("no stories in the sources")
    out = options.out
    store = Store(out)
    summary.partitions = len(parts)
    summary.stories = sum(p.count for p in parts)
    todo = [p for p in parts if not store.done(p)]
    summary.resumed = len(parts) - len(todo)
    say(f"{summary.stories:,} stories in {len(parts):,} partitions"
        + (f"; {len(parts) - len(todo):,} partitions already done in {out}, resuming" if len(todo) < len(parts) else ""))
    summary.seconds["plan"] = time.perf_counter() - started

    with _client(options, say, summary) as client:
        summary.seconds["start"] = time.perf_counter() - started - summary.seconds["plan"]
        begun = time.perf_counter()
        bar = progress(summary.stories, summary.stories - sum(p.count for p in todo)) if progress else None
        from copydesk.audit.work import audit, confirm

        def wrote(part: Part, result: dict) -> None:
            store.write(part, result)
            summary.notes.update(result["notes"])
            if bar:
                bar(part.count)

        summary.failed += _map(client, audit, todo, lambda p: (options.settings,), wrote, summary)
        summary.computed = len(todo) - len(summary.failed)
        summary.seconds["lint"] = time.perf_counter() - begun

        begun = time.perf_counter()
        from copydesk.audit.gazetteer import SAMPLE, Tally
        from copydesk.rules.analysis import gazetteer as house

        finished = [p for p in parts if store.done(p)]
        tally = Tally()
        for part in finished:
            tally.add(store.names(part))
        gaz = house.load(_base_config(options).gazetteer)
        wanted = _allocate(finished, store, tally.candidates(gaz), SAMPLE)
        checks = [p for p in finished if p.name in wanted and not store.checked(p, wanted[p.name])]
        if checks:
            say(f"checking {sum(sum(wanted[p.name].values()) for p in checks):,} mentions of "
                f"{len({s for p in checks for s in wanted[p.name]}):,} spellings with spaCy's entity recogniser")

        def checked(part: Part, result) -> None:
            store.write_check(part, wanted[part.name], result)

        summary.failed += _map(client, confirm, checks, lambda p: (options.settings, wanted[p.name]), checked,
                               summary, key="copydesk-names")
        for part in finished:
            for spelling, kind, n in store.check(part, wanted.get(part.name)):
                tally.names[spelling].kinds[kind] += n
        summary.seconds["names"] = time.perf_counter() - begun

    begun = time.perf_counter()
    from copydesk.audit import gazetteer, report

    store.merge(finished, "stories", STORY_FIELDS, out / "stories.parquet")
    store.merge(finished, "findings", FINDING_FIELDS, out / "findings.parquet")
    found = tally.clusters(gaz)
    done_stories = sum(p.count for p in finished)
    _write(out / "gazetteer.toml", gazetteer.toml(found, done_stories))
    facts = report.write(out, found, summary, options)
    summary.status, summary.findings, summary.words = facts.status, facts.findings, facts.words
    summary.seconds["report"] = time.perf_counter() - begun
    summary.seconds["total"] = time.perf_counter() - started
    _write(out / "audit.json", json.dumps(_record(summary, options), indent=2) + "\n")
    store.prune(parts)
    return summary


def _base_config(options: Options):
    from copydesk import config as configs

    return configs.for_file(Path.cwd() / "_", Path(options.settings.config) if options.settings.config else None)


class _client:
    """A Dask client: on the cluster at --scheduler, else on a LocalCluster started and stopped here,
    with the model plugin registered."""

    def __init__(self, options: Options, say, summary: Summary):
        self.options, self.say, self.summary = options, say, summary
        self.cluster = None

    def __enter__(self):
        import logging

        from distributed import Client, LocalCluster

        options = self.options
        logging.getLogger("distributed").setLevel(logging.ERROR)  # its lines would bury the command's own
        if options.scheduler:
            try:
                client = Client(options.scheduler, timeout="20s")
            except OSError as exc:
                raise AuditError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from None
        else:
            # Each worker a process of one thread: the linting is pure Python and holds the GIL.
            self.cluster = LocalCluster(n_workers=options.workers or os.cpu_count() or 1, threads_per_worker=1,
                                        processes=True, silence_logs=logging.ERROR)
            client = Client(self.cluster)
        self.client = client
        model = options.model or _base_config(options).model
        try:
            client.register_plugin(Model(model))
        except Exception as exc:  # raised on a worker: copydesk or its model missing there
            self.__exit__()
            raise AuditError(f"the Dask workers cannot load copydesk and its model (is copydesk installed where "
                             f"they run?): {exc}") from None
        self.summary.workers = len(client.scheduler_info(n_workers=-1)["workers"])
        self.summary.dashboard = client.dashboard_link
        self.say(f"{'cluster at ' + options.scheduler if options.scheduler else 'local cluster'}: "
                 f"{self.summary.workers} workers; dashboard {client.dashboard_link}")
        return client

    def __exit__(self, *exc):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _map(client, fn, parts: list[Part], args, done, summary: Summary, key: str = "copydesk-part") -> list[str]:
    """Run fn(part, *args(part)) for each part with a bounded number in flight, calling done(part, result)
    in this process as each finishes. Returns the messages of the partitions that failed."""
    import uuid

    from distributed import as_completed

    workers = max(1, summary.workers)
    pending = iter(parts)
    futures: dict = {}
    failed: list[str] = []
    token = uuid.uuid4().hex[:8]

    def submit(ac=None):
        part = next(pending, None)
        if part is None:
            return
        future = client.submit(fn, part, *args(part), key=f"{key}-{part.index}-{token}", retries=1)
        futures[future.key] = part
        if ac is not None:
            ac.add(future)
        return future

    first = [f for f in (submit() for _ in range(workers * IN_FLIGHT)) if f is not None]
    ac = as_completed(first)
    for future in ac:
        part = futures.pop(future.key)
        if future.status == "error":
            exc = future.exception()
            failed.append(f"partition {part.index} ({_describe(part)}): {type(exc).__name__}: {exc}")
        else:
            done(part, future.result())
        future.release()
        submit(ac)
    return failed


def _describe(part: Part) -> str:
    if part.kind == "files":
        return f"{part.count} files from {part.spec[0]}"
    if part.kind == "parquet":
        return f"{part.source}, row group {part.spec[0]}, {part.count} rows"
    return f"{part.source}, {part.count} records from record {part.spec[0]}"


def _allocate(parts: list[Part], store: "Store", candidates: set[str], sample: int) -> dict[str, dict[str, int]]:
    """Which partitions check which spellings, and how many mentions each: the first partitions
    that hold a spelling, until `sample` of its mentions are covered. Deterministic."""
    left = dict.fromkeys(candidates, sample)
    out: dict[str, dict[str, int]] = {}
    for part in parts:
        for form, (n, *_) in store.names(part).items():
            key = form.casefold()
            take = min(n, left.get(key, 0))
            if take:
                left[key] -= take
                mine = out.setdefault(part.name, {})
                mine[key] = mine.get(key, 0) + take
    return out


def _record(summary: Summary, options: Options) -> dict:
    return {
        "sources": options.sources, "stories": summary.stories, "partitions": summary.partitions,
        "partition_size": options.partition_size, "computed": summary.computed,
        "resumed": summary.resumed, "failed": summary.failed,
        "status": dict(summary.status), "findings": summary.findings, "words": summary.words,
        "workers": summary.workers, "scheduler": options.scheduler, "seconds": {k: round(v, 2) for k, v in summary.seconds.items()},
        "notes": sorted(summary.notes),
    }


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Store:
    """DIR/parts/: each finished partition's files, named after the partition (its source, range and
    the source's size and time), so that a re-run finds them and a changed source does not."""

    def __init__(self, out: Path):
        self.out = out
        self.parts = out / "parts"
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AuditError(f"{out}: cannot write the audit there: {exc.strerror or exc}") from None
        for stale in self.parts.glob(".*.tmp"):  # a run stopped mid-write
            stale.unlink()

    def path(self, part: Part, what: str) -> Path:
        return self.parts / f"{part.name}.{what}"

    def done(self, part: Part) -> bool:
        return self.path(part, "stories.parquet").exists()

    def write(self, part: Part, result: dict) -> None:
        import pyarrow.parquet as pq

        self._atomic(self.path(part, "findings.parquet"), lambda p: pq.write_table(result["findings"], p))
        self._atomic(self.path(part, "names.json"), lambda p: p.write_text(json.dumps(result["names"], ensure_ascii=False)))
        # Last: its presence says the partition is done.
        self._atomic(self.path(part, "stories.parquet"), lambda p: pq.write_table(result["stories"], p))

    def names(self, part: Part) -> dict[str, list[int]]:
        return json.loads(self.path(part, "names.json").read_text(encoding="utf-8"))

    def _check_path(self, part: Part, wanted: dict[str, int]) -> Path:
        import hashlib

        digest = hashlib.sha256(json.dumps(wanted, sort_keys=True).encode()).hexdigest()[:12]
        return self.path(part, f"names-{digest}.json")

    def checked(self, part: Part, wanted: dict[str, int]) -> bool:
        return self._check_path(part, wanted).exists()

    def write_check(self, part: Part, wanted: dict[str, int], result) -> None:
        self._atomic(self._check_path(part, wanted), lambda p: p.write_text(json.dumps(result, ensure_ascii=False)))

    def check(self, part: Part, wanted: dict[str, int] | None) -> list:
        if not wanted or not self.checked(part, wanted):
            return []
        return json.loads(self._check_path(part, wanted).read_text(encoding="utf-8"))

    @staticmethod
    def _atomic(path: Path, write) -> None:
        tmp = path.with_name(f".{path.name}.tmp")
        write(tmp)
        os.replace(tmp, path)

    def merge(self, parts: list[Part], what: str, fields: dict[str, str], target: Path) -> None:
        """The partitions' tables, in plan order, into one Parquet file: a partition at a time,
        under one schema (the fixed fields, then every metadata column any partition has; a column
        whose type differs between sources becomes text)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        files = [self.path(p, f"{what}.parquet") for p in parts]
        types: dict[str, set] = {name: {pa.type_for_alias(kind)} for name, kind in fields.items()}
        for f in files:
            for col in pq.read_schema(f):
                types.setdefault(col.name, set()).add(col.type)
        schema = pa.schema([(name, _one(ts)) for name, ts in types.items()])
        tmp = target.with_name(f".{target.name}.tmp")
        with pq.ParquetWriter(tmp, schema) as writer:
            batch, rows = [], 0
            for f in files:
                table = _conform(pq.read_table(f), schema)
                batch.append(table)
                rows += table.num_rows
                if rows >= 50_000:
                    writer.write_table(pa.concat_tables(batch))
                    batch, rows = [], 0
            if batch or not files:
                writer.write_table(pa.concat_tables(batch) if batch else schema.empty_table())
        os.replace(tmp, target)

    def prune(self, parts: list[Part]) -> None:
        """Remove the files of partitions that are no longer in the plan (an earlier run over other
        sources, or over files that changed since)."""
        keep = {p.name for p in parts}
        for f in self.parts.iterdir():
            if f.name.split(".", 1)[0] not in keep:
                f.unlink()


def _one(types: set):
    import pyarrow as pa

    known = {t for t in types if t != pa.null()}
    return known.pop() if len(known) == 1 else pa.null() if not known else pa.string()


def _conform(table, schema):
    import pyarrow as pa

    columns = []
    for f in schema:
        if f.name not in table.column_names:
            columns.append(pa.nulls(table.num_rows, type=f.type))
            continue
        col = table.column(f.name)
        if col.type != f.type:
            try:
                col = col.cast(f.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                col = pa.array([None if v is None else str(v) for v in col.to_pylist()], type=f.type)
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=schema)
