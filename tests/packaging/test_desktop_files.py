"""The Linux desktop files: valid, in step with the package, and installable for one user.

``desktop-file-validate`` (desktop-file-utils) and ``appstreamcli`` (appstream) are skipped
when missing, except in CI (``CI`` set), which installs them.
"""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from hiptimer import APP_ID, APP_NAME, __version__
from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.routine_load import builtin_routines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
INSTALL = LINUX / "install.sh"
ICONS = ROOT / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
COMMAND = next(iter(PYPROJECT["project"]["gui-scripts"]))  # "hiptimer"

needs_sh = pytest.mark.skipif(sys.platform == "win32" or shutil.which("sh") is None,
                              reason="install.sh needs a POSIX shell")


def tool(name: str) -> str:
    """The path of a validator; skipped when it is missing, except in CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (apt-get install desktop-file-utils appstream)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def desktop_entry(path: Path = DESKTOP) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(path, encoding="utf-8")
    return parser


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)


# --- the validators ------------------------------------------------------------------------


def test_desktop_file_is_valid() -> None:
    result = run(tool("desktop-file-validate"), DESKTOP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # no warnings and no hints either


def test_metainfo_is_valid() -> None:
    result = run(tool("appstreamcli"), "validate", "--no-net", METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr
    # Infos may come (older appstream does not know <developer>); warnings and errors may not.
    problems = [line for line in result.stdout.splitlines() if line[:2] in ("W:", "E:")]
    assert not problems, result.stdout


# --- one source: the package's id, name, version and command -------------------------------


def test_desktop_file_matches_the_package() -> None:
    entry = desktop_entry()["Desktop Entry"]
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == COMMAND
    # Qt names the X11 window class after the application name (gui.py sets it to APP_NAME).
    assert entry["StartupWMClass"] == APP_NAME
    assert entry["Terminal"] == "false"


def test_desktop_actions_start_built_in_routines() -> None:
    entry = desktop_entry()
    actions = [a for a in entry["Desktop Entry"]["Actions"].split(";") if a]
    assert actions
    routine_ids = {r.id for r in builtin_routines(builtin_catalog())}
    for action in actions:
        command, option, routine_id = entry[f"Desktop Action {action}"]["Exec"].split()
        assert (command, option) == (COMMAND, "--start")
        assert routine_id in routine_ids


def test_metainfo_matches_the_package() -> None:
    root = metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("provides/binary") == COMMAND
    assert root.findtext("project_license") == PYPROJECT["project"]["license"]
    releases = root.findall("releases/release")
    assert releases[0].get("version") == __version__  # the newest comes first


def test_metainfo_screenshots_are_in_the_repository() -> None:
    images = [e.text or "" for e in metainfo().findall("screenshots/screenshot/image")]
    assert images
    for url in images:
        assert url.startswith("https://"), url
        local = LINUX / "screenshots" / url.rsplit("/", 1)[1]
        assert url.endswith("/packaging/linux/screenshots/" + local.name)
        assert not QImage(str(local)).isNull(), f"{local} is missing or not an image"


# --- the icons -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_icon_png_has_its_size(size: int) -> None:
    image = QImage(str(ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


def test_small_icon_is_not_blank() -> None:
    """At 16 px the icon still covers most of its square and has light and dark parts."""
    image = QImage(str(ICONS / "hicolor" / "16x16" / "apps" / f"{APP_ID}.png"))
    lightness = [image.pixelColor(x, y).lightnessF() for x in range(16) for y in range(16)
                 if image.pixelColor(x, y).alphaF() > 0.9]
    assert len(lightness) > 0.4 * 16 * 16
    assert max(lightness) - min(lightness) > 0.5


def test_scalable_icon_is_the_source_and_self_contained() -> None:
    source = ICONS / f"{APP_ID}.svg"
    scalable = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == source.read_bytes(), "run tools/make_icons.py"
    root = ET.parse(source).getroot()
    assert root.get("viewBox") == "0 0 128 128"
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert value.startswith("#"), f"external reference {value}"


# --- install.sh ----------------------------------------------------------------------------


def installed_files(data: Path) -> set[Path]:
    names = {data / "applications" / DESKTOP.name, data / "metainfo" / METAINFO.name,
             data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"}
    return names | {data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
                    for n in SIZES}


def install_env(tmp_path: Path, path: str) -> dict[str, str]:
    return {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data"),
            "PATH": path, "LC_ALL": "C"}


def fake_program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def check_installed(data: Path, exec_line: str) -> None:
    for path in installed_files(data):
        assert path.is_file(), path
    entry = desktop_entry(data / "applications" / DESKTOP.name)
    assert entry["Desktop Entry"]["Exec"] == exec_line
    assert entry["Desktop Action daily-stretches"]["Exec"] == (
        f"{exec_line} --start daily-stretches")
    validator = shutil.which("desktop-file-validate")
    if validator:  # the rewritten Exec line must still be valid
        result = run(validator, data / "applications" / DESKTOP.name)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def checkout(tmp_path: Path) -> Path:
    """A copy of the parts of a source checkout that install.sh uses (no venv yet)."""
    root = tmp_path / "my checkout"  # a space: the Exec line must quote the path
    (root / "packaging").mkdir(parents=True)
    shutil.copytree(LINUX, root / "packaging" / "linux")
    shutil.copytree(ICONS / "hicolor", root / "assets" / "icons" / "hicolor")
    return root


@needs_sh
def test_install_from_a_checkout_runs_its_venvs_hiptimer(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    program = fake_program(root / ".venv" / "bin" / COMMAND)
    elsewhere = fake_program(tmp_path / "bin" / COMMAND)  # on PATH, but not this checkout's
    env = install_env(tmp_path, f"{elsewhere.parent}{os.pathsep}/usr/bin{os.pathsep}/bin")
    result = run("sh", root / "packaging" / "linux" / INSTALL.name, env=env)
    assert result.returncode == 0, result.stderr
    check_installed(tmp_path / "data", f'"{program}"')


@needs_sh
def test_install_from_a_checkout_without_a_venv_refuses(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    fake_program(tmp_path / "bin" / COMMAND)
    env = install_env(tmp_path, f"{tmp_path / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin")
    result = run("sh", root / "packaging" / "linux" / INSTALL.name, env=env)
    assert result.returncode == 1
    assert ".venv/bin/hiptimer" in result.stderr and "nothing was installed" in result.stderr
    assert not (tmp_path / "data").exists()


@needs_sh
def test_install_from_a_bundle_runs_its_program_and_uninstalls(tmp_path: Path) -> None:
    bundle = tmp_path / "my apps" / APP_NAME  # a space: the Exec line must quote the path
    bundle.mkdir(parents=True)
    for file in (INSTALL, DESKTOP, METAINFO):
        shutil.copy(file, bundle)
    shutil.copytree(ICONS / "hicolor", bundle / "icons" / "hicolor")
    program = fake_program(bundle / APP_NAME)
    env = install_env(tmp_path, f"/usr/bin{os.pathsep}/bin")
    data = tmp_path / "data"
    for _ in range(2):  # a second run changes nothing
        result = run("sh", bundle / INSTALL.name, env=env)
        assert result.returncode == 0, result.stderr
        check_installed(data, f'"{program}"')
    for _ in range(2):
        result = run("sh", bundle / INSTALL.name, "--uninstall", env=env)
        assert result.returncode == 0, result.stderr
        assert not data.exists(), sorted(data.rglob("*"))  # not even empty folders


@needs_sh
def test_uninstall_keeps_what_is_not_hiptimers(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    fake_program(root / ".venv" / "bin" / COMMAND)
    data = tmp_path / "data"
    other = data / "icons" / "hicolor" / "48x48" / "apps" / "other.png"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"png")
    (data / "applications").mkdir()
    (data / "applications" / "other.desktop").write_text("[Desktop Entry]\n", encoding="utf-8")
    env = install_env(tmp_path, "/usr/bin:/bin")
    script = root / "packaging" / "linux" / INSTALL.name
    assert run("sh", script, env=env).returncode == 0
    assert run("sh", script, "--uninstall", env=env).returncode == 0
    left = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    assert left == {"icons/hicolor/48x48/apps/other.png", "applications/other.desktop"}
    assert not (data / "metainfo").exists()
    assert not (data / "icons" / "hicolor" / "256x256").exists()


@needs_sh
def test_install_refuses_unknown_options(tmp_path: Path) -> None:
    result = run("sh", INSTALL, "--frobnicate", env=install_env(tmp_path, "/usr/bin:/bin"))
    assert result.returncode == 2
    assert "usage" in result.stderr
    assert not (tmp_path / "data").exists()
