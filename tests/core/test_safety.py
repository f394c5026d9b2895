"""When the safety notice is due, and its plain-text form."""

from __future__ import annotations

import pytest

from hiptimer.core.safety import (
    EMERGENCY,
    RED_FLAGS,
    SAFETY_VERSION,
    needs_notice,
    notice_text,
)


def test_current_version_is_positive() -> None:
    assert SAFETY_VERSION >= 1  # 0 is "never read" in the settings


@pytest.mark.parametrize(("read", "due"), [
    (0, True),  # never read
    (SAFETY_VERSION - 1, True),  # an older notice
    (SAFETY_VERSION, False),
    (SAFETY_VERSION + 1, False),  # read in a later release, then downgraded
])
def test_needs_notice(read: int, due: bool) -> None:
    assert needs_notice(read) is due


def test_plain_text_has_every_red_flag_and_the_emergency_line() -> None:
    text = notice_text()
    for flag in RED_FLAGS:
        assert f"- {flag}\n" in text
    assert text.endswith(EMERGENCY)


def test_red_flags_are_the_nine_from_content() -> None:
    assert len(RED_FLAGS) == len(set(RED_FLAGS)) == 9
