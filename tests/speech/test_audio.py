"""Reading WAV and AIFF, trimming silence, writing WAV: on synthetic audio."""

from __future__ import annotations

import io
import wave
from array import array
from pathlib import Path

import pytest

from hiptimer.speech.audio import AudioError, Pcm, parse_wav, read_audio, trim_silence, write_wav

from .helpers import RATE, aiff_bytes, silence, tone, wav_bytes

PAD = round(0.015 * RATE)


def test_trim_keeps_the_sound_and_15_ms_of_silence_each_side() -> None:
    sound = tone(0.3)
    samples = silence(0.5) + sound + silence(0.4)
    trimmed = trim_silence(parse_wav(wav_bytes(samples)))
    assert trimmed is not None
    first = next(i for i, s in enumerate(sound) if abs(s) > 184)
    last = max(i for i, s in enumerate(sound) if abs(s) > 184)
    assert trimmed.frames == (last - first + 1) + 2 * PAD
    assert trimmed.samples[PAD:PAD + 50].tolist() == sound[first:first + 50]
    assert trimmed.length == pytest.approx(0.3 + 0.03, abs=0.002)


def test_faint_noise_below_minus_45_dbfs_counts_as_silence() -> None:
    samples = silence(0.2, level=150) + tone(0.1) + silence(0.2, level=150)  # 150 ≈ -47 dBFS
    trimmed = trim_silence(parse_wav(wav_bytes(samples)))
    assert trimmed is not None
    assert trimmed.length == pytest.approx(0.1 + 0.03, abs=0.002)


def test_all_silence_trims_to_nothing() -> None:
    assert trim_silence(parse_wav(wav_bytes(silence(0.5, level=100)))) is None


def test_sound_at_the_very_edges_is_not_padded_past_the_file() -> None:
    samples = tone(0.2, amplitude=3000, hz=5512.5)  # every other sample is loud from the start
    trimmed = trim_silence(parse_wav(wav_bytes(samples)))
    assert trimmed is not None
    assert trimmed.frames <= len(samples)


def test_stereo_is_trimmed_by_frames() -> None:
    left = silence(0.2) + tone(0.1) + silence(0.2)
    right = [0] * len(left)
    interleaved = [s for pair in zip(left, right, strict=True) for s in pair]
    trimmed = trim_silence(parse_wav(wav_bytes(interleaved, channels=2)))
    assert trimmed is not None and trimmed.channels == 2
    assert trimmed.length == pytest.approx(0.1 + 0.03, abs=0.002)
    assert len(trimmed.samples) == 2 * trimmed.frames


def test_write_wav_round_trips() -> None:
    pcm = Pcm(1, RATE, array("h", tone(0.05)))
    buffer = io.BytesIO()
    write_wav(pcm, buffer)
    assert parse_wav(buffer.getvalue()) == pcm


def test_aiff_is_read_as_pcm(tmp_path: Path) -> None:
    samples = [*tone(0.1), -32768, 32767, 1, -1]
    path = tmp_path / "mac.wav"  # macOS writes AIFF whatever the name says
    path.write_bytes(aiff_bytes(samples))
    pcm = read_audio(path)
    assert (pcm.channels, pcm.rate, pcm.samples.tolist()) == (1, RATE, samples)


def test_stereo_aiff_at_another_rate(tmp_path: Path) -> None:
    samples = [1, -2, 300, -400, 5, 6]
    path = tmp_path / "mac.aiff"
    path.write_bytes(aiff_bytes(samples, channels=2, rate=44100))
    pcm = read_audio(path)
    assert (pcm.channels, pcm.rate, pcm.frames, pcm.samples.tolist()) == (2, 44100, 3, samples)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"RIFF\x10\x00\x00\x00WAVEjunk", "not a valid WAV"),
    (b"RIFF\x10\x00\x00\x00WAVEnot really", "not a valid WAV"),  # a chunk past the end
    (wav_bytes(tone(0.1))[:-100], "truncated"),
    (aiff_bytes(tone(0.1))[:-100], "truncated"),
    (b"FORM\x00\x00\x00\x04AIFF", "not a valid AIFF"),
])
def test_unreadable_files_raise_a_plain_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(data)
    with pytest.raises(AudioError, match=reason):
        read_audio(path)


def test_a_missing_file_is_an_audio_error(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="could not be read"):
        read_audio(tmp_path / "none.wav")


def test_8_bit_wav_is_refused() -> None:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(b"\x80" * 100)
    with pytest.raises(AudioError, match="8-bit"):
        parse_wav(buffer.getvalue())
