"""Flask-WTF forms (CSRF on every one)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FloatField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..clock import FIRST_DAY, LAST_DAY, is_workable_day
from ..parsing import parse_id
from ..services.errors import Invalid
from .navigation import ROLE_LABELS, ROUND_KIND_LABELS


def show_field_errors(form, error: Invalid, names: dict[str, str] | None = None) -> list:
    """Put a service's field messages next to FORM's fields; return those no field took.

    NAMES maps a service's field name to the form's where they differ.
    """
    unplaced = []
    for name, messages in error.fields.items():
        field = getattr(form, (names or {}).get(name, name), None)
        if field is not None and name != "version":
            field.errors = [*field.errors, *messages]
        else:
            unplaced += messages
    return unplaced


class DayField(DateField):
    """A day (yyyy-mm-dd from the date picker) between 2000 and 2099, refused in Dutch.

    Every date input of the app is one of these: a year like 0001 or 9999 is a slip of
    the keyboard, and used as a period bound it would overflow into a server error.
    """

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Geen geldige datum; kies een dag in de kalender.")) from None
        if self.data is not None and not is_workable_day(self.data):
            self.data = None
            raise ValueError(_l("Kies een datum tussen %(first)s en %(last)s.",
                                first=FIRST_DAY.year, last=LAST_DAY.year))


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired()])
    remember = BooleanField(_l("Ingelogd blijven op dit apparaat"), default=True)


class UserForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=120)])
    phone = StringField(_l("Telefoon (werk)"), validators=[Optional(), Length(max=40)])
    role = SelectField(_l("Rol"), choices=[SelectChoice(r.value, label)
                                          for r, label in ROLE_LABELS.items()])
    # Length and strength are checked by services.passwords, with Dutch messages.
    password = PasswordField(_l("Wachtwoord"), validators=[Optional()])
    active = BooleanField(_l("Actief"), default=True)


IMPORT_KINDS = [
    SelectChoice("buurten", _l("Buurten (CBS, PDOK of eigen bestand)")),
    SelectChoice("streets", _l("Straten (OpenStreetMap of NWB)")),
    SelectChoice("addresses", _l("Adressen (BAG of OpenStreetMap)")),
]


class ImportForm(FlaskForm):
    kind = SelectField(_l("Soort bestand"), choices=IMPORT_KINDS)
    file = FileField(_l("GeoJSON-bestand"), validators=[FileRequired()])
    srid = StringField(_l("Coördinatenstelsel (EPSG-code, alleen als het bestand het niet noemt)"),
                       validators=[Optional(), Length(max=40)])
    code_field = StringField(_l("Veld met de buurtcode (alleen bij een eigen bestand)"),
                             validators=[Optional(), Length(max=60)])
    name_field = StringField(_l("Veld met de buurtnaam (alleen bij een eigen bestand)"),
                             validators=[Optional(), Length(max=60)])


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (buurten, workers)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        # Unknown ids are the service's to refuse, with a message in the right place.
        pass


ROUND_KINDS = [SelectChoice(k.value, label) for k, label in ROUND_KIND_LABELS.items()]
ROUND_STATUSES = [SelectChoice("gepland", _l("Gepland")), SelectChoice("bezig", _l("Bezig")),
                  SelectChoice("afgerond", _l("Afgerond"))]


def _id_list(form, field):
    text = (field.data or "").strip()
    if text and any(parse_id(part) is None for part in text.split(",")):
        raise ValidationError(_l("Ongeldige stratenlijst."))


class RoundForm(FlaskForm):
    title = StringField(_l("Naam van de ronde"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Soort"), choices=ROUND_KINDS)
    # InputRequired, not DataRequired: that one wipes the date field's own message.
    date = DayField(_l("Datum"), validators=[InputRequired()])
    status = SelectField(_l("Status"), choices=ROUND_STATUSES)
    buurten = MultiCheckboxField(_l("Buurten"), coerce=int)
    street_ids = HiddenField(_l("Straten"), validators=[_id_list])
    coffee_spot_name = StringField(_l("Koffieplek"), validators=[Optional(), Length(max=200)])
    coffee_lon = FloatField(validators=[Optional(), NumberRange(-180, 180)],
                            widget=HiddenInput())
    coffee_lat = FloatField(validators=[Optional(), NumberRange(-90, 90)], widget=HiddenInput())
    announcement_text = TextAreaField(_l("Aankondiging"), validators=[Optional(),
                                                                     Length(max=2000)])
    announcement_date = DayField(_l("Datum aankondiging"), validators=[Optional()])
    key_contact = StringField(_l("Sleutelfiguur in de buurt"),
                              validators=[Optional(), Length(max=200)])
    workers = MultiCheckboxField(_l("Veldwerkers"), coerce=int)

    def street_list(self) -> list[int]:
        text = (self.street_ids.data or "").strip()
        return [n for n in (parse_id(p) for p in text.split(",")) if n is not None]
