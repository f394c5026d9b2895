"""Screenshots of every state of the Session tab in the real window, driven by keys as a
user would: ``python -m tests.gui.shots OUT_FOLDER``. At 1366×768, 1024×600 and 200 %
(1366×768 at QT_SCALE_FACTOR=2), light and dark."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .real_window import RealWindow

SETUPS = [((1366, 768), None), ((1024, 600), None), ((1366, 768), 2.0)]


def shoot(out: Path, size: tuple[int, int], scale: float | None, theme: str) -> list[Path]:
    tag = f"{size[0]}x{size[1]}{'-200pc' if scale else ''}-{theme}"
    taken = []
    with tempfile.TemporaryDirectory() as folder:
        window = RealWindow(Path(folder), theme, size, scale)
        try:
            def shot(state: str) -> None:
                path = out / f"{state}-{tag}.png"
                window.state()  # the keys before have been handled
                window.screenshot(path)
                taken.append(path)

            window.keys("Tab", "3")
            window.wait_for(lambda s: s["pain_before"] == 3)
            shot("start")
            window.keys("Return")
            window.wait_for(lambda s: s["page"] == "run")
            for state in ("position", "ready", "rep", "rest", "switch", "hold"):
                window.ask(f"goto {state}")
                shot(state)
            window.keys("space")
            window.wait_for(lambda s: s["status"] == "paused")
            shot("paused")
            window.keys("space", "F1")
            window.wait_for(lambda s: s["help"])
            shot("help")
            window.keys("Escape", "F11")
            window.wait_for(lambda s: s["fullscreen"])
            shot("fullscreen")
            window.keys("F11", "h")
            window.wait_for(lambda s: "because it hurt" in s["banner"])
            shot("hurt")
            window.keys("Escape", "Escape")
            window.wait_for(lambda s: s["page"] == "end")
            window.keys("2")
            window.wait_for(lambda s: s["pain_after"] == 2)
            shot("end")
        finally:
            window.close()
    return taken


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for size, scale in SETUPS:
        for theme in ("light", "dark"):
            for path in shoot(out, size, scale, theme):
                print(path)


if __name__ == "__main__":
    main()
