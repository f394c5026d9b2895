"""The safety notice shown before first use: its words, its version, and when to show it."""

from __future__ import annotations

from typing import Final

# Raise this when the notice changes in a way every user should read again; the version a
# user acknowledged is kept in ``Settings.safety_read`` (0: never).
SAFETY_VERSION: Final = 1

INTRO: Final = (
    "HipTimer reads out your hip exercises and keeps the time for you.",
    "It is not medical advice, and it does not know your hip. Only someone who has examined "
    "you can say which exercises are right for you.",
)

BEFORE_HEADING: Final = "Before you start"
BEFORE_YOU_START: Final = (
    "See a doctor or physiotherapist before you start a new exercise plan.",
    "If you have had a hip replacement or other surgery, wait until your surgeon or "
    "physiotherapist says these exercises are safe for you.",
    "Start with the easiest exercises, and build up slowly.",
    "A little discomfort can be normal at first. But if an exercise hurts, stop it. "
    "Do not push through pain.",
    "Any soreness should settle by the next morning. If it does not, do less next time, "
    "and tell your physiotherapist.",
)

RED_FLAGS_HEADING: Final = "Stop and get help at once if"
RED_FLAGS: Final = (
    "you have had a fall, or hurt yourself in some other way",
    "you cannot put weight on your leg",
    "your leg suddenly looks shorter, or turns outwards",
    "you have a fever or feel unwell, and your hip is hot and swollen",
    "the pain is there all the time, even at night or when you rest",
    "you are losing weight and do not know why",
    "you have had cancer, now or in the past",
    "your leg feels numb or weak, and this is new",
    "hip pain you have had for a long time suddenly gets much worse",
)
RED_FLAGS_HELP: Final = "To get help, call your doctor or an urgent care service."

EMERGENCY_HEADING: Final = "Emergency"
EMERGENCY: Final = (
    "If you lose control of your bladder or bowels, call emergency services now "
    "(such as 911, 999 or 112)."
)


def needs_notice(read_version: int) -> bool:
    """Whether to show the notice to a user who acknowledged version ``read_version``.

    Args:
        read_version: ``Settings.safety_read``; 0 if the user has never acknowledged it.

    Returns:
        True if they have not yet read the current version (a newer one, from a later release
        of HipTimer, counts as read).
    """
    return read_version < SAFETY_VERSION


def notice_text() -> str:
    """The whole notice as plain text, for a terminal or a log."""
    lines = [*INTRO, "", f"{BEFORE_HEADING}:"]
    lines += [f"- {point}" for point in BEFORE_YOU_START]
    lines += ["", f"{RED_FLAGS_HEADING}:"]
    lines += [f"- {flag}" for flag in RED_FLAGS]
    lines += [RED_FLAGS_HELP, "", f"{EMERGENCY_HEADING}: {EMERGENCY}"]
    return "\n".join(lines)
