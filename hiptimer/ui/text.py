"""Text shared by the views: the core's words for a length of time, under the views' name."""

from ..core.wording import duration as minutes

__all__ = ["minutes"]
