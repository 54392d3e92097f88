"""Forms of the partner administration and of the partner link page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..maps.labels import PARTNER_KIND_LABELS
from ..services.partners import PartnerInput
from .forms import MultiCheckboxField


class CoordinateField(FloatField):
    """A number that also takes a Dutch decimal comma (52,0912), with a Dutch error."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = float(valuelist[0].strip().replace(",", "."))
        except ValueError:
            self.data = None
            raise ValueError(_l("Vul een getal in, bijvoorbeeld 52.0912.")) from None
        if self.data != self.data or self.data in (float("inf"), float("-inf")):
            self.data = None
            raise ValueError(_l("Vul een getal in, bijvoorbeeld 52.0912."))


KIND_CHOICES = [SelectChoice(k.value, label) for k, label in PARTNER_KIND_LABELS.items()]


class PartnerForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul een naam in.")),
                                               Length(max=200)])
    kind = SelectField(_l("Soort partner"), choices=KIND_CHOICES)
    contact_name = StringField(_l("Contactpersoon"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Telefoon"), validators=[Optional(), Length(max=40)])
    email = StringField(_l("E-mailadres"), validators=[Optional(), Length(max=254)])
    address = StringField(_l("Adres"), validators=[Optional(), Length(max=200)])
    # Plain numbers typed or picked on the map; the service checks they lie in NL/BE.
    lon = CoordinateField(_l("Lengtegraad (lon)"), validators=[Optional()])
    lat = CoordinateField(_l("Breedtegraad (lat)"), validators=[Optional()])
    buurten = MultiCheckboxField(_l("Buurten waar de partner werkt"), coerce=int)
    opening_hours = StringField(_l("Openingstijden"), validators=[Optional(), Length(max=200)])
    active = BooleanField(_l("Actief (aan te bieden bij nieuwe overdrachten)"), default=True)

    def to_input(self) -> PartnerInput:
        """The form's values as the service's input."""
        return PartnerInput(
            name=self.name.data or "", kind=self.kind.data, contact_name=self.contact_name.data,
            phone=self.phone.data, email=self.email.data, address=self.address.data,
            lon=self.lon.data, lat=self.lat.data, buurt_ids=self.buurten.data or [],
            opening_hours=self.opening_hours.data, active=bool(self.active.data))


class PartnerFilterForm(FlaskForm):
    class Meta:
        csrf = False

    soort = SelectField(_l("Soort"), validators=[Optional()], choices=[
        SelectChoice("", _l("Alle soorten")), *KIND_CHOICES])
    buurt = SelectField(_l("Buurt"), validators=[Optional()], choices=[])


class PartnerConfirmForm(FlaskForm):
    """The partner's confirmation: which step (the button pressed) and an optional note."""

    outcome = HiddenField()
    note = TextAreaField(_l("Korte toelichting (niet verplicht)"),
                         validators=[Optional(), Length(max=500)])
