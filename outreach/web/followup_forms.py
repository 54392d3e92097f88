"""Forms of the follow-up board: its filters (GET) and the team lead's actions (POST).

Every action form carries the version of the follow-up the user saw, so a change made
in the meantime by a colleague, a phone or a partner is noticed instead of overwritten.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from ..maps.labels import FOLLOW_UP_KIND_LABELS, FOLLOW_UP_STATUS_LABELS
from ..models.enums import FollowUpKind, FollowUpStatus
from ..parsing import parse_id
from ..services.followups.actions import NOTE_MAX
from ..services.followups.board import SORTS, UNASSIGNED, BoardFilter
from ..services.followups.service_levels import MAX_WORKING_DAYS
from .forms import DayField

KIND_LABELS = FOLLOW_UP_KIND_LABELS
SORT_LABELS = {"termijn": _l("Termijn"), "leeftijd": _l("Leeftijd (oudste eerst)"),
               "buurt": _l("Buurt"), "medewerker": _l("Medewerker")}


class WholeNumberField(IntegerField):
    """A whole number with a Dutch message when it is not one."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Vul een heel getal in.")) from None


def _days(maximum: int):
    return [InputRequired(_l("Vul een aantal werkdagen in.")),
            NumberRange(min=1, max=maximum, message=_l("Kies 1 tot %(max)s werkdagen.",
                                                        max=maximum))]


NOTE_LENGTH = Length(max=NOTE_MAX, message=_l("Maximaal %(max)s tekens.", max=NOTE_MAX))


class LenientSelect(SelectField):
    """A select whose unknown values are the service's (or the filter's) to refuse."""

    def pre_validate(self, form):
        pass


def _member(enum_cls, value):
    return enum_cls(value) if value in enum_cls.__members__ else None


def _int(value: str | None) -> int | None:
    return parse_id(value)


# Status filter value for "everything not closed yet".
OPEN_ONLY = "lopend"


class BoardFilterForm(FlaskForm):
    """The board's filters (GET: it only reads, so a filtered board is a link to share)."""

    class Meta:
        csrf = False

    status = LenientSelect(_l("Status"), validators=[Optional()], choices=[
        SelectChoice("", _l("Alle statussen")),
        SelectChoice(OPEN_ONLY, _l("Alle lopende")),
        *(SelectChoice(s.value, label) for s, label in FOLLOW_UP_STATUS_LABELS.items())])
    soort = LenientSelect(_l("Soort"), validators=[Optional()], choices=[
        SelectChoice("", _l("Alle soorten")),
        *(SelectChoice(k.value, label) for k, label in KIND_LABELS.items())])
    medewerker = LenientSelect(_l("Medewerker"), validators=[Optional()], choices=[])
    partner = LenientSelect(_l("Partner"), validators=[Optional()], choices=[])
    buurt = LenientSelect(_l("Buurt"), validators=[Optional()], choices=[])
    te_laat = BooleanField(_l("Alleen te laat"))
    sorteer = LenientSelect(_l("Sorteren op"), validators=[Optional()], default="termijn",
                            choices=[SelectChoice(k, v) for k, v in SORT_LABELS.items()])

    def fill(self, choices: dict) -> None:
        """Offer the people, partners and buurten there are."""
        self.medewerker.choices = [("", _l("Iedereen")), (str(UNASSIGNED), _l("Niemand"))] + [
            (str(uid), name) for uid, name in choices["assignees"]]
        self.partner.choices = [("", _l("Alle partners"))] + [
            (str(pid), name) for pid, name in choices["partners"]]
        self.buurt.choices = [("", _l("Alle buurten"))] + [
            (str(bid), name) for bid, name in choices["buurten"]]

    def to_filter(self, page: str | None) -> BoardFilter:
        """The filter the form describes; unknown values are ignored rather than refused."""
        sort = self.sorteer.data if self.sorteer.data in SORTS else "termijn"
        return BoardFilter(
            status=_member(FollowUpStatus, self.status.data),
            kind=_member(FollowUpKind, self.soort.data),
            assignee_id=_int(self.medewerker.data), partner_id=_int(self.partner.data),
            buurt_id=_int(self.buurt.data), overdue_only=bool(self.te_laat.data),
            open_only=self.status.data == OPEN_ONLY, sort=sort, page=_int(page) or 1)


class VersionForm(FlaskForm):
    """The version of the follow-up the user saw, posted back with the change."""

    version = WholeNumberField(widget=HiddenInput(), validators=[
        InputRequired(_l("De versie ontbreekt; laad de pagina opnieuw."))])


class VersionedForm(VersionForm):
    note = TextAreaField(_l("Notitie (optioneel)"), validators=[Optional(), NOTE_LENGTH])


class StatusForm(VersionedForm):
    status = LenientSelect(_l("Nieuwe status"), choices=[])


class AssignForm(VersionedForm):
    assignee = LenientSelect(_l("Toewijzen aan"), choices=[])


class DueDateForm(VersionedForm):
    due_date = DayField(_l("Termijn (uiterlijk op)"), validators=[Optional()])


class HandoverForm(VersionedForm):
    partner = LenientSelect(_l("Partner"), choices=[])
    agreement = TextAreaField(_l("Afspraak met bewoner en partner"),
                              validators=[Optional(), NOTE_LENGTH])
    resident_agreed = BooleanField(_l("Bewoner is akkoord met de overdracht"))
    partner_reached = BooleanField(_l("Partner is bereikt"))
    appointment_on = DayField(_l("Datum afspraak (optioneel)"), validators=[Optional()])


class LinkForm(VersionForm):
    valid_days = WholeNumberField(_l("Link geldig (dagen)"), default=14, validators=[
        InputRequired(_l("Vul een aantal dagen in.")),
        NumberRange(min=1, max=60, message=_l("Kies 1 tot 60 dagen."))])


class PlainForm(FlaskForm):
    """Only the CSRF token: showing resident details."""


class ServiceLevelForm(FlaskForm):
    terugbellen = WholeNumberField(KIND_LABELS[FollowUpKind.terugbellen],
                                   validators=_days(MAX_WORKING_DAYS))
    huisbezoek = WholeNumberField(KIND_LABELS[FollowUpKind.huisbezoek],
                                  validators=_days(MAX_WORKING_DAYS))
    warme_overdracht = WholeNumberField(KIND_LABELS[FollowUpKind.warme_overdracht],
                                        validators=_days(MAX_WORKING_DAYS))
    informatie = WholeNumberField(KIND_LABELS[FollowUpKind.informatie],
                                  validators=_days(MAX_WORKING_DAYS))

    def levels(self) -> dict[str, int]:
        """Working days per kind, as typed."""
        return {k.value: getattr(self, k.value).data for k in FollowUpKind}
