"""Safety words: the notice shown before first use, the warning signs by the care they need,
the short recheck asked when pain is high, and the one pain rule used everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Final

# Raise this when the notice changes in a way every user should read again; the version a
# user acknowledged is kept in ``Settings.safety_read`` (0: never).
SAFETY_VERSION: Final = 2

RECHECK_PAIN: Final = 7  # pain before a session at or above this: recheck the warning signs

# The pain-monitoring model, in one place, so every screen says the same.
PAIN_RULE: Final = (
    "During and after exercise, pain of 0–2 is fine. Up to 5 is acceptable if it has settled "
    "by the next morning. Above 5 is too much: ease off. If one exercise gives sharp or "
    "growing pain, stop that exercise.")

INTRO: Final = (
    "HipTimer reads out your hip exercises and keeps the time for you.",
    "It is not medical advice, and it does not know your hip. Only someone who has examined "
    "you can say which exercises are right for you.",
)

BEFORE_HEADING: Final = "Before you start"
BEFORE_YOU_START: Final = (
    "See a doctor or physiotherapist before you start a new exercise plan.",
    "If you have had a hip replacement or other surgery, wait until your surgeon or "
    "physiotherapist says these exercises are safe for you, and keep to the movements they "
    "allow.",
    "Start with the easiest exercises, and build up slowly.",
    PAIN_RULE,
    "If pain is higher the next morning, do less next time, and tell your physiotherapist.",
)


class Tier(int, Enum):
    """The care a warning sign needs; a higher value is more urgent."""

    DOCTOR = 1
    TODAY = 2
    EMERGENCY = 3

    @property
    def heading(self) -> str:
        return {Tier.EMERGENCY: "Call emergency services now (such as 911, 999 or 112) if",
                Tier.TODAY: "Get seen today, by your doctor or an urgent care service, if",
                Tier.DOCTOR: "See your doctor before you go on with these exercises if",
                }[self]

    @property
    def action(self) -> str:
        """What to do, as a sentence of its own."""
        return {Tier.EMERGENCY: "Call emergency services now, such as 911, 999 or 112. "
                                "Do not exercise.",
                Tier.TODAY: "Do not exercise today. Get seen today, by your doctor or an "
                            "urgent care service.",
                Tier.DOCTOR: "Stop these exercises until you have seen your doctor, and book "
                             "an appointment soon.",
                }[self]


@dataclass(frozen=True)
class WarningSign:
    """One warning sign, as listed in the notice: it finishes its tier's heading."""

    key: str
    text: str
    tier: Tier


WARNING_SIGNS: Final = (
    WarningSign("injury-weight", "you have had a fall or an injury and cannot stand or put "
                "weight on the leg", Tier.EMERGENCY),
    WarningSign("injury-shape", "after a fall or an injury, the leg looks shorter or is "
                "turned out (it may be broken)", Tier.EMERGENCY),
    WarningSign("replaced-shape", "you have had a hip replaced and the leg suddenly looks "
                "shorter, or turned in or out (the hip may have come out of place)",
                Tier.EMERGENCY),
    WarningSign("saddle", "you cannot control your bladder or bowels, or feel numb between "
                "your legs or around your bottom", Tier.EMERGENCY),
    WarningSign("chest", "you have chest pain or sudden breathlessness (with a painful calf, "
                "a clot may have moved to the lungs)", Tier.EMERGENCY),
    WarningSign("fever", "you have a fever or chills, or feel unwell, as well as hip pain (the "
                "hip need not look hot or swollen)", Tier.TODAY),
    WarningSign("calf", "one calf is painful, swollen and warm (a possible clot)", Tier.TODAY),
    WarningSign("sudden", "sudden, severe, new pain in the hip or groin comes on without an "
                "injury", Tier.TODAY),
    WarningSign("nerve", "your leg feels numb or weak, and this is new", Tier.TODAY),
    WarningSign("night", "the pain is there all the time, even at night or when you rest",
                Tier.DOCTOR),
    WarningSign("weight", "you are losing weight and do not know why", Tier.DOCTOR),
    WarningSign("cancer", "you have had cancer, now or in the past, and this pain is new or "
                "unexplained", Tier.DOCTOR),
    WarningSign("worse", "hip pain you have had for a long time suddenly gets much worse",
                Tier.DOCTOR),
    WarningSign("replaced-pain", "you have had a hip replaced and the pain is new or getting "
                "worse", Tier.DOCTOR),
)


@dataclass(frozen=True)
class Question:
    """A yes/no question of the recheck; yes means the signs it names may be present."""

    text: str
    signs: tuple[str, ...]  # WarningSign keys, all of one tier

    @property
    def tier(self) -> Tier:
        return max(s.tier for s in WARNING_SIGNS if s.key in self.signs)


# Short enough to answer with a sore hip: every warning sign, grouped by the care it needs.
RECHECK: Final = (
    Question("Did this start with a fall or an injury, and now you cannot put weight on the "
             "leg, or it looks shorter or turned out?", ("injury-weight", "injury-shape")),
    Question("Have you had a hip replaced, and does that leg now look shorter, or turned in "
             "or out?", ("replaced-shape",)),
    Question("Have you lost control of your bladder or bowels, or gone numb between your "
             "legs?", ("saddle",)),
    Question("Do you have chest pain, or sudden breathlessness?", ("chest",)),
    Question("Do you have a fever or chills, or feel unwell?", ("fever",)),
    Question("Is one calf painful, swollen and warm?", ("calf",)),
    Question("Did severe pain come on suddenly, without an injury, or is your leg newly numb "
             "or weak?", ("sudden", "nerve")),
    Question("Is the pain there all the time, even at night, or much worse than it has been "
             "(after a hip replacement: new or growing)?", ("night", "worse", "replaced-pain")),
    Question("Are you losing weight without knowing why, or have you had cancer?",
             ("weight", "cancer")),
)


def signs_of(tier: Tier) -> tuple[WarningSign, ...]:
    return tuple(s for s in WARNING_SIGNS if s.tier is tier)


def worst_tier(answers: Iterable[tuple[Question, bool]]) -> Tier | None:
    """The most urgent tier among the questions answered yes; None if every answer was no."""
    yes = [question.tier for question, answer in answers if answer]
    return max(yes) if yes else None


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
    for tier in sorted(Tier, reverse=True):
        lines += ["", f"{tier.heading}:"]
        lines += [f"- {sign.text}" for sign in signs_of(tier)]
    return "\n".join(lines)
