"""Where HipTimer keeps its files: the platform's user folders, or one folder given by the user."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from . import APP_NAME
from .store.files import make_private_folder


@dataclass(frozen=True)
class Paths:
    data: Path  # history and user routines
    config: Path  # settings
    cache: Path  # rendered speech; safe to delete

    @classmethod
    def for_user(cls) -> Paths:
        return cls(
            data=platformdirs.user_data_path(APP_NAME, appauthor=False),
            config=platformdirs.user_config_path(APP_NAME, appauthor=False),
            cache=platformdirs.user_cache_path(APP_NAME, appauthor=False),
        )

    @classmethod
    def under(cls, root: Path) -> Paths:
        """Everything in one folder, as ``--data-dir`` asks."""
        root = root.expanduser().resolve()
        return cls(data=root, config=root, cache=root / "cache")

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def history_file(self) -> Path:
        return self.data / "history.sqlite3"

    @property
    def cue_cache(self) -> Path:
        return self.cache / "cues"

    def create(self) -> None:
        """Make the missing folders, private to the user; folders that exist are left as
        they are.

        Raises:
            OSError: a folder cannot be made (read-only disk, a file in the way).
        """
        for folder in (self.data, self.config, self.cache, self.cue_cache):
            make_private_folder(folder)
