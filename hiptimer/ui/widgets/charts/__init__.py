"""The History tab's charts, drawn with QPainter: pain scores, days per week, a calendar."""

from .adherence import AdherenceChart
from .base import Chart, without_overlaps
from .heatmap import CalendarHeatmap
from .pain import PainChart

__all__ = ["AdherenceChart", "CalendarHeatmap", "Chart", "PainChart", "without_overlaps"]
