"""Test-wide settings: Qt draws offscreen; hypothesis profiles for quick and thorough runs."""

import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests run 300 examples each; HYPOTHESIS_PROFILE=thorough runs 5,000 to hunt for bugs.
settings.register_profile("suite", max_examples=300, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))
