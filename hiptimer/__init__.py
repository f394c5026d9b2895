"""HipTimer: a guided, spoken timer for home hip-pain exercise programs."""

APP_NAME = "HipTimer"
APP_ID = "io.github.hiptimer.HipTimer"  # reverse-DNS id: desktop file, metainfo, icon, bundle
__version__ = "0.1.0"
