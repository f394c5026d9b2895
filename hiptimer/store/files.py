"""Files and folders done safely: written all or nothing, moved aside rather than lost, and
folders made private without touching one the user made."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
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


def make_private_folder(folder: Path) -> None:
    """Make ``folder`` and any missing parents, each readable by its owner only (0700).

    A folder that already exists is left as it is, whatever its permissions: it is the
    user's (a read-only folder given as ``--data-dir`` stays read-only).

    Raises:
        OSError: a folder cannot be made (read-only disk, a file in the way).
    """
    missing: list[Path] = []
    for level in (folder, *folder.parents):
        if level.is_dir():
            break
        missing.append(level)
    for level in reversed(missing):
        # mode is masked by the umask, which can only take permissions away
        level.mkdir(mode=0o700, exist_ok=True)


def set_aside(path: Path, label: str) -> Path:
    """Rename ``path`` to ``<stem>-<label>-<date and time><suffix>`` beside it, untouched;
    a name already taken gets ``-2``, ``-3``… so no earlier copy is ever replaced.

    Returns:
        Where it now is.

    Raises:
        OSError: it cannot be moved (a read-only folder, say).
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = f"{path.stem}-{label}-{stamp}"
    target = path.with_name(f"{base}{path.suffix}")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = path.with_name(f"{base}-{n}{path.suffix}")
    path.rename(target)
    return target
