"""When to remind: the daily reminder's time and words, and a gentle note when strengthening
lags; both soften while the hip is flaring up."""

from __future__ import annotations

from datetime import date, datetime, time

from .progress import STRENGTH_TARGET_DAYS


def parse_time(text: str) -> time:
    """``"18:00"`` as a time of day.

    Raises:
        ValueError: not HH:MM on a 24-hour clock.
    """
    hours, _, mins = text.partition(":")
    if (len(hours) != 2 or len(mins) != 2 or not (hours + mins).isdigit()
            or int(hours) > 23 or int(mins) > 59):
        raise ValueError(f"{text!r} is not a time such as 18:00")
    return time(int(hours), int(mins))


def reminder_due(now: datetime, remind_at: time, last_reminded: date | None,
                 exercised_today: bool) -> bool:
    """Whether to remind now: the time has come today, no reminder was given today, and
    nothing has been done today yet."""
    today = now.date()
    return (now.time() >= remind_at and last_reminded != today and not exercised_today)


FLARE_NOTE = ("Your hip has been sore lately, so strengthening can wait until it settles. "
              "Gentle movement comes first; ask your physiotherapist before you build up again.")


def reminder_words(flare: bool) -> tuple[str, str]:
    """The daily reminder's title and text; during a flare it asks for nothing."""
    if flare:
        return ("Go gently today",
                "Your hip has been sore lately. If it feels up to it, a gentle routine or a "
                "short easy walk; if not, rest, and ask your physiotherapist.")
    return ("Time for your hip exercises",
            "A few minutes now keeps your hip moving. Open HipTimer to start.")


def strength_note(strength_days: int, today: date, flare: bool = False) -> str | None:
    """A gentle word when this week's strengthening is falling behind its 3–4 days, or None;
    during a flare, never a nudge to do more.

    Args:
        strength_days: days this week (Monday on) with a completed strength set, today included.
        flare: the hip is flaring up (``flare.Flare.active``).
    """
    if flare:
        return FLARE_NOTE
    target = STRENGTH_TARGET_DAYS[0]
    days_left = 7 - today.weekday()  # today counts: there is still time today
    missing = target - strength_days
    if missing <= 0 or missing < days_left:
        return None  # on track, or plenty of days left to catch up
    done = f"{strength_days} day{'s' if strength_days != 1 else ''}"
    if missing > days_left:
        return (f"Strengthening this week: {done} of the {target}–{STRENGTH_TARGET_DAYS[1]} "
                "your plan asks for. No catching up in one go: just pick it up again next "
                "week.")
    return (f"Strengthening this week: {done} so far, of {target}–{STRENGTH_TARGET_DAYS[1]}. "
            f"{days_left} day{'s' if days_left != 1 else ''} left, counting today: a "
            "strength session today keeps you on track.")
