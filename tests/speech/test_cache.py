"""The cue cache with the real engine: rendering, trimming, warm hits, corrupt files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

from hiptimer.speech import Clip, CueCache, VoiceSettings
from hiptimer.speech.audio import read_audio

PHRASES = ["Three.", "Rep 6 of 12.", "Switch sides.",
           "Clamshell. Lie on your side with your knees bent, and lift the top knee slowly."]
FAIL = [sys.executable, "-c", "raise SystemExit(1)"]  # a command that would fail if started
PAD_FRAMES = round(0.015 * 22050)
LOUD = 32768 * 10 ** (-45 / 20)


@dataclass(frozen=True)
class Rendered:
    cache: CueCache
    clips: dict[str, Clip]
    progress: list[tuple[int, int]]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The phrases rendered once, by the real engine, into a fresh cache."""
    cache = CueCache(tmp_path_factory.mktemp("speech") / "cues", VoiceSettings())
    calls: list[tuple[int, int]] = []
    result = cache.render(PHRASES, progress=lambda done, total: calls.append((done, total)))
    assert result.error is None and not result.failed
    return Rendered(cache, result.clips, calls)


def test_every_phrase_becomes_a_16_bit_wav_in_the_cache(rendered: Rendered) -> None:
    cache, clips = rendered.cache, rendered.clips
    assert list(clips) == PHRASES
    for text, clip in clips.items():
        assert clip.text == text and clip.path.parent == cache.folder
        with wave.open(str(clip.path)) as wav:
            assert wav.getsampwidth() == 2 and wav.getnchannels() in (1, 2)
            assert clip.length == wav.getnframes() / wav.getframerate()


def test_clips_are_trimmed_to_15_ms_around_the_sound(rendered: Rendered) -> None:
    for clip in rendered.clips.values():
        pcm = read_audio(clip.path)
        loud = [i // pcm.channels for i, s in enumerate(pcm.samples) if abs(s) > LOUD]
        assert loud[0] <= PAD_FRAMES and loud[-1] >= pcm.frames - PAD_FRAMES - 1


def test_lengths_grow_with_the_phrase(rendered: Rendered) -> None:
    lengths = {text: clip.length for text, clip in rendered.clips.items()}
    assert 0.1 < lengths["Three."] < lengths["Rep 6 of 12."] < lengths[PHRASES[-1]] < 10


def test_progress_is_reported_once_per_phrase(rendered: Rendered) -> None:
    assert rendered.progress == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_warm_cache_starts_no_process(rendered: Rendered,
                                        started: list[subprocess.Popen[bytes]]) -> None:
    cache, clips = rendered.cache, rendered.clips
    warm = CueCache(cache.folder, cache.voice, command=FAIL)
    calls: list[tuple[int, int]] = []
    result = warm.render(PHRASES, progress=lambda done, total: calls.append((done, total)))
    assert result.clips == clips and not result.failed and result.error is None
    assert warm.cached(PHRASES) == clips
    assert started == [] and calls == []


def test_other_voice_settings_are_cached_apart(rendered: Rendered) -> None:
    cache = rendered.cache
    faster = CueCache(cache.folder, VoiceSettings(rate=250), command=FAIL)
    assert faster.cached(PHRASES) == {}
    assert faster.path_for("Three.") != cache.path_for("Three.")


def test_a_corrupt_cached_file_is_rendered_again(tmp_path: Path) -> None:
    cache = CueCache(tmp_path / "cues", VoiceSettings())
    first = cache.render(["Rest.", "Hold."]).clips
    broken = first["Rest."].path
    broken.write_bytes(broken.read_bytes()[:200])  # truncated
    assert list(cache.cached(["Rest.", "Hold."])) == ["Hold."]
    again = cache.render(["Rest.", "Hold."])
    assert again.error is None and again.clips == first
    assert read_audio(broken).length == first["Rest."].length


def test_duplicates_and_blank_phrases(tmp_path: Path) -> None:
    result = CueCache(tmp_path / "cues", VoiceSettings()).render(["Up.", "Up.", "  "])
    assert list(result.clips) == ["Up."]
    assert result.failed == {"  ": "There are no words to say."}


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_cache_is_private(rendered: Rendered) -> None:
    cache, clips = rendered.cache, rendered.clips
    assert stat.S_IMODE(cache.folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(clip.path.stat().st_mode) for clip in clips.values()} == {0o600}
    assert sorted(p.name for p in cache.folder.iterdir()) == sorted(c.path.name
                                                                     for c in clips.values())


def test_an_unwritable_cache_folder_is_a_plain_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    result = CueCache(tmp_path / "file" / "cues", VoiceSettings(), command=FAIL).render(["Up."])
    assert result.error is not None and "could not write spoken cues" in result.error
    assert list(result.failed) == ["Up."]
