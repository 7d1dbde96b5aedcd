"""Reading copy from disk: which files a command names, and their text or a clear reason why not."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


class InputError(Exception):
    """A file that cannot be linted; the message names the path and the reason."""


def expand(paths: list[str], gitignore: bool | None = None, config: Path | None = None) -> Iterator[str | InputError]:
    """Files named by paths, directories (recursively, by extension) and globs, in a stable order.

    A directory is walked less what `.gitignore` files ignore (see `Ignored`), unless `gitignore`
    is False or, left None, the config that governs the directory (`config`, else its nearest)
    says `respect_gitignore = false`. A file named on its own is always taken."""
    for raw in paths:
        if raw == "-":
            yield raw
        elif os.path.isdir(raw):
            found = False
            for path in _walk(raw, _respects(raw, gitignore, config)):
                found = True
                yield path
            if not found:
                yield InputError(f"{raw}: directory has no files to lint ({', '.join(EXTENSIONS)})")
        elif os.path.exists(raw) or os.path.islink(raw):
            yield raw
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield InputError(f"{raw}: no file matches this pattern")
            for match in matches:
                yield from _walk(match, _respects(match, gitignore, config)) if os.path.isdir(match) else [match]
        else:
            yield InputError(f"{raw}: no such file or directory")


def _respects(folder: str, gitignore: bool | None, config: Path | None) -> bool:
    if gitignore is not None:
        return gitignore
    from copydesk import config as configs

    try:
        return configs.for_file(Path(folder), config).respect_gitignore
    except (configs.ConfigError, OSError):  # reported with the files the config governs, or the
        return True  # folder that cannot be read, by the walk


def _walk(folder: str, gitignore: bool = True) -> Iterator[str | InputError]:
    unreadable: list[OSError] = []  # os.walk would skip a folder it cannot list in silence
    ignored = Ignored(folder) if gitignore else None
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        yield from map(_unreadable, unreadable)
        unreadable.clear()
        if ignored:
            ignored.enter(root)
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
                         and not (ignored and ignored(os.path.join(root, d), folder=True)))
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.lower().endswith(EXTENSIONS) and not (ignored and ignored(path)):
                yield os.path.normpath(path)  # "./a.txt" reads as "a.txt"
    yield from map(_unreadable, unreadable)


class Ignored:
    """What git ignores under a folder, as `ignored(path)` tells: the patterns of every `.gitignore`
    from the repository's root (the nearest folder above holding `.git`; the folder itself outside
    a repository) down to the path's folder, and the repository's `.git/info/exclude`. Patterns
    have gitignore's semantics through pathspec; a deeper file's patterns win, as in git."""

    def __init__(self, folder: str):
        top = Path(os.path.abspath(folder))
        # os.path.exists, not Path.exists: in a folder it may not search, it says no rather than raise
        root = next((d for d in [top, *top.parents] if os.path.exists(d / ".git")), None)
        self.specs: list[tuple[Path, object]] = []
        if root is not None:
            self._add(root, root / ".git" / "info" / "exclude")
            for d in reversed(top.parents[: len(top.parents) - len(root.parents)]):  # root, …, top's parent
                self._add(d, d / ".gitignore")

    def _add(self, base: Path, path: Path) -> None:
        from pathspec import GitIgnoreSpec

        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return  # none there, or unreadable: git ignores nothing by it either
        try:
            spec = GitIgnoreSpec.from_lines(lines)
        except (ValueError, re.error):  # a line git cannot read either: git skips it, and so do we
            spec = GitIgnoreSpec.from_lines([line for line in lines if _readable(line)])
        self.specs.append((base, spec))

    def enter(self, folder: str) -> None:
        """Called for each folder of the walk, parents first: its own .gitignore joins in."""
        base = Path(os.path.abspath(folder))
        self.specs = [(b, s) for b, s in self.specs if b == base or b in base.parents]  # a sibling's are done
        self._add(base, base / ".gitignore")

    def __call__(self, path: str, folder: bool = False) -> bool:
        full = Path(os.path.abspath(path))
        verdict = False
        for base, spec in self.specs:
            rel = full.relative_to(base).as_posix() + ("/" if folder else "")
            include = spec.check_file(rel).include
            if include is not None:
                verdict = include
        return verdict


def _readable(line: str) -> bool:
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([line])
    except (ValueError, re.error):
        return False
    return True


def _unreadable(exc: OSError) -> InputError:
    path = os.path.normpath(exc.filename)
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: permission denied")
    return InputError(f"{path}: cannot read: {exc.strerror or exc}")


@dataclass(frozen=True)
class Encoding:
    """How a file's text is stored: its codec and byte-order mark, kept when fixes are written."""

    codec: str
    bom: bytes = b""
    name: str = "UTF-8"

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


