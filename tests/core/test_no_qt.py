"""The core (and the text commands built on it) never import Qt."""

import subprocess
import sys


def test_importing_the_core_and_cli_does_not_import_pyside6() -> None:
    code = (
        "import sys, pkgutil, importlib, hiptimer.core, hiptimer.cli\n"
        "for m in pkgutil.walk_packages(hiptimer.core.__path__, 'hiptimer.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(len(list(pkgutil.walk_packages(hiptimer.core.__path__, 'hiptimer.core.'))), qt)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules, qt = out.stdout.split(" ", 1)
    assert int(modules) >= 19  # catalog, cues, ..., the figure package and its modules
    assert qt.strip() == "[]"
