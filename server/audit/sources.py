"""Where an audit's stories come from, cut into partitions the workers read on their own.

The command plans (cheaply: file names, byte offsets of records, Parquet row counts) and never
holds the stories; each worker reads the stories of its partition from the source by path. A story
file is one story, read as `copydesk lint` reads it; a `.jsonl`, `.csv` or `.parquet` table holds
one story per record, with a text column, an id column and metadata columns that travel with it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from copydesk.files import InputError, expand

TABLES = (".jsonl", ".ndjson", ".csv", ".parquet")


class SourceError(Exception):
    """A source that cannot be audited at all: the message names it and says why."""


@dataclass(frozen=True)
class Columns:
    text: str = "text"
    id: str = "id"


@dataclass(frozen=True)
class Part:
    """A partition: `count` stories of one source. `spec` is the story files' paths, or for a
    table (first row, byte start, byte end) of a JSON Lines or CSV file, or (row group, first row
    in it, rows) of a Parquet file. `stamp` identifies the source's state, so a resumed audit never
    reuses a partition of a file that changed since."""

    index: int
    kind: str  # files, jsonl, csv, parquet
    source: str
    spec: tuple
    count: int
    stamp: str
    header: tuple[str, ...] = ()  # a CSV file's column names

    @property
    def name(self) -> str:
        digest = hashlib.sha256(repr((self.kind, self.source, self.spec, self.count, self.stamp, self.header)).encode())
        return f"{self.index:06d}-{digest.hexdigest()[:16]}"


@dataclass
class Story:
    id: str
    source: str
    row: int | None  # 1-based record number in a table; None for a story file
    text: Any = None  # a table's text value (any type: it is checked), None for a file
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # a record that could not even be read (bad JSON)


def _stamp(path: str) -> str:
    info = os.stat(path)
    return f"{info.st_size}:{info.st_mtime_ns}"


def plan(sources: list[str], size: int, columns: Columns = Columns(), gitignore: bool | None = None,
         config: Path | None = None) -> list[Part]:
    """Partitions of at most `size` stories over the sources, in a stable order. SourceError for a
    source that names nothing or cannot be read. Folders are walked as `copydesk lint` walks them
    (copydesk.files.expand: `gitignore` and `config` as there)."""
    parts: list[Part] = []
    batch: list[str] = []

    def flush():
        if batch:
            stamp = hashlib.sha256("".join(_stamp(p) for p in batch).encode()).hexdigest()[:16]
            parts.append(Part(len(parts), "files", "", tuple(batch), len(batch), stamp))
            batch.clear()

    for item in expand(sources, gitignore, config):
        if isinstance(item, InputError):
            raise SourceError(str(item))
        if item == "-":
            raise SourceError("-: an audit reads files, not standard input")
        if item.lower().endswith(TABLES):
            flush()
            for spec, count, header in _table(item, size, columns):
                parts.append(Part(len(parts), _kind(item), item, spec, count, _stamp(item), header))
        else:
            batch.append(item)
            if len(batch) >= size:
                flush()
    flush()
    return parts


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}[suffix]


def _table(path: str, size: int, columns: Columns) -> Iterator[tuple[tuple, int, tuple[str, ...]]]:
    try:
        if _kind(path) == "parquet":
            yield from ((spec, n, ()) for spec, n in _parquet_plan(path, size, columns))
        elif _kind(path) == "csv":
            for spec, n, header in _csv_plan(path, size):
                if columns.text not in header:
                    raise SourceError(f"{path}: no column {columns.text!r} (--text-column); it has {_names(header)}")
                yield spec, n, header
        else:
            yield from ((spec, n, ()) for spec, n in _lines_plan(path, size))
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _names(columns) -> str:
    """Column names for a one-line message: as written, or quoted and escaped when not printable."""
    return ", ".join(c if c.isprintable() else repr(c) for c in columns) or "none"


def _parquet_plan(path: str, size: int, columns: Columns) -> Iterator[tuple[tuple, int]]:
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid and others for a file that is no Parquet
        raise SourceError(f"{path}: not a readable Parquet file ({exc})") from None
    meta, names = file.metadata, file.schema_arrow.names
    if columns.text not in names:
        raise SourceError(f"{path}: no column {columns.text!r} (--text-column); it has {_names(names)}")
    # Partitions never cross a row group: a worker reads its group and no other.
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        for first in range(0, rows, size):
            yield (group, first, min(size, rows - first)), min(size, rows - first)


def _lines_plan(path: str, size: int) -> Iterator[tuple[tuple, int]]:
    """JSON Lines: byte ranges holding `size` non-blank lines each."""
    with open(path, "rb") as fh:
        start = offset = 0
        first = row = 1  # the 1-based line number of the range's first line
        count = 0
        for line in fh:
            if count == 0:
                start, first = offset, row
            if line.strip():
                count += 1
            offset += len(line)
            row += 1
            if count == size:
                yield (first, start, offset), count
                count = 0
        if count:
            yield (first, start, offset), count


def _csv_plan(path: str, size: int) -> Iterator[tuple[tuple, int, tuple[str, ...]]]:
    """CSV: byte ranges of `size` records each, cut where Python's csv module ends a record. The
    module reads the file a line at a time and takes no line beyond the record it returns, so the
    bytes of the lines it has taken when a record comes back are exactly that record's; a worker
    reads its range with the same reader and meets the same records."""
    with open(path, "rb") as fh:
        lines = _Lines(fh)
        reader = _reader(lines)
        try:
            header = next((r for r in reader if any(f.strip() for f in r)), None)
        except csv.Error as exc:
            raise SourceError(f"{path}: the CSV header row cannot be read ({exc})") from None
        if header is None:
            raise SourceError(f"{path}: empty CSV file (no header row)")
        if header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        if _undecodable(*header):
            raise SourceError(f"{path}: the CSV header row is not UTF-8 text")
        header = tuple(header)
        count, start, first, row = 0, 0, 1, 0
        while True:
            before = lines.offset
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error:
                record = None  # a record the module cannot read: the worker reports it by number
            if record is not None and not any(f.strip() for f in record):
                continue  # a blank line is no story
            if count == 0:
                start, first = before, row + 1
            count += 1
            row += 1
            if count == size:
                yield (first, start, lines.offset), count, header
                count = 0
        if count:
            yield (first, start, lines.offset), count, header


class _Lines:
    """A binary file's lines as text for the csv module, with the bytes they took (`offset`). Lines
    end as in a text file opened with newline="": at LF, CR LF or a lone CR. Bytes that are not
    UTF-8 are kept as surrogate escapes, so that a bad record is reported rather than the file."""

    _LONE_CR = re.compile(rb"(?<=\r)(?!\n)")

    def __init__(self, fh: BinaryIO):
        self.fh, self.offset = fh, 0

    def __iter__(self) -> Iterator[str]:
        for chunk in self.fh:
            for line in self._LONE_CR.split(chunk) if b"\r" in chunk else (chunk,):
                if line:
                    self.offset += len(line)
                    yield line.decode("utf-8", "surrogateescape")


#: The longest field the csv module reads (its default is 128 KiB, shorter than a long story).
FIELD_LIMIT = 64 << 20


def _reader(lines: _Lines):
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    return csv.reader(iter(lines))


# -- reading a partition, on a worker --------------------------------------------------------------


def stories(part: Part, columns: Columns) -> Iterator[Story]:
    """The partition's stories in order. A file that changed since the plan raises SourceError
    (the partition fails and is not written, so a re-run plans it afresh)."""
    if part.kind == "files":
        for path in part.spec:
            yield Story(path, path, None)
        return
    if _stamp(part.source) != part.stamp:
        raise SourceError(f"{part.source}: changed since the audit was planned; run it again")
    if part.kind == "parquet":
        yield from _parquet_rows(part, columns)
        return
    first, start, end = part.spec
    with open(part.source, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    read = 0
    for story in (_jsonl_rows if part.kind == "jsonl" else _csv_rows)(part, data, first, columns):
        read += 1
        yield story
    if read != part.count:  # the plan and the reading disagree: fail loudly rather than lose stories
        raise SourceError(f"{part.source}: {read} records from record {first} where the plan counted {part.count}")


def _split(record: dict, columns: Columns, source: str, row: int) -> Story:
    """A record's id, text and metadata. A missing id becomes SOURCE:ROW. An id or metadata value
    that is not UTF-8 text (bytes a CSV file does not decode, a lone surrogate escaped in JSON) is
    written with U+FFFD in its place, and the story is an error naming the column."""
    bad = next((k for k, v in record.items() if k != columns.text and _undecodable(k, v)), None)
    if bad is not None:
        record = {_replaced(k): v if k == columns.text else _replaced(v) for k, v in record.items()}
    meta = {k: v for k, v in record.items() if k not in (columns.text, columns.id)}
    ident = record.get(columns.id)
    ident = f"{source}:{row}" if ident is None or ident == "" else str(ident)
    story = Story(ident, source, row, record.get(columns.text), meta)
    if bad is not None:
        story.text, story.error = None, f"{ident}: not UTF-8 text (column {_replaced(bad)!r})"
    return story


_SURROGATE = re.compile("[\ud800-\udfff]")


def _undecodable(*values) -> bool:
    return any(isinstance(v, str) and _SURROGATE.search(v) for v in values)


def _replaced(value):
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _jsonl_rows(part: Part, data: bytes, first: int, columns: Columns) -> Iterator[Story]:
    for row, line in enumerate(data.split(b"\n"), start=first):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (UnicodeDecodeError, ValueError) as exc:
            yield Story(f"{part.source}:{row}", part.source, row, error=f"{part.source}:{row}: not a JSON record ({exc})")
            continue
        if not isinstance(record, dict):
            yield Story(f"{part.source}:{row}", part.source, row, error=f"{part.source}:{row}: not a JSON object")
            continue
        # Metadata as text: one column, one type, whichever records a partition happens to hold.
        meta = {k: v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in record.items()
                if k != columns.text}
        yield _split({**meta, columns.text: record.get(columns.text)}, columns, part.source, row)


def _csv_rows(part: Part, data: bytes, first: int, columns: Columns) -> Iterator[Story]:
    reader = _reader(_Lines(io.BytesIO(data)))
    row = first
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            ident = f"{part.source}:{row}"
            yield Story(ident, part.source, row, error=f"{ident}: not a readable CSV record ({exc})")
            row += 1
            continue
        if not any(field.strip() for field in record):
            continue
        values = dict(zip(part.header, record))
        story = _split(values, columns, part.source, row)
        if story.error is None and _undecodable(story.text):
            story.text, story.error = None, f"{story.id}: not UTF-8 text"
        if len(record) != len(part.header):
            story.error = f"{part.source}:{row}: {len(record)} fields where the header has {len(part.header)}"
        yield story
        row += 1


def _parquet_rows(part: Part, columns: Columns) -> Iterator[Story]:
    import pyarrow.parquet as pq

    group, first, count = part.spec
    file = pq.ParquetFile(part.source)
    table = _slice(file, group, first, count)
    before = sum(file.metadata.row_group(g).num_rows for g in range(group))
    for i, record in enumerate(table.to_pylist()):
        yield _split(record, columns, part.source, before + first + i + 1)


def _slice(file, group: int, first: int, count: int):
    """Rows first..first+count of a row group, reading it batch by batch rather than whole."""
    import pyarrow as pa

    batches, seen = [], 0
    for batch in file.iter_batches(batch_size=max(count, 1024), row_groups=[group]):
        lo, hi = max(first - seen, 0), min(first + count - seen, batch.num_rows)
        if lo < hi:
            batches.append(batch.slice(lo, hi - lo))
        seen += batch.num_rows
        if seen >= first + count:
            break
    return pa.Table.from_batches(batches, schema=file.schema_arrow)
