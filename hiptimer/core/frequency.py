"""How often a routine, an exercise or an activity is meant to be done."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Frequency:
    """How often something is meant to be done: on ``low`` to ``high`` days a week, or
    whenever the user likes (0 to 0)."""

    low: int
    high: int

    DAILY: ClassVar[Frequency]
    STRENGTH: ClassVar[Frequency]
    AS_NEEDED: ClassVar[Frequency]

    def __post_init__(self) -> None:
        if not (0 <= self.low <= self.high <= 7 and (self.low > 0) == (self.high > 0)):
            raise ValueError(f"no frequency of {self.low} to {self.high} days a week")

    @classmethod
    def parse(cls, text: str) -> Frequency:
        """Read ``"daily"``, ``"N-per-week"``, ``"N-M-per-week"`` or ``"as-needed"``.

        Raises:
            ValueError: anything else, with a suggestion where one is likely.
        """
        named = {"daily": cls.DAILY, "as-needed": cls.AS_NEEDED}
        if text in named:
            return named[text]
        match = re.fullmatch(r"([1-7])(?:-([1-7]))?-per-week", text)
        if match and (match[2] is None or match[1] < match[2]):
            return cls(int(match[1]), int(match[2] or match[1]))
        hint = re.search(r"([1-7])(?:\s*(?:-|to)\s*([1-7]))?\s*(?:days?|times?|x)\b", text)
        guess = (f'; write "{hint[1]}-{hint[2]}-per-week"' if hint and hint[2] else
                 f'; write "{hint[1]}-per-week"' if hint else "")
        raise ValueError(f'is {text!r}; expected "daily", "N-per-week" (N from 1 to 7), '
                         f'"N-M-per-week" or "as-needed"{guess}')

    @property
    def value(self) -> str:
        """As written in a routine file."""
        if self == Frequency.DAILY:
            return "daily"
        if self == Frequency.AS_NEEDED:
            return "as-needed"
        days = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return f"{days}-per-week"

    @property
    def label(self) -> str:
        """In words: ``"daily"``, ``"5 days a week"``, ``"3–4 days a week"``."""
        if self == Frequency.DAILY:
            return "daily"
        if self == Frequency.AS_NEEDED:
            return "whenever you like"
        if self.high == 1:
            return "once a week"
        days = str(self.low) if self.low == self.high else f"{self.low}–{self.high}"
        return f"{days} days a week"

    @property
    def target(self) -> int:
        """Days a week that count as keeping to it (the low end); 0 when as needed."""
        return self.low

    @classmethod
    def choices(cls) -> tuple[Frequency, ...]:
        """Every frequency an editor offers, most often first."""
        return (cls.DAILY, *(cls(n, n) for n in range(6, 0, -1)), cls.STRENGTH,
                cls.AS_NEEDED)


Frequency.DAILY = Frequency(7, 7)
Frequency.STRENGTH = Frequency(3, 4)
Frequency.AS_NEEDED = Frequency(0, 0)
