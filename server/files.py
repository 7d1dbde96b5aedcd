"""Reading copy from disk: which files a command names, and their text or a clear reason why not."""

from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


class InputError(Exception):
    """A file that cannot be linted; the message names the path and the reason."""


@dataclass(frozen=True)
class Source:
    path: str  # as the user named it, or the --stdin-filename
    text: str


def expand(paths: list[str]) -> Iterator[str | InputError]:
    """Files named by paths, directories (recursively, by extension) and globs, in a stable order."""
    for raw in paths:
        if raw == "-":
            yield raw
        elif os.path.isdir(raw):
            found = False
            for path in _walk(raw):
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
                yield from _walk(match) if os.path.isdir(match) else [match]
        else:
            yield InputError(f"{raw}: no such file or directory")


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(EXTENSIONS):
                yield os.path.normpath(os.path.join(root, name))  # "./a.txt" reads as "a.txt"


def decode(data: bytes, path: str, limit: int) -> str:
    """The text of a file's bytes, or InputError: too large, binary, or not UTF-8."""
    if len(data) > limit:
        raise InputError(f"{path}: file is {len(data):,} bytes, over the limit of {limit:,} (max_file_size)")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line})"
        ) from None


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
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(data, path, limit)
