"""Flask-WTF forms (CSRF on every one)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from .navigation import ROLE_LABELS


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
    password = PasswordField(_l("Wachtwoord"), validators=[Optional(), Length(min=12)])
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
