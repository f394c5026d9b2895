"""Shared test helpers for speech: synthetic audio, and fake speech subprocesses."""

from __future__ import annotations

import io
import math
import struct
import sys
import textwrap
import wave
from pathlib import Path

RATE = 22050


def tone(seconds: float, *, amplitude: int = 8000, hz: float = 440.0,
         rate: int = RATE) -> list[int]:
    return [round(amplitude * math.sin(2 * math.pi * hz * i / rate))
            for i in range(round(seconds * rate))]


def silence(seconds: float, *, level: int = 0, rate: int = RATE) -> list[int]:
    """Digital silence, or a faint square wave of ``level`` (below the threshold when small)."""
    return [level if i % 2 else -level for i in range(round(seconds * rate))]


def wav_bytes(samples: list[int], *, channels: int = 1, rate: int = RATE) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()


def aiff_bytes(samples: list[int], *, channels: int = 1, rate: int = RATE) -> bytes:
    """A minimal AIFF file: big-endian 16-bit PCM in COMM and SSND chunks."""
    exponent = rate.bit_length() - 1
    extended = struct.pack(">HQ", 16383 + exponent, rate << (63 - exponent))
    frames = len(samples) // channels
    comm = struct.pack(">hLh", channels, frames, 16) + extended
    ssnd = struct.pack(">LL", 0, 0) + struct.pack(f">{len(samples)}h", *samples)
    body = b"AIFF" + _chunk(b"COMM", comm) + _chunk(b"SSND", ssnd)
    return b"FORM" + struct.pack(">L", len(body)) + body


def _chunk(name: bytes, data: bytes) -> bytes:
    return name + struct.pack(">L", len(data)) + data + b"\0" * (len(data) & 1)


def fake_child(tmp_path: Path, body: str) -> list[str]:
    """A command running ``body`` as a speech subprocess, with ``request`` read from stdin,
    ``send(message)`` to answer and ``write_tone(path)`` to write a short valid WAV."""
    script = tmp_path / "fake_render.py"
    script.write_text(PRELUDE + textwrap.dedent(body), encoding="utf-8")
    return [sys.executable, str(script)]


PRELUDE = '''\
import json, math, struct, sys, wave

def send(message):
    print(json.dumps(message), flush=True)

def write_tone(path, seconds=0.3):
    with wave.open(path, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
        n = int(seconds * 22050)
        w.writeframes(struct.pack(f"<{n}h", *(int(8000 * math.sin(i / 8)) for i in range(n))))

def read_request():
    return json.loads(sys.stdin.readline())
'''
