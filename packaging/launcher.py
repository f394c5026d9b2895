"""Entry script of the frozen HipTimer (PyInstaller runs this as ``__main__``)."""

import sys

from hiptimer.app import main

if __name__ == "__main__":
    sys.exit(main())
