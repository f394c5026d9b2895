"""The wall clock: the local time with its offset, which says what day it is for the user.

The only place outside ``main()`` that reads it; everything else is handed ``now``.
"""

from __future__ import annotations

from datetime import datetime


def local_now() -> datetime:
    """Now, as an aware datetime in the user's local offset."""
    return datetime.now().astimezone()
