"""The report's period: a preset (quarter, year) or two dates, in Dutch calendar days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from ...clock import local_midnight_utc
from ..errors import Invalid

# A longer period makes the figures meaningless for a team and the queries heavy.
MAX_PERIOD_DAYS = 3 * 366


class Preset(StrEnum):
    dit_kwartaal = "dit_kwartaal"
    vorig_kwartaal = "vorig_kwartaal"
    dit_jaar = "dit_jaar"
    vorig_jaar = "vorig_jaar"
    anders = "anders"


@dataclass(frozen=True)
class ReportPeriod:
    """From DATE_FROM to DATE_TO, both included; TODAY is the day the report is made."""

    date_from: date
    date_to: date
    today: date
    preset: Preset = Preset.anders

    @property
    def start(self) -> datetime:
        """First instant of the period (local midnight), in UTC."""
        return local_midnight_utc(self.date_from)

    @property
    def end(self) -> datetime:
        """First instant after the period, in UTC."""
        return local_midnight_utc(self.date_to + timedelta(days=1))

    @property
    def reference_date(self) -> date:
        """The day 'overdue' is judged on: the period's last day, or today if that is earlier."""
        return min(self.date_to, self.today)

    @property
    def reference_end(self) -> datetime:
        """First instant after the reference day, in UTC."""
        return local_midnight_utc(self.reference_date + timedelta(days=1))

    def sql_params(self) -> dict:
        """Bind parameters of the report queries."""
        return {"start": self.start, "end": self.end, "ref_date": self.reference_date,
                "ref_end": self.reference_end, "date_from": self.date_from,
                "date_to": self.date_to, "today": self.today}


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarter_end(start: date) -> date:
    month = start.month + 3
    following = date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return following - timedelta(days=1)


def preset_period(preset: Preset, today: date) -> ReportPeriod:
    """The dates PRESET stands for on TODAY (the current quarter and year run to their end)."""
    if preset == Preset.dit_kwartaal:
        start = _quarter_start(today)
    elif preset == Preset.vorig_kwartaal:
        start = _quarter_start(_quarter_start(today) - timedelta(days=1))
    elif preset == Preset.dit_jaar:
        return ReportPeriod(date(today.year, 1, 1), date(today.year, 12, 31), today, preset)
    elif preset == Preset.vorig_jaar:
        return ReportPeriod(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), today,
                            preset)
    else:
        raise Invalid("Kies een periode.", {"periode": ["Kies een periode."]})
    return ReportPeriod(start, _quarter_end(start), today, preset)


def custom_period(date_from: date | None, date_to: date | None, today: date) -> ReportPeriod:
    """A period between two chosen dates; Invalid with a message per field otherwise."""
    errors = {}
    if date_from is None:
        errors["van"] = [_l("Vul een begindatum in.")]
    if date_to is None:
        errors["tot"] = [_l("Vul een einddatum in.")]
    if not errors:
        if date_to < date_from:
            errors["tot"] = [_l("De einddatum ligt voor de begindatum.")]
        elif (date_to - date_from).days > MAX_PERIOD_DAYS:
            errors["tot"] = [_l("Kies een periode van hoogstens drie jaar.")]
    if errors:
        raise Invalid(str(_l("De periode klopt niet.")), errors)
    return ReportPeriod(date_from, date_to, today, Preset.anders)
