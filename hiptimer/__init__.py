"""HipTimer: a guided, spoken timer for home hip-pain exercise programs."""

APP_NAME = "HipTimer"
__version__ = "0.1.0"
