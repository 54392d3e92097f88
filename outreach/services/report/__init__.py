"""The teamleider's impact report per buurt: figures, themes, small numbers, charts, CSV."""

from .build import ImpactReport, impact_report
from .period import Preset, ReportPeriod, custom_period, preset_period

__all__ = ["ImpactReport", "Preset", "ReportPeriod", "custom_period", "impact_report",
           "preset_period"]
