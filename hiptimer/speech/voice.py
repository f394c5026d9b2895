"""What to speak with: the voice settings, the voices an engine offers, and its failure."""

from __future__ import annotations

from dataclasses import dataclass

RATE_RANGE = (80, 300)  # words per minute that stay intelligible


class SpeechUnavailable(Exception):
    """The speech engine as a whole cannot be used; ``str()`` tells the user why and what to do."""


@dataclass(frozen=True)
class VoiceSettings:
    """How cues are spoken. ``voice`` is an engine voice id; "" means the engine's default."""

    voice: str = ""
    rate: int = 170  # words per minute (pyttsx3 'rate')
    volume: float = 1.0  # 0..1

    def __post_init__(self) -> None:
        lo, hi = RATE_RANGE
        if not lo <= self.rate <= hi:
            raise ValueError(f"rate must be {lo}..{hi} words per minute, not {self.rate}")
        if not 0.0 <= self.volume <= 1.0:
            raise ValueError(f"volume must be 0..1, not {self.volume}")


@dataclass(frozen=True)
class Voice:
    """One voice an engine offers."""

    id: str
    name: str
    languages: tuple[str, ...]
