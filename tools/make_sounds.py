"""Write the beep clips in assets/sounds/: tick.wav and phase.wav.

Run it from anywhere (``python tools/make_sounds.py``); the output is committed, so this only
needs to run again when the sounds change. Clips are 16-bit mono 44.1 kHz, peaking at -6 dBFS.
"""

from __future__ import annotations

import math
import wave
from array import array
from collections.abc import Sequence
from pathlib import Path

RATE = 44_100
PEAK = 10 ** (-6 / 20)  # -6 dBFS
SOUNDS = Path(__file__).resolve().parents[1] / "assets" / "sounds"


def envelope(i: int, n: int, attack: int, release: int) -> float:
    """A raised-cosine attack and release, so the clip starts and ends at zero without a click."""
    if i < attack:
        return 0.5 - 0.5 * math.cos(math.pi * i / attack)
    if i >= n - release:
        return 0.5 - 0.5 * math.cos(math.pi * (n - 1 - i) / release)
    return 1.0


def tone(freq: float, seconds: float, attack_s: float, release_s: float,
         decay: float = 0.0) -> list[float]:
    """A sine at ``freq``, shaped by the envelope and an exponential decay (1/s)."""
    n = round(seconds * RATE)
    attack, release = round(attack_s * RATE), round(release_s * RATE)
    return [math.sin(2 * math.pi * freq * i / RATE) * envelope(i, n, attack, release)
            * math.exp(-decay * i / RATE) for i in range(n)]


def write_wav(path: Path, samples: Sequence[float]) -> None:
    """Write ``samples`` (floats in [-1, 1]) scaled so the loudest one is at PEAK."""
    top = max((abs(s) for s in samples), default=0.0)
    gain = PEAK / top if top else 0.0
    data = array("h", (round(s * gain * 32767) for s in samples))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())


def tick() -> list[float]:
    return tone(1000, 0.08, attack_s=0.004, release_s=0.02, decay=25)


def phase() -> list[float]:
    """Two rising tones (A5, E6): unlike the tick in both pitch and shape."""
    return (tone(880, 0.07, attack_s=0.004, release_s=0.01)
            + tone(1320, 0.08, attack_s=0.004, release_s=0.03, decay=10))


def main() -> None:
    SOUNDS.mkdir(parents=True, exist_ok=True)
    write_wav(SOUNDS / "tick.wav", tick())
    write_wav(SOUNDS / "phase.wav", phase())
    for name in ("tick.wav", "phase.wav"):
        print(SOUNDS / name)


if __name__ == "__main__":
    main()
