"""packaging/build.py refuses, before the long build, a machine that lacks what the bundle
must carry, naming the packages: PyInstaller would quietly leave those libraries out."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.test_syslibs import FakeLoader

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the bundle is built on Linux only")


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build", ROOT / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_this_machine_can_build(build: ModuleType) -> None:
    fonts = build.check_build_machine()
    assert [font.name for font in fonts] == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]


def test_missing_x11_libraries_stop_the_build_naming_their_packages(build: ModuleType) -> None:
    with pytest.raises(build.BuildError) as raised:
        build.check_build_machine(FakeLoader("libxcb-icccm.so.4", "libxkbcommon-x11.so.0"))
    message = str(raised.value)
    assert "libxcb-icccm.so.4 (package libxcb-icccm4)" in message
    assert message.endswith("sudo apt-get install libxkbcommon-x11-0 libxcb-icccm4")


def test_the_graphics_driver_is_not_carried_so_not_required(build: ModuleType) -> None:
    build.check_build_machine(FakeLoader("libGL.so.1", "libEGL.so.1"))


def test_a_missing_font_stops_the_build(build: ModuleType, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "FONT_FOLDERS", (str(tmp_path),))
    with pytest.raises(build.BuildError, match="fonts-dejavu-core"):
        build.check_build_machine()


def test_missing_binutils_stops_the_build(build: ModuleType,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(build.BuildError, match=r"objdump and strip \(package binutils\)"):
        build.check_build_machine()
