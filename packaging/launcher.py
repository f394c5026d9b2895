"""Entry script of the frozen HipTimer (PyInstaller runs this as ``__main__``)."""

import os
import sys
from pathlib import Path

from hiptimer.app import main

if __name__ == "__main__":
    # The bundle's own font setup (the system's fonts plus the DejaVu Sans it carries), so
    # text draws on a system without fonts. Set before Qt loads fontconfig.
    fonts = Path(getattr(sys, "_MEIPASS", "")) / "fonts" / "fonts.conf"
    if sys.platform.startswith("linux") and fonts.is_file():
        os.environ.setdefault("FONTCONFIG_FILE", str(fonts))
    sys.exit(main())
