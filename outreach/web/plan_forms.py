"""The planning map's filter form (GET: it only reads, so no CSRF token)."""

from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ..maps.labels import CATEGORY_LABELS
from ..models.enums import HelpCategory, RoundKind
from ..services.plan_filter import PlanFilter
from .forms import DayField
from .navigation import ROUND_KIND_LABELS

# Longer periods make "last visit" meaningless and the queries heavy for nothing.
MAX_PERIOD_DAYS = 3 * 366


def _member(enum_cls, value):
    return enum_cls(value) if value in {m.value for m in enum_cls} else None


class PlanFilterForm(FlaskForm):
    class Meta:
        csrf = False

    van = DayField(_l("Van"), validators=[Optional()])
    tot = DayField(_l("Tot en met"), validators=[Optional()])
    soort = SelectField(_l("Soort ronde"), validators=[Optional()], choices=[
        SelectChoice("", _l("Alle rondes")),
        *(SelectChoice(k.value, label) for k, label in ROUND_KIND_LABELS.items())])
    hulpvraag = SelectField(_l("Hulpvraag"), validators=[Optional()], choices=[
        SelectChoice("", _l("Alle categorieën")),
        *(SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items())])
    buurt = SelectField(_l("Buurt"), validators=[Optional()], choices=[])

    def validate_tot(self, field):
        if self.van.data and field.data:
            if field.data < self.van.data:
                field.errors.append(_("De einddatum ligt voor de begindatum."))
            elif (field.data - self.van.data).days > MAX_PERIOD_DAYS:
                field.errors.append(_("Kies een periode van hoogstens drie jaar."))

    def to_filter(self, today: date) -> PlanFilter:
        """The PlanFilter the form describes; empty or invalid fields fall back to defaults."""
        default = PlanFilter.default(today)
        valid = self.validate()
        date_to = (self.tot.data if valid and self.tot.data else default.date_to)
        date_from = (self.van.data if valid and self.van.data
                     else date_to - (default.date_to - default.date_from))
        if date_from > date_to:
            date_from = date_to - timedelta(days=1)
        codes = {choice.value for choice in self.buurt.choices}
        # Show the dates in effect, also when they came from the defaults.
        self.van.data, self.tot.data = date_from, date_to
        return PlanFilter(
            date_from=date_from, date_to=date_to, today=today,
            round_kind=_member(RoundKind, self.soort.data),
            category=_member(HelpCategory, self.hulpvraag.data),
            buurt_code=self.buurt.data if self.buurt.data in codes and self.buurt.data
            else None)
