"""The cue cache: every phrase rendered once per voice setting, trimmed, kept as a WAV file."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..store.files import make_private_folder
from .audio import AudioError, read_audio, trim_silence, write_wav
from .process import Job, render_command, render_jobs
from .voice import VoiceSettings

CACHE_VERSION = 1  # bump when rendering or trimming changes, to re-render every clip


@dataclass(frozen=True)
class Clip:
    """A phrase rendered to a trimmed 16-bit PCM WAV file in the cache."""

    text: str
    path: Path
    length: float  # seconds of sound after trimming


@dataclass
class RenderResult:
    """What ``CueCache.render`` could and could not provide.

    ``error`` is set when the engine as a whole failed (missing, crashed, hung): a plain
    sentence saying what is wrong and how to fix it. Phrases it never reached are in ``failed``.
    """

    clips: dict[str, Clip] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # text -> reason in plain words
    error: str | None = None


class CueCache:
    """Rendered phrases for one voice setting, in ``folder`` (created 0700, files 0600)."""

    def __init__(self, folder: Path, voice: VoiceSettings, *, timeout_s: float = 20.0,
                 command: Sequence[str] | None = None) -> None:
        self.folder = folder
        self.voice = voice
        self.timeout_s = timeout_s
        self.command = list(command) if command is not None else render_command()

    def path_for(self, text: str) -> Path:
        """The cache file of ``text``, keyed on everything that changes how it sounds."""
        key = [sys.platform, self.voice.voice, self.voice.rate, self.voice.volume, text,
               CACHE_VERSION]  # pyttsx3 picks its driver by platform
        digest = hashlib.sha256(json.dumps(key).encode("ascii")).hexdigest()
        return self.folder / f"{digest}.wav"

    def cached(self, texts: Iterable[str]) -> dict[str, Clip]:
        """The clips already in the cache; a corrupt or truncated file counts as missing."""
        clips = {}
        for text in dict.fromkeys(texts):
            path = self.path_for(text)
            if not path.is_file():
                continue
            with contextlib.suppress(AudioError):
                clips[text] = Clip(text, path, read_audio(path).length)
        return clips

    def render(self, texts: Iterable[str],
               progress: Callable[[int, int], None] | None = None) -> RenderResult:
        """Every phrase of ``texts`` as a clip, rendering the misses in one subprocess.

        Args:
            progress: called with (done, total) on the calling thread as each missing phrase
                is finished; total is the number of misses.
        """
        wanted = list(dict.fromkeys(texts))
        result = RenderResult(clips=self.cached(wanted))
        misses = [text for text in wanted if text not in result.clips]
        for text in misses:
            if not text.strip():
                result.failed[text] = "There are no words to say."
        misses = [text for text in misses if text.strip()]
        if misses:
            self._render_misses(misses, result, progress)
        return result

    def _render_misses(self, misses: list[str], result: RenderResult,
                       progress: Callable[[int, int], None] | None) -> None:
        try:
            make_private_folder(self.folder)
            scratch = tempfile.TemporaryDirectory(dir=self.folder, prefix=".render-",
                                                  ignore_cleanup_errors=True)
        except OSError as exc:
            result.error = (f"HipTimer could not write spoken cues to {self.folder} "
                            f"({exc.strerror or exc}). Free some disk space or check the "
                            "folder's permissions.")
            result.failed.update(dict.fromkeys(misses, "The cue cache could not be written."))
            return
        with scratch as tmp:
            jobs = [Job(text, Path(tmp) / f"{i}.wav") for i, text in enumerate(misses)]
            done = 0

            def on_done(index: int, error: str | None) -> None:
                nonlocal done
                self._finish(jobs[index], error, result)
                done += 1
                if progress is not None:
                    progress(done, len(jobs))

            result.error = render_jobs(self.command, self.voice, jobs, self.timeout_s, on_done)
        for job in jobs:
            if job.text not in result.clips and job.text not in result.failed:
                result.failed[job.text] = "The speech engine stopped before saying it."

    def _finish(self, job: Job, error: str | None, result: RenderResult) -> None:
        if error is not None:
            result.failed[job.text] = f"The speech engine could not say it ({error})."
            return
        try:
            result.clips[job.text] = self._store(job)
        except AudioError as exc:
            result.failed[job.text] = _capitalised(str(exc))
        except OSError as exc:
            result.failed[job.text] = f"The clip could not be saved ({exc.strerror or exc})."

    def _store(self, job: Job) -> Clip:
        """Trim the child's file and move it into the cache under its final name."""
        pcm = trim_silence(read_audio(job.path))
        if pcm is None:
            raise AudioError("the speech engine produced only silence")
        final = self.path_for(job.text)
        fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".clip-", suffix=".tmp")  # 0600
        try:
            with os.fdopen(fd, "wb") as file:
                write_wav(pcm, file)
            os.replace(temp, final)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        return Clip(job.text, final, pcm.length)



def _capitalised(reason: str) -> str:
    return reason[:1].upper() + reason[1:] + ("" if reason.endswith(".") else ".")
