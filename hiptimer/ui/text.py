"""Small text formatters shared by the views."""


def minutes(seconds: float) -> str:
    """A duration as people say it: ``"45 s"``, ``"10 min"``, ``"22 min 36 s"``."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    mins, secs = divmod(whole, 60)
    return f"{mins} min" if secs == 0 else f"{mins} min {secs} s"
