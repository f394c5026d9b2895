"""16-bit PCM in and out: read WAV or AIFF, trim silence at both ends, write WAV."""

from __future__ import annotations

import io
import math
import struct
import sys
import wave
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SILENCE_DBFS = -45.0  # quieter than this counts as silence
PAD_S = 0.015  # silence kept before the first and after the last sound


class AudioError(ValueError):
    """A file is not audio this module can read; ``str()`` says why in plain words."""


@dataclass(frozen=True)
class Pcm:
    """Interleaved signed 16-bit samples in native byte order."""

    channels: int
    rate: int
    samples: array[int]

    @property
    def frames(self) -> int:
        return len(self.samples) // self.channels

    @property
    def length(self) -> float:
        return self.frames / self.rate


def read_audio(path: Path) -> Pcm:
    """Read a 16-bit PCM WAV or AIFF file (macOS's engine writes AIFF whatever the name says).

    Raises:
        AudioError: the file is missing, empty, truncated or in another format.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AudioError(f"the audio file could not be read ({exc.strerror})") from exc
    if not data:
        raise AudioError("the audio file is empty")
    if data[:4] == b"FORM":
        return parse_aiff(data)
    return parse_wav(data)


def parse_wav(data: bytes) -> Pcm:
    try:
        with wave.open(io.BytesIO(data)) as wav:
            channels, width, rate, frames = (wav.getnchannels(), wav.getsampwidth(),
                                             wav.getframerate(), wav.getnframes())
            raw = wav.readframes(frames)
    except (wave.Error, EOFError, struct.error, RuntimeError) as exc:  # RuntimeError: a chunk
        # that claims to run past the end of the file
        detail = f" ({exc})" if str(exc) else ""
        raise AudioError(f"the audio file is not a valid WAV file{detail}") from exc
    if width != 2:
        raise AudioError(f"the audio file has {8 * width}-bit samples, not 16-bit")
    if len(raw) != frames * channels * 2:
        raise AudioError("the audio file is truncated")
    return _pcm(channels, rate, raw, big_endian=False)


def parse_aiff(data: bytes) -> Pcm:
    """Read big-endian 16-bit PCM from the ``COMM`` and ``SSND`` chunks of an AIFF(-C) file."""
    kind = data[8:12]
    chunks = dict(_iff_chunks(data))
    comm, ssnd = chunks.get(b"COMM"), chunks.get(b"SSND")
    if kind not in (b"AIFF", b"AIFC") or comm is None or ssnd is None or len(comm) < 18:
        raise AudioError("the audio file is not a valid AIFF file")
    channels, frames, bits = struct.unpack(">hLh", comm[:8])
    compression = comm[18:22] if kind == b"AIFC" else b"NONE"
    if bits != 16 or compression not in (b"NONE", b"sowt") or channels < 1:
        raise AudioError("the AIFF file is not 16-bit uncompressed audio")
    offset = struct.unpack(">L", ssnd[:4])[0] + 8
    raw = ssnd[offset:offset + frames * channels * 2]
    if len(raw) != frames * channels * 2:
        raise AudioError("the audio file is truncated")
    return _pcm(channels, round(_extended(comm[8:18])), raw, big_endian=compression == b"NONE")


def _iff_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    pos = 12
    while pos + 8 <= len(data):
        name, size = struct.unpack(">4sL", data[pos:pos + 8])
        yield name, data[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)  # chunks are padded to an even length


def _extended(raw: bytes) -> float:
    """Decode an 80-bit IEEE 754 extended float, as AIFF stores its sample rate."""
    exponent, mantissa = struct.unpack(">HQ", raw)
    sign = -1 if exponent & 0x8000 else 1
    return sign * math.ldexp(mantissa, (exponent & 0x7FFF) - 16383 - 63)


def _pcm(channels: int, rate: int, raw: bytes, *, big_endian: bool) -> Pcm:
    if channels < 1 or rate < 1:
        raise AudioError("the audio file has no channels or no sample rate")
    samples = array("h", raw)
    if big_endian != (sys.byteorder == "big"):
        samples.byteswap()
    return Pcm(channels, rate, samples)


def trim_silence(pcm: Pcm, *, threshold_dbfs: float = SILENCE_DBFS,
                 pad_s: float = PAD_S) -> Pcm | None:
    """Cut leading and trailing silence, keeping ``pad_s`` of it at each end.

    Returns:
        The trimmed audio, or None when no sample is louder than the threshold.
    """
    limit = 32768 * 10 ** (threshold_dbfs / 20)
    samples = pcm.samples
    first = next((i for i, s in enumerate(samples) if abs(s) > limit), None)
    if first is None:
        return None
    last = next(i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > limit)
    pad = round(pad_s * pcm.rate)
    start = max(0, first // pcm.channels - pad)
    end = min(pcm.frames, last // pcm.channels + 1 + pad)
    return Pcm(pcm.channels, pcm.rate, samples[start * pcm.channels:end * pcm.channels])


def write_wav(pcm: Pcm, file: BinaryIO) -> None:
    """Write ``pcm`` as a 16-bit PCM WAV file."""
    samples = pcm.samples
    if sys.byteorder == "big":  # WAV is little-endian
        samples = array("h", samples)
        samples.byteswap()
    with wave.open(file, "wb") as wav:
        wav.setnchannels(pcm.channels)
        wav.setsampwidth(2)
        wav.setframerate(pcm.rate)
        wav.writeframes(samples.tobytes())
