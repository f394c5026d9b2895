"""Drive the speech subprocess: send a request, read answers with a timeout, kill it if hung."""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .voice import SpeechUnavailable, Voice, VoiceSettings

EXIT_WAIT_S = 5.0  # how long a child that has answered everything gets to exit by itself


@dataclass(frozen=True)
class Job:
    text: str
    path: Path  # where the child writes the audio


def render_command() -> list[str]:
    """The command that starts the speech subprocess, from source or from a frozen build."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--render-cues"]
    return [sys.executable, "-m", "hiptimer.speech.render"]


def list_voices(*, timeout_s: float = 15.0, command: Sequence[str] | None = None) -> list[Voice]:
    """The voices the speech engine offers.

    Raises:
        SpeechUnavailable: the engine is missing, failed, or did not answer within ``timeout_s``.
    """
    with _Child([*(command or render_command()), "--list-voices"], None) as child:
        answer = child.next_message(timeout_s)
    try:
        return [Voice(str(v["id"]), str(v["name"]), tuple(str(lang) for lang in v["languages"]))
                for v in answer["voices"]]
    except (KeyError, TypeError) as exc:
        raise SpeechUnavailable(_garbled(json.dumps(answer))) from exc


def render_jobs(command: Sequence[str], voice: VoiceSettings, jobs: Sequence[Job],
                timeout_s: float, on_done: Callable[[int, str | None], None]) -> str | None:
    """Render ``jobs`` in one subprocess.

    Args:
        on_done: called as each job finishes, with its index and None, or the child's reason
            for failing it. Jobs that never finish are not reported.

    Returns:
        None, or a plain sentence saying why the engine as a whole failed.
    """
    request = {"voice": voice.voice, "rate": voice.rate, "volume": voice.volume,
               "jobs": [{"text": job.text, "path": str(job.path)} for job in jobs]}
    try:
        with _Child(list(command), json.dumps(request) + "\n") as child:
            waiting = set(range(len(jobs)))
            while waiting:
                index, error = _job_answer(child.next_message(timeout_s), waiting)
                waiting.remove(index)
                on_done(index, error)
    except SpeechUnavailable as exc:
        return str(exc)
    return None


def _job_answer(message: dict[str, Any], waiting: set[int]) -> tuple[int, str | None]:
    index = message.get("done")
    if not isinstance(index, int) or index not in waiting:  # not a job, or answered already
        raise SpeechUnavailable(_garbled(json.dumps(message)))
    return index, None if message.get("ok") else str(message.get("error") or "unknown error")


def _garbled(text: str) -> str:
    return (f"The speech engine sent an answer HipTimer could not read ({text[:80]!r}). "
            "Reinstall HipTimer to get spoken cues back.")


class _Child:
    """A speech subprocess whose stdout is read line by line, each line with a timeout.

    A thread writes the request and then reads the lines into a queue, so that a child that
    never reads or never answers cannot block the caller (this works on Windows too, where
    ``select`` does not take pipes). Leaving the ``with`` block always ends the process.
    """

    def __init__(self, command: list[str], request: str | None) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115  # a file, not a pipe: never fills
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE if request else subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=self._stderr,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except OSError as exc:
            self._stderr.close()
            raise SpeechUnavailable(
                f"HipTimer could not start its speech engine ({exc.strerror or exc}). "
                "Reinstall HipTimer to get spoken cues back.") from exc
        self._lines: queue.Queue[bytes | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(request,), daemon=True)
        self._thread.start()

    def __enter__(self) -> _Child:
        return self

    def __exit__(self, *exc_info: object) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(EXIT_WAIT_S if exc_info[0] is None else 0)
        self._kill()

    def _pump(self, request: str | None) -> None:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdout is not None
        if stdin is not None and request is not None:
            with contextlib.suppress(OSError):  # the child died or will not read: seen below
                stdin.write(request.encode("ascii"))
                stdin.close()
        for line in _lines(stdout):
            self._lines.put(line)
        self._lines.put(None)

    def next_message(self, timeout_s: float) -> dict[str, Any]:
        """The child's next JSON object; a ``{"error": ...}`` answer is raised.

        Raises:
            SpeechUnavailable: with a plain sentence for the user.
        """
        try:
            line = self._lines.get(timeout=timeout_s)
        except queue.Empty:
            self._kill()
            raise SpeechUnavailable(
                f"The speech engine stopped responding for {timeout_s:g} seconds and was "
                "stopped. Try again, or choose another voice in Settings.") from None
        if line is None:
            raise SpeechUnavailable(self._exit_reason())
        try:
            message = json.loads(line)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            raise SpeechUnavailable(_garbled(line.decode("utf-8", "replace").strip()))
        if "error" in message and "done" not in message:
            raise SpeechUnavailable(str(message["error"]))
        return message

    def _exit_reason(self) -> str:
        try:
            code = self.process.wait(EXIT_WAIT_S)
        except subprocess.TimeoutExpired:
            code = None
        detail = f"exit code {code}" if code is not None else "it closed its output"
        if last := self._stderr_tail():
            detail += f": {last}"
        return (f"The speech engine quit unexpectedly ({detail}). "
                "Try again; if it keeps happening, reinstall HipTimer.")

    def _stderr_tail(self) -> str:
        self._stderr.seek(0, 2)
        self._stderr.seek(max(0, self._stderr.tell() - 2000))
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1].strip()[:200] if lines else ""

    def _kill(self) -> None:
        """End the child (if still running), reap it, and release the pipes."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._thread.join(timeout=EXIT_WAIT_S)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None and not self._thread.is_alive():
                with contextlib.suppress(OSError):
                    pipe.close()
        self._stderr.close()


def _lines(stdout: IO[bytes]) -> Iterator[bytes]:
    with contextlib.suppress(OSError, ValueError):  # the pipe was closed under us
        yield from stdout
