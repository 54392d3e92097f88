"""Dutch names of domain values as maps, tables and exports show them."""

from flask_babel import lazy_gettext as _l

from ..models.enums import (
    Consent,
    FollowUpKind,
    FollowUpStatus,
    HelpCategory,
    Outcome,
    PartnerKind,
    PartnerOutcome,
    Role,
    RoundKind,
    Setting,
    TalentKind,
    Urgency,
)
from ..services.coverage import CoverageClass, VisitClass

ROLE_LABELS = {
    Role.veldwerker: _l("Veldwerker"),
    Role.coordinator: _l("Coördinator"),
    Role.teamleider: _l("Teamleider"),
    Role.beheerder: _l("Beheerder"),
}

ROUND_KIND_LABELS = {
    RoundKind.bloemen: _l("Bloemenronde"),
    RoundKind.koffie: _l("Koffie (bakfiets)"),
    RoundKind.anders: _l("Ronde"),
}

CATEGORY_LABELS = {
    HelpCategory.eenzaamheid: _l("Eenzaamheid"),
    HelpCategory.geld_schulden: _l("Geld en schulden"),
    HelpCategory.wonen: _l("Wonen"),
    HelpCategory.werk: _l("Werk"),
    HelpCategory.inkomen_regelingen: _l("Inkomen en regelingen"),
    HelpCategory.gezondheid: _l("Gezondheid"),
    HelpCategory.psychisch: _l("Psychisch"),
    HelpCategory.taal: _l("Taal"),
    HelpCategory.opvoeding: _l("Opvoeding"),
    HelpCategory.juridisch: _l("Juridisch"),
    HelpCategory.veiligheid: _l("Veiligheid"),
    HelpCategory.leefbaarheid: _l("Leefbaarheid"),
    HelpCategory.anders: _l("Anders"),
}

PARTNER_KIND_LABELS = {
    PartnerKind.wijkteam: _l("Wijkteam"),
    PartnerKind.schuldhulp: _l("Schuldhulp"),
    PartnerKind.huisarts: _l("Huisarts"),
    PartnerKind.sociaal_makelaar: _l("Sociaal makelaar"),
    PartnerKind.wijkagent: _l("Wijkagent"),
    PartnerKind.woningcorporatie: _l("Woningcorporatie"),
    PartnerKind.taalhuis: _l("Taalhuis"),
    PartnerKind.voedselbank: _l("Voedselbank"),
    PartnerKind.ontmoetingsplek: _l("Huiskamer of ontmoetingsplek"),
    PartnerKind.vrijwilligerscentrale: _l("Vrijwilligerscentrale"),
}

FOLLOW_UP_STATUS_LABELS = {
    FollowUpStatus.open: _l("open"),
    FollowUpStatus.bezig: _l("bezig"),
    FollowUpStatus.overgedragen: _l("overgedragen"),
    FollowUpStatus.afgerond: _l("afgerond"),
    FollowUpStatus.niet_bereikbaar: _l("niet bereikbaar"),
    FollowUpStatus.geannuleerd: _l("geannuleerd"),
}

FOLLOW_UP_KIND_LABELS = {
    FollowUpKind.terugbellen: _l("Terugbellen"),
    FollowUpKind.huisbezoek: _l("Huisbezoek"),
    FollowUpKind.warme_overdracht: _l("Warme overdracht"),
    FollowUpKind.informatie: _l("Informatie"),
}

# What a partner confirmed through its link.
PARTNER_OUTCOME_LABELS = {
    PartnerOutcome.contact_gelegd: _l("Contact gelegd"),
    PartnerOutcome.opgepakt: _l("Opgepakt"),
    PartnerOutcome.afgerond: _l("Afgerond"),
}

# What happened to a follow-up (FollowUpEvent.action), as its history reads.
FOLLOW_UP_EVENT_LABELS = {
    "created": _l("Aangemaakt"),
    "status": _l("Status gewijzigd"),
    "assignee": _l("Toegewezen"),
    "due_date": _l("Termijn gewijzigd"),
    "handover": _l("Overgedragen aan partner"),
    "partner_link": _l("Partnerlink gemaakt"),
    "partner_link_revoked": _l("Partnerlink ingetrokken"),
    "partner_confirmed": _l("Bevestigd door partner"),
}

