"""Files only their owner may read (keys, credentials, reports naming children): created with
mode 0600 from their first byte, never written world-readable and chmod-ed after."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["private_file", "private_writer", "write_private"]


@contextmanager
def _private_temporary(path: Path) -> Iterator[tuple[Path, IO[bytes]]]:
    """A new file beside ``path``, created 0600 with ``O_EXCL``; removed unless renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield temporary, handle
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


@contextmanager
def private_writer(path: Path) -> Iterator[IO[str]]:
    """Write text to ``path`` readable by its owner only, replacing it atomically when done.

    A reader sees the old file or the new one, never a part; on error ``path`` is untouched.
    """
    with _private_temporary(path) as (temporary, raw):
        with open(raw.fileno(), "w", encoding="utf-8", newline="", closefd=False) as handle:
            yield handle
            handle.flush()
        os.fsync(raw.fileno())
        os.replace(temporary, path)


def write_private(path: Path, data: bytes) -> None:
    """Write ``path`` readable by its owner only (0600 from creation), replacing it atomically."""
    with _private_temporary(path) as (temporary, handle):
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        os.replace(temporary, path)


def private_file(path: Path, make: bytes) -> bytes:
    """The content of ``path``, creating it with ``make`` (0600) when it does not exist.

    Creation links a complete file into place, which fails if another process got there
    first: the loser reads the winner's content, so everyone uses the same key.
    """
    if not path.exists():
        with _private_temporary(path) as (temporary, handle):
            handle.write(make)
            handle.flush()
            os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
    return path.read_bytes()
