"""README's commands are the ones CI runs, the ones the project really has, and complete."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hiptimer import syslibs

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SYSTEM_PACKAGES = ROOT / "tools" / "system-packages.sh"


def fenced_after(heading: str, text: str = README) -> list[str]:
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_readme_has_one_command_to_start_and_one_to_test() -> None:
    assert len(fenced_after("Install and start")[0].splitlines()) == 1
    (test,) = fenced_after("Run the tests")
    assert len(test.splitlines()) == 1


def test_ci_runs_exactly_the_readme_test_command() -> None:
    (command,) = fenced_after("Run the tests")
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci_lines[-1] == command
    assert "set -euo pipefail" in ci_lines  # a failing step fails CI


def test_both_commands_install_the_system_packages_first() -> None:
    start = fenced_after("Install and start")[0]
    (test,) = fenced_after("Run the tests")
    assert start.startswith(f"sh {SYSTEM_PACKAGES.relative_to(ROOT)} && ")
    assert test.startswith(f"sh {SYSTEM_PACKAGES.relative_to(ROOT)} --tests && ")


def test_readme_start_command_uses_the_entry_point_the_package_declares() -> None:
    start = fenced_after("Install and start")[0]
    assert start.endswith(".venv/bin/hiptimer")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'hiptimer = "hiptimer.app:main"' in pyproject


def test_commands_in_the_text_run_from_the_venv() -> None:
    """After the first command nothing is on PATH: every hiptimer or python the README shows
    is the venv's (or python3 itself, for the build)."""
    code = re.findall(r"`([^`\n]+)`", README) + [
        line for block in re.findall(r"```sh\n(.*?)\n```", README, re.S)
        for line in block.splitlines()]
    command = r"(hiptimer|python|pytest)"  # a bare name alone is a name, not a command
    bare = [c for c in code
            if re.match(rf"(\w+=\S+ )*{command} |(\w+=\S+ )+{command}$", c)]
    assert bare == [], bare


def packages_of(option: str = "") -> set[str]:
    """The Debian packages system-packages.sh installs, as it would print them."""
    script = SYSTEM_PACKAGES.read_text(encoding="utf-8")
    names = set(" ".join(re.findall(r'^APP="(.*?)"', script, re.S | re.M)).split())
    if option in ("--build", "--tests"):
        names |= {"binutils", f"libpython{sys.version_info.major}.{sys.version_info.minor}"}
    if option == "--tests":
        names |= set(re.search(r'^TESTS="(.*?)"', script, re.M | re.S).group(1).split())  # type: ignore[union-attr]
    return names


def test_the_app_packages_have_every_library_hiptimer_checks_for() -> None:
    checked = {lib.package
               for lib in (*syslibs.GUI, *syslibs.NETWORK, *syslibs.SOUND, *syslibs.X11)}
    assert checked <= packages_of(), sorted(checked - packages_of())
    assert "fonts-dejavu-core" in packages_of()  # text, and the bundle's font


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a POSIX shell script")
def test_system_packages_refuses_unknown_options() -> None:
    result = subprocess.run(["sh", str(SYSTEM_PACKAGES), "--frobnicate"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 2 and "usage" in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a POSIX shell script")
def test_system_packages_without_apt_names_the_packages(tmp_path: Path) -> None:
    # A PATH with a shell, python3 and the basics, but no apt-get.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(Path(sys.executable).resolve())
    for tool in ("sh", "wc"):
        (bin_dir / tool).symlink_to(shutil.which(tool) or f"/bin/{tool}")
    result = subprocess.run([str(bin_dir / "sh"), str(SYSTEM_PACKAGES), "--tests"],
                            env={"PATH": str(bin_dir)}, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert "apt-get" in result.stderr and "README" in result.stderr
    assert set(shlex.split(result.stderr.splitlines()[-1].split(":", 1)[1])) == packages_of(
        "--tests")
