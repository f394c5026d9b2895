"""Speech subprocess: render phrases to audio files with pyttsx3, one phrase per runAndWait().

Run as ``python -m hiptimer.speech.render`` (or ``HipTimer --render-cues`` when frozen). It reads
one JSON request line from stdin::

    {"voice": "", "rate": 170, "volume": 1.0, "jobs": [{"text": "...", "path": "/abs.wav"}]}

and answers one JSON line per job, in order: ``{"done": i, "ok": true}`` or
``{"done": i, "ok": false, "error": "..."}``. If the engine cannot start it answers
``{"error": "..."}`` and exits 1. With ``--list-voices`` it answers ``{"voices": [...]}``.

pyttsx3 runs here, on this process's main thread only: its drivers misbehave in a long-lived
process (see DESIGN.md, Speech), and Windows SAPI5 needs COM set up on the thread that uses it,
which pyttsx3 does for the thread that creates the engine. Never call ``say()``: it plays aloud.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import sys
from typing import Any, TextIO

ATTEMPTS = 3  # per phrase: a cut-off phrase is tried again
HEADER_BYTES = 128  # a WAV or AIFF file this small holds no sound

# Per platform: the engine pyttsx3 uses, and what the user can do when it does not start.
ENGINES = {
    "darwin": ("The macOS speech engine", "Check Spoken Content in System Settings."),
    "win32": ("The Windows speech engine (SAPI5)", "Check Speech in Windows Settings."),
}
ESPEAK = ("The espeak-ng speech engine",
          "Reinstall HipTimer, or install your system's espeak-ng package.")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = _protocol_stream()
    try:
        engine = _start_engine()
    except Exception as exc:  # any failure to start means no speech; say why
        _send(out, {"error": _engine_failure(exc)})
        return 1
    if "--list-voices" in args:
        _send(out, {"voices": _voices(engine)})
        return 0
    try:
        request = json.loads(sys.stdin.readline())
        jobs = [(str(job["text"]), str(job["path"])) for job in request["jobs"]]
    except (ValueError, KeyError, TypeError) as exc:
        _send(out, {"error": f"The speech engine got a request it could not read ({exc!r})."})
        return 1
    try:
        _configure(engine, request)
    except ValueError as exc:
        _send(out, {"error": str(exc)})
        return 1
    for index, (text, path) in enumerate(jobs):
        _send(out, {"done": index, **_render_one(engine, text, path)})
    return 0


def _protocol_stream() -> TextIO:
    """Keep the real stdout for protocol lines; send everything else written to it to stderr.

    pyttsx3's espeak driver prints "Audio saved to ..." after every file, and native libraries
    may write to file descriptor 1 too: none of that may corrupt the protocol.
    """
    if sys.stdout is not None:  # None in a frozen windowed build
        sys.stdout.flush()
    out = os.fdopen(os.dup(1), "w", encoding="ascii", newline="\n")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return out


def _send(out: TextIO, message: dict[str, Any]) -> None:
    out.write(json.dumps(message) + "\n")  # ASCII-only JSON: no console code page can break it
    out.flush()


def _start_engine() -> Any:
    _make_espeak_available()
    import pyttsx3  # type: ignore[import-untyped]  # late: after espeak-ng is made loadable

    return pyttsx3.init()


def _make_espeak_available() -> None:
    """Preload espeak-ng from the espeakng-loader wheel when the system has none.

    pyttsx3 loads ``libespeak-ng.so.1`` by name. The wheel's library has that SONAME, so once
    it is loaded with RTLD_GLOBAL the dynamic linker hands it to pyttsx3's lookup too.
    Setting LD_LIBRARY_PATH (espeakng-loader's ``make_library_available``) would not help: the
    linker reads it only when a process starts. The bundled library looks for its data at a
    build-machine path, so ESPEAK_DATA_PATH must point at the wheel's data.
    """
    if not sys.platform.startswith("linux") or ctypes.util.find_library("espeak-ng"):
        return
    try:
        import espeakng_loader  # type: ignore[import-untyped]
    except ImportError:
        return  # pyttsx3 will then report that espeak-ng is missing
    ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)
    os.environ["ESPEAK_DATA_PATH"] = espeakng_loader.get_data_path()


def _engine_failure(exc: Exception) -> str:
    name, fix = ENGINES.get(sys.platform, ESPEAK)
    return f"{name} could not start ({type(exc).__name__}: {exc}). {fix}"


def _voices(engine: Any) -> list[dict[str, Any]]:
    return [{"id": str(v.id), "name": str(v.name or v.id),
             "languages": [_language(lang) for lang in (v.languages or [])]}
            for v in engine.getProperty("voices")]


def _language(lang: object) -> str:
    return lang.decode("utf-8", "replace") if isinstance(lang, bytes) else str(lang)


def _configure(engine: Any, request: dict[str, Any]) -> None:
    voice = str(request.get("voice") or "")
    if voice:
        if voice not in {str(v.id) for v in engine.getProperty("voices")}:
            raise ValueError(f"The voice “{voice}” is not installed. "
                             "Choose another voice in Settings.")
        engine.setProperty("voice", voice)
    engine.setProperty("rate", int(request.get("rate", 170)))
    engine.setProperty("volume", float(request.get("volume", 1.0)))


def _render_one(engine: Any, text: str, path: str) -> dict[str, Any]:
    """Render one phrase, trying again if the engine cut it off or wrote nothing.

    One phrase per runAndWait(): pyttsx3 drops all but the last of phrases queued together.
    pyttsx3's espeak driver can cancel a phrase by itself: the first runAndWait() finds
    espeak "playing" and sets a stop flag that the driver may only act on during a later
    phrase, which then ends empty or cut short (reported as an uncompleted utterance).
    """
    problem = "no attempt"
    for _ in range(ATTEMPTS):
        problem = _attempt(engine, text, path)
        if not problem:
            return {"ok": True}
    return {"ok": False, "error": problem}


def _attempt(engine: Any, text: str, path: str) -> str:
    """Save ``text`` to ``path``; return what went wrong, or "" if nothing did."""
    problems: list[str] = []

    def on_error(**kw: Any) -> None:
        problems.append(str(kw.get("exception")))

    def on_finished(**kw: Any) -> None:
        if not kw.get("completed", True):
            problems.append("the engine cut the phrase off")

    tokens = [engine.connect("error", on_error), engine.connect("finished-utterance", on_finished)]
    with contextlib.suppress(OSError):
        os.remove(path)  # so that a file the engine did not write is not mistaken for its output
    try:
        engine.save_to_file(text, path)
        engine.runAndWait()
    except Exception as exc:  # report it for this phrase and carry on with the next
        problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        for token in tokens:
            engine.disconnect(token)
    if not problems and _size(path) <= HEADER_BYTES:
        problems.append("the engine wrote no audio")
    return "; ".join(problems)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
