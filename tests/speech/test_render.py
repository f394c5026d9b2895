"""The speech subprocess's own logic: retrying cut-off phrases, and its answers to bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hiptimer.speech import render_command
from hiptimer.speech.render import _render_one

from .helpers import tone, wav_bytes


class FakeEngine:
    """Plays out a script of attempts: "cut" (cancelled, empty file), "none" (no file),
    "raise", or "ok"."""

    def __init__(self, script: list[str]) -> None:
        self.script = script
        self.attempts = 0
        self.listeners: dict[int, tuple[str, Callable[..., None]]] = {}
        self.tokens = 0
        self.saving: tuple[str, str] | None = None

    def connect(self, topic: str, callback: Callable[..., None]) -> int:
        self.tokens += 1
        self.listeners[self.tokens] = (topic, callback)
        return self.tokens

    def disconnect(self, token: int) -> None:
        del self.listeners[token]

    def save_to_file(self, text: str, path: str) -> None:
        self.saving = (text, path)

    def runAndWait(self) -> None:  # pyttsx3's name
        assert self.saving is not None
        step = self.script[self.attempts]
        self.attempts += 1
        if step == "raise":
            raise RuntimeError("driver broke")
        path = Path(self.saving[1])
        if step != "none":
            path.write_bytes(wav_bytes([] if step == "cut" else tone(0.1)))
        self._notify("finished-utterance", completed=step != "cut")

    def _notify(self, topic: str, **kw: Any) -> None:
        for name, callback in list(self.listeners.values()):
            if name == topic:
                callback(**kw)


def test_a_phrase_the_engine_cut_off_is_rendered_again(tmp_path: Path) -> None:
    engine = FakeEngine(["cut", "ok"])
    assert _render_one(engine, "Switch sides.", str(tmp_path / "a.wav")) == {"ok": True}
    assert engine.attempts == 2 and engine.listeners == {}


def test_a_missing_file_is_tried_again_then_reported(tmp_path: Path) -> None:
    engine = FakeEngine(["none", "raise", "none"])
    answer = _render_one(engine, "Rest.", str(tmp_path / "a.wav"))
    assert answer == {"ok": False, "error": "the engine wrote no audio"}
    assert engine.attempts == 3


def test_a_stale_file_is_not_taken_for_the_engines_output(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    path.write_bytes(wav_bytes(tone(0.1)))
    answer = _render_one(FakeEngine(["none"] * 3), "Rest.", str(path))
    assert answer["ok"] is False


def test_the_child_refuses_a_garbled_request_in_plain_words() -> None:
    out = subprocess.run(render_command(), input="garbage\n", capture_output=True, text=True,
                         timeout=20)
    assert out.returncode == 1
    assert "could not read" in json.loads(out.stdout)["error"]


def test_the_childs_answers_are_clean_json_lines(tmp_path: Path) -> None:
    request = {"voice": "", "rate": 170, "volume": 1.0,
               "jobs": [{"text": "Up.", "path": str(tmp_path / "0.wav")},
                        {"text": "Down.", "path": str(tmp_path / "1.wav")}]}
    out = subprocess.run([sys.executable, "-m", "hiptimer.speech.render"], capture_output=True,
                         input=json.dumps(request) + "\n", text=True, timeout=20)
    assert out.returncode == 0
    assert [json.loads(line) for line in out.stdout.splitlines()] == [
        {"done": 0, "ok": True}, {"done": 1, "ok": True}]