# Longest first: a UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    Encoding("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32 LE"), Encoding("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32 BE"),
    Encoding("utf-8", b"\xef\xbb\xbf", "UTF-8"), Encoding("utf-16-le", b"\xff\xfe", "UTF-16 LE"),
    Encoding("utf-16-be", b"\xfe\xff", "UTF-16 BE"),
)
UTF8 = Encoding("utf-8")


def encoding_of(data: bytes) -> Encoding:
    """UTF-8, -16 or -32 by the byte-order mark; UTF-8 without one."""
    return next((e for e in _BOMS if data.startswith(e.bom)), UTF8)


def decode(data: bytes, path: str, limit: int) -> str:
    """The text of a file's bytes, or InputError: too large, binary, or not text in its encoding."""
    if len(data) > limit:
        raise InputError(f"{path}: file is {len(data):,} bytes, over the limit of {limit:,} (max_file_size)")
    encoding = encoding_of(data)
    body = memoryview(data)[len(encoding.bom):]
    if not encoding.bom and b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes)")
    try:
        text = str(body, encoding.codec)
    except UnicodeDecodeError as exc:
        start = len(encoding.bom) + exc.start
        bad = " ".join(f"0x{b:02x}" for b in data[start : len(encoding.bom) + exc.end])
        line = str(body[: exc.start], encoding.codec).count("\n") + 1
        mark = f"a {encoding.name} byte-order mark, then " if encoding.bom else ""
        what = "byte" if exc.end - exc.start == 1 else "bytes"
        raise InputError(
            f"{path}: not {encoding.name.split()[0]} text ({mark}{what} {bad} at offset {start}, line {line})"
        ) from None
    if encoding.bom and "\x00" in text[:8192]:
        raise InputError(f"{path}: binary file (contains NUL characters)")
    return text


def replace(path: str, data: bytes) -> None:
    """Give the file at `path` (a real path, not a symlink) new contents, keeping its mode, owner,
    group and hard links.

    The bytes go to a temporary file in the same folder first, so a full disk fails before the file
    is touched. That file then takes the old one's place by a rename, which is atomic: a reader, or
    a run stopped midway, sees the old copy or the new one. A file with other hard links, or whose
    owner this process cannot give to a new file, is rewritten in place instead, from the checked
    copy: a rename would cut the links or change the owner."""
    info = os.stat(path)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=f".{os.path.basename(path)}.",
                               suffix=".copydesk")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            in_place = info.st_nlink > 1 or not _same_owner(fh.fileno(), info)
            os.fchmod(fh.fileno(), stat.S_IMODE(info.st_mode))  # after chown, which clears set-id bits
        if in_place:
            with open(path, "r+b") as fh:
                fh.write(data)
                fh.truncate()
                fh.flush()
                os.fsync(fh.fileno())
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _same_owner(fd: int, info: os.stat_result) -> bool:
    """Give the open file `info`'s owner and group; False when this process may not."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return True
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        return False
    return True


def read(path: str, limit: int) -> str:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise InputError(f"{path}: not a regular file")
        size = info.st_size
        if size > limit:
            raise InputError(f"{path}: file is {size:,} bytes, over the limit of {limit:,} (max_file_size)")
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(f"{path}: broken symbolic link to {os.readlink(path)!r}") from None
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{path}: symbolic link loop") from None
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(data, path, limit)
