"""The wall clock, read in one place so that everything else can be handed a fake one."""

from __future__ import annotations

from datetime import datetime


def local_now() -> datetime:
    """Now, as an aware datetime in the user's local offset."""
    return datetime.now().astimezone()
