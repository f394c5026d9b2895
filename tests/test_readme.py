"""README's commands are the ones CI runs and the ones the project really has."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fenced_after(heading: str, text: str) -> list[str]:
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (command,) = fenced_after("Run the tests", readme)
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci_lines[-1] == command


def test_readme_start_command_uses_the_entry_point_the_package_declares() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = fenced_after("Install and start", readme)[1]
    assert start.endswith(".venv/bin/hiptimer")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'hiptimer = "hiptimer.app:main"' in pyproject
