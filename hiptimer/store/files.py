"""Writing a file all or nothing: a temp file in the same folder, flushed to disk, renamed."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def write_atomically(path: Path, write: Callable[[TextIO], object], *,
                     encoding: str = "utf-8", newline: str | None = None,
                     keep_mode: bool = False) -> None:
    """Create or replace ``path`` with what ``write(stream)`` writes.

    A new file is readable by its owner only (``mkstemp``'s mode); with ``keep_mode`` a
    replaced file keeps the mode it had.

    Raises:
        OSError: the file could not be written; ``path`` is left as it was.
        Exception: whatever ``write`` raised; ``path`` is left as it was.
    """
    fd, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        if keep_mode and path.exists():
            shutil.copymode(path, temp)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