URGENCY_LABELS = {Urgency.laag: _l("laag"), Urgency.normaal: _l("normaal"),
                  Urgency.hoog: _l("hoog")}

TALENT_LABELS = {
    TalentKind.vrijwilligerswerk: _l("Vrijwilligerswerk"), TalentKind.koken: _l("Koken"),
    TalentKind.taal: _l("Taal"), TalentKind.klussen: _l("Klussen"),
    TalentKind.creatief: _l("Creatief"), TalentKind.zorg: _l("Zorg"),
    TalentKind.anders: _l("Anders"),
}

# What happened at a door (Contact.outcome) and where the talk was (Contact.setting).
OUTCOME_LABELS = {
    Outcome.niet_thuis: _l("Niet thuis"),
    Outcome.open_geen_gesprek: _l("Open, geen gesprek"),
    Outcome.gesprek: _l("Gesprek"),
    Outcome.geweigerd: _l("Geweigerd"),
}

SETTING_LABELS = {
    Setting.deur: _l("Aan de deur"),
    Setting.koffieplek: _l("Bij de koffieplek"),
    Setting.straat: _l("Op straat"),
}

CONSENT_LABELS = {
    Consent.geen: _l("geen toestemming"),
    Consent.anoniem: _l("anoniem"),
    Consent.opvolging: _l("toestemming voor opvolging"),
}


def category_label(category: HelpCategory) -> str:
    """Dutch (or current-language) name of a help-question category."""
    return str(CATEGORY_LABELS.get(category, category))


KEY_FIGURE_LABELS = {
    "aantal_inwoners": _l("Inwoners"),
    "aantal_huishoudens": _l("Huishoudens"),
    "bevolkingsdichtheid": _l("Inwoners per km²"),
    "oppervlakte_ha": _l("Oppervlakte (ha)"),
    "inw_0_15": _l("Inwoners 0–15 jaar"),
    "inw_15_25": _l("Inwoners 15–25 jaar"),
    "inw_25_45": _l("Inwoners 25–45 jaar"),
    "inw_45_65": _l("Inwoners 45–65 jaar"),
    "inw_65_plus": _l("Inwoners 65 jaar en ouder"),
    "pct_koopwoningen": _l("Koopwoningen (%)"),
    "pct_huurwoningen": _l("Huurwoningen (%)"),
    "gem_inkomen_per_inwoner_x1000": _l("Gemiddeld inkomen per inwoner (× €1000)"),
}


# What the buurt choropleth's classes mean (legend, tooltips, buurt page). The measures
# behind them are defined in services/coverage.py and docs/coverage.md.
COVERAGE_CLASS_LABELS = {
    CoverageClass.niets_bezocht: _l("niets bezocht"),
    CoverageClass.andere_rondes: _l("alleen andere soort ronde"),
    CoverageClass.bereik: _l("bereikt bij koffieplek of op straat"),
    CoverageClass.deuren_0_25: _l("aan de deur: minder dan 25%"),
    CoverageClass.deuren_25_50: _l("aan de deur: 25–50%"),
    CoverageClass.deuren_50_75: _l("aan de deur: 50–75%"),
    CoverageClass.deuren_75_100: _l("aan de deur: 75% of meer"),
    CoverageClass.geen_straten: _l("geen straten bekend"),
}

# How long ago the team was last in a street (street layer, street table, tooltips).
VISIT_CLASS_LABELS = {
    VisitClass.nooit: _l("nooit bezocht"),
    VisitClass.meer_dan_90: _l("meer dan 90 dagen geleden"),
    VisitClass.tussen_30_90: _l("30–90 dagen geleden"),
    VisitClass.minder_dan_30: _l("minder dan 30 dagen geleden"),
    VisitClass.via_koffieplek: _l("niet gelopen, wel bewoners bij de koffieplek"),
    VisitClass.andere_rondes: _l("alleen andere soort ronde"),
}
