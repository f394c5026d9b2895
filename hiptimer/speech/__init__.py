"""Speech: phrases rendered to trimmed WAV clips by pyttsx3 in a subprocess, cached on disk."""

from .cache import CACHE_VERSION, Clip, CueCache, RenderResult
from .process import list_voices, render_command
from .voice import SpeechUnavailable, Voice, VoiceSettings

__all__ = ["CACHE_VERSION", "Clip", "CueCache", "RenderResult", "SpeechUnavailable", "Voice",
           "VoiceSettings", "list_voices", "render_command"]
