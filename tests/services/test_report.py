"""The impact report on a small, hand-counted town: two buurten, contacts on both sides of
the period's edges, follow-ups in every situation. Every expected number below was
counted by hand from the fixture, not computed by the code under test."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from outreach.models import (
    AuditEvent,
    Buurt,
    Contact,
    FollowUp,
    HelpQuestion,
    Partner,
    Round,
    Street,
    Talent,
)
from outreach.models.enums import (
    FollowUpKind,
    FollowUpStatus,
    HelpCategory,
    PartnerKind,
    PartnerOutcome,
    RoundKind,
    RoundStatus,
    TalentKind,
    Urgency,
)
from outreach.services.errors import Invalid
from outreach.services.report import Preset, custom_period, impact_report, preset_period
from outreach.services.report.export import export_table
from outreach.services.report.figures import FollowUpMeasure as M
from outreach.services.report.figures import TalentClass, report_figures
from outreach.services.report.period import ReportPeriod
from outreach.services.report.small_numbers import (
    NOBODY,
    Shown,
    cell,
    protected_median,
    protected_share,
    rounded_cell,
    total,
)
from outreach.services.report.themes import THEME_OF_CATEGORY, THEMES
from tests.factories import make_town

AMS = ZoneInfo("Europe/Amsterdam")
Q1 = ReportPeriod(date(2025, 1, 1), date(2025, 3, 31), today=date(2025, 6, 15))
S = FollowUpStatus


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


class World:
    pass


@pytest.fixture(autouse=True)
def request_context(app):
    """Labels are translated per request (the locale lives in the session)."""
    with app.test_request_context():
        yield


@pytest.fixture()
def world(db, users):
    w = World()
    town = make_town(users["veldwerker"], round_date=date(2024, 12, 1))
    w.a, streets, p = town.buurt, town.streets, town.partner
    w.b = Buurt(code="BU99990002", name="Tweede buurt", geom=(
        "SRID=4326;MULTIPOLYGON(((5.105 52.0475,5.115 52.0475,5.115 52.0525,"
        "5.105 52.0525,5.105 52.0475)))"),
        key_figures={"aantal_inwoners": 800, "aantal_huishoudens": 300, "oppervlakte_ha": 50,
                     "pct_koopwoningen": 40})
    db.session.add(w.b)
    db.session.flush()
    b_street = Street(buurt_id=w.b.id, name="Bstraat", length_m=100,
                      geom="SRID=4326;MULTILINESTRING((5.106 52.049,5.114 52.049))")
    q = Partner(name="Wijkteam Test", kind=PartnerKind.wijkteam)
    db.session.add_all([b_street, q])

    def rnd(kind, day, status, buurt):
        r = Round(kind=kind, date=day, status=status)
        r.buurten.append(buurt)
        db.session.add(r)
        return r

    r1 = rnd(RoundKind.bloemen, date(2025, 2, 1), RoundStatus.afgerond, w.a)
    r2 = rnd(RoundKind.koffie, date(2025, 3, 15), RoundStatus.gepland, w.a)  # held: contacts
    rnd(RoundKind.bloemen, date(2025, 3, 20), RoundStatus.gepland, w.a)  # not held
    rnd(RoundKind.koffie, date(2025, 4, 2), RoundStatus.afgerond, w.a)  # after the period
    rnd(RoundKind.bloemen, date(2025, 2, 2), RoundStatus.afgerond, w.b)
    db.session.flush()

    def contact(buurt, street, when, outcome, setting="deur", round_=None):
        c = Contact(buurt_id=buurt.id, street_id=street.id if street else None, outcome=outcome,
                    setting=setting, recorded_at=when, round_id=round_.id if round_ else None)
        db.session.add(c)
        return c

    tulp, rozen, molen = streets["Tulpstraat"], streets["Rozenlaan"], streets["Molenweg"]
    contact(w.a, tulp, local(2025, 1, 1, 0, 10), "niet_thuis", round_=r1)
    c2 = contact(w.a, tulp, local(2025, 1, 15, 10), "gesprek", round_=r1)
    contact(w.a, tulp, local(2025, 2, 1, 10), "open_geen_gesprek")
    c4 = contact(w.a, rozen, local(2025, 2, 10, 10), "gesprek")
    contact(w.a, rozen, local(2025, 3, 31, 23, 50), "geweigerd")
    contact(w.a, None, local(2025, 3, 15, 10), "gesprek", setting="koffieplek", round_=r2)
    c8 = contact(w.a, molen, local(2024, 12, 31, 23, 30), "gesprek")  # before the period
    contact(w.a, molen, local(2025, 4, 1, 0, 5), "gesprek")  # after the period
    c10 = contact(w.b, b_street, local(2025, 2, 2, 10), "gesprek")
    contact(w.b, b_street, local(2025, 2, 3, 10), "open_geen_gesprek", setting="koffieplek")
    db.session.flush()

    def questions(c, category, urgency, n):
        db.session.add_all(HelpQuestion(contact_id=c.id, category=category, urgency=urgency)
                           for _ in range(n))

    questions(c2, "eenzaamheid", "normaal", 6)
    questions(c2, "eenzaamheid", "hoog", 2)
    questions(c4, "wonen", "normaal", 3)
    questions(c4, "geld_schulden", "laag", 5)
    questions(c8, "veiligheid", "normaal", 4)  # its contact lies before the period
    questions(c10, "werk", "hoog", 1)  # buurt B
    db.session.add_all(Talent(contact_id=c2.id, kind=TalentKind.koken,
                              wants_to_participate=i < 3) for i in range(5))
    db.session.add(Talent(contact_id=c4.id, kind=TalentKind.klussen, wants_to_participate=True))
    db.session.add(Talent(contact_id=c10.id, kind=TalentKind.koken, wants_to_participate=True))

    def follow_up(c, created, status=S.open, closed=None, due=None, **extra):
        f = FollowUp(contact_id=c.id, kind=extra.pop("kind", FollowUpKind.terugbellen),
                     status=status, created_at=created, updated_at=created, closed_at=closed,
                     due_date=due, **extra)
        db.session.add(f)
        return f

    follow_up(c2, utc(2025, 1, 10, 9), S.afgerond, utc(2025, 1, 20, 9), date(2025, 1, 25))
    follow_up(c2, utc(2025, 1, 5, 9), S.afgerond, utc(2025, 2, 9, 9), date(2025, 1, 20))
    follow_up(c4, utc(2024, 12, 1, 10), S.afgerond, utc(2025, 1, 3, 10), date(2024, 12, 20))
    follow_up(c4, utc(2025, 2, 1, 8), S.afgerond, utc(2025, 2, 3, 8))
    follow_up(c2, utc(2025, 3, 1, 12), S.afgerond, utc(2025, 3, 6, 12), date(2025, 3, 10))
    follow_up(c2, utc(2025, 3, 10, 12), S.open, due=date(2025, 3, 20))
    follow_up(c4, utc(2025, 2, 15, 12), S.afgerond, utc(2025, 4, 10, 12), date(2025, 3, 1))
    follow_up(c4, utc(2025, 3, 20, 12), S.bezig, due=date(2025, 4, 15))
    follow_up(c2, utc(2025, 1, 10, 12), S.geannuleerd, utc(2025, 2, 1, 12), date(2025, 1, 15))
    follow_up(c8, utc(2025, 1, 2, 12), S.overgedragen, due=date(2025, 1, 10), partner_id=p.id,
              handed_over_at=utc(2025, 1, 3, 12), partner_outcome=PartnerOutcome.opgepakt,
              kind=FollowUpKind.warme_overdracht)
    follow_up(c10, utc(2025, 2, 5, 12), S.afgerond, utc(2025, 2, 6, 12))  # buurt B
    follow_up(c4, utc(2024, 11, 1, 12), S.overgedragen, partner_id=p.id,
              handed_over_at=utc(2024, 11, 2, 12), kind=FollowUpKind.warme_overdracht)
    db.session.flush()
    for day in range(5):
        follow_up(c2, utc(2025, 2, 10 + day, 12), S.overgedragen, partner_id=q.id,
                  handed_over_at=utc(2025, 2, 11 + day, 12), kind=FollowUpKind.warme_overdracht)
    db.session.commit()
    w.p, w.q = p, q
    return w


def test_activity_counts_contacts_inside_the_period_only(world):
    raw = report_figures(Q1, world.a.id)
    a = raw.activity
    assert (a.doors_knocked, a.doors_opened, a.conversations, a.coffee_contacts, a.contacts,
            a.streets_visited) == (5, 3, 3, 1, 6, 2)
    assert raw.rounds == {RoundKind.bloemen: 1, RoundKind.koffie: 1, RoundKind.anders: 0}
    city = report_figures(Q1, None)
    c = city.activity
    assert (c.doors_knocked, c.doors_opened, c.conversations, c.coffee_contacts,
            c.streets_visited) == (6, 4, 4, 2, 3)
    assert [(b.buurt_code, b.doors_knocked) for b in city.per_buurt] == [
        ("BU99990001", 5), ("BU99990002", 1)]  # by name: Testbuurt, Tweede buurt
    assert city.rounds[RoundKind.bloemen] == 2


def test_doors_are_distinct_doors_and_a_visitors_street_is_no_visit(world, db):
    # Door 12a rung three times in three spellings, opened once; door 14 rung twice, never
    # opened; a coffee visitor from Molenweg. On top of the world's five numberless doors.
    molen = db.session.scalars(select(Street).where(Street.name == "Molenweg")).one()
    tulp = db.session.scalars(select(Street).where(Street.name == "Tulpstraat")).one()
    for suffix, outcome in (("a", "niet_thuis"), (" A", "niet_thuis"), ("-A", "gesprek")):
        db.session.add(Contact(buurt_id=world.a.id, street_id=tulp.id, house_number=12,
                               house_suffix=suffix, outcome=outcome, setting="deur",
                               recorded_at=local(2025, 3, 2, 10)))
    for _ in range(2):
        db.session.add(Contact(buurt_id=world.a.id, street_id=tulp.id, house_number=14,
                               outcome="niet_thuis", setting="deur",
                               recorded_at=local(2025, 3, 3, 10)))
    db.session.add(Contact(buurt_id=world.a.id, street_id=molen.id, outcome="gesprek",
                           setting="koffieplek", recorded_at=local(2025, 3, 15, 11)))
    db.session.flush()
    a = report_figures(Q1, world.a.id).activity
    assert (a.doors_knocked, a.doors_opened) == (5 + 2, 3 + 1)
    assert a.doors_opened <= a.doors_knocked
    assert a.contacts == 6 + 5 + 1
    assert a.streets_visited == 2  # Tulpstraat and Rozenlaan; Molenweg only by a visitor


def test_help_questions_talents_and_follow_ups_by_hand(world):
    raw = report_figures(Q1, world.a.id)
    assert [raw.help_count(HelpCategory.eenzaamheid, u) for u in Urgency] == [0, 6, 2]
    assert raw.help_count(HelpCategory.geld_schulden, Urgency.laag) == 5
    assert raw.help_count(HelpCategory.wonen, Urgency.normaal) == 3
    assert raw.help_count(HelpCategory.veiligheid) == 0  # contact before the period
    assert raw.help_count(HelpCategory.werk) == 0  # the other buurt
    wants = (TalentClass.wil_meedoen, TalentClass.opgevolgd)
    assert (raw.talent_count(TalentKind.koken), raw.talent_count(TalentKind.koken, *wants),
            raw.talent_count(TalentKind.koken, TalentClass.opgevolgd)) == (5, 3, 3)
    assert (raw.talent_count(TalentKind.klussen), raw.talent_count(TalentKind.klussen, *wants),
            raw.talent_count(TalentKind.klussen, TalentClass.opgevolgd)) == (1, 1, 1)
    closed = (M.afgerond_op_tijd, M.afgerond_te_laat, M.afgerond_zonder_termijn)
    assert (raw.follow_up_count(M.gestart), raw.follow_up_count(*closed),
            raw.follow_up_count(M.te_laat),
            raw.follow_up_count(M.afgerond_op_tijd, M.afgerond_te_laat),
            raw.follow_up_count(M.afgerond_op_tijd)) == (14, 5, 3, 4, 2)
    assert raw.median_days_to_close == pytest.approx(10.0)  # of 2, 5, 10, 33, 35
    city = report_figures(Q1, None)
    assert (city.follow_up_count(M.gestart), city.follow_up_count(*closed)) == (15, 6)
    assert city.median_days_to_close == pytest.approx(7.5)  # of 1, 2, 5, 10, 33, 35


def test_handovers_per_partner_with_partner_outcomes(world):
    raw = report_figures(Q1, world.a.id)
    # By name, not by count: an order by true counts would rank the hidden ones.
    assert [p.name for p in raw.partners] == ["Schuldhulp Testdorp", "Wijkteam Test"]
    assert raw.handover_count(world.q.id) == 5
    assert raw.handover_count(world.q.id, None) == 5  # no answer from the partner yet
    assert raw.handover_count(world.p.id, "opgepakt") == 1


def _multiples(*values) -> set[str]:
    return {str(v) for v in values}


def test_small_numbers_are_rounded_hidden_and_totals_add_rounded_cells(world):
    """Every count is 0, "<5" (one cell of 1-4) or a multiple of 5; none is exact or "≥"."""
    report = impact_report(Q1, world.a)
    rows = {r["_key"]: r for r in report.tables["hulpvragen"].rows}
    texts = {k: {c: rows[k][c].text for c in ("laag", "normaal", "hoog", "totaal")}
             for k in ("eenzaamheid", "geld_schulden", "wonen", "taal")}
    assert texts["eenzaamheid"]["laag"] == "0" and texts["eenzaamheid"]["hoog"] == "<5"
    assert texts["eenzaamheid"]["normaal"] in _multiples(5, 10)  # 6
    assert texts["eenzaamheid"]["totaal"] in _multiples(5, 10, 15)  # 6 and 2: two cells
    assert texts["geld_schulden"] == {"laag": "5", "normaal": "0", "hoog": "0", "totaal": "5"}
    assert texts["wonen"] == {"laag": "0", "normaal": "<5", "hoog": "0", "totaal": "<5"}
    assert texts["taal"] == {"laag": "0", "normaal": "0", "hoog": "0", "totaal": "0"}
    total_row = report.tables["hulpvragen"].total
    assert total_row["laag"].text == "5" and total_row["hoog"].text == "<5"
    assert total_row["normaal"].text in _multiples(5, 10, 15)
    assert total_row["totaal"].text in _multiples(10, 15, 20, 25, 30)
    talents = report.tables["talenten"]
    koken = next(r for r in talents.rows if r["_key"] == "koken")
    # 5 found: 2 who do not want to take part, 3 who do and have a follow-up.
    assert koken["gevonden"].text in _multiples(5, 10)
    assert (koken["wil_meedoen"].text, koken["opgevolgd"].text) == ("<5", "<5")
    assert talents.total["gevonden"].text in _multiples(5, 10, 15)
    handovers = report.tables["overdrachten"]
    assert [(r["partner"], r["overdrachten"].text, r["opgepakt"].text) for r in handovers.rows] \
        == [("Schuldhulp Testdorp", "<5", "<5"), ("Wijkteam Test", "5", "0")]
    assert handovers.total["overdrachten"].text in _multiples(5, 10)
    figures = report.figures
    assert figures["follow_ups_opened"].value.text in _multiples(10, 15)  # 14
    assert figures["follow_ups_closed"].value.text in _multiples(5, 10, 15)  # 2 + 2 + 1
    assert figures["follow_ups_overdue"].value.text == "<5"
    # Closed: three cells of 1-4, so only 3 residents are certain: no share, no median.
    assert figures["follow_ups_on_time_share"].value.text == "–"
    assert figures["median_days_to_close"].value.text == "–"
    assert figures["doors_knocked"].value.text == "5"  # the team's own work: exact
    assert figures["doors_opened_share"].value.text == "60,0"
    assert figures["handovers_confirmed"].value.text == "<5"
    published = [v for t in report.tables.values() for r in t.all_rows() for v in r.values()
                 if isinstance(v, Shown)] + [f.value for f in figures.values()]
    assert not any("≥" in v.text or v.text == "n<5" for v in published)


def test_theme_grouping(world):
    assert [t.key for t in THEMES] == [
        "sociale_cohesie", "leefbaarheid_veiligheid", "sociale_veerkracht",
        "maatschappelijke_participatie", "vertrouwen"]
    assert THEME_OF_CATEGORY[HelpCategory.wonen] == "leefbaarheid_veiligheid"
    assert THEME_OF_CATEGORY[HelpCategory.geld_schulden] == "sociale_veerkracht"
    assert THEME_OF_CATEGORY[HelpCategory.werk] == "maatschappelijke_participatie"
    assert HelpCategory.anders not in THEME_OF_CATEGORY
    report = impact_report(Q1, world.a)
    for theme in THEMES:
        assert all(k in report.figures for k in theme.figures)
        assert all(k in report.charts for k in theme.charts)
        assert all(k in report.tables for k in theme.tables)
    f = report.figures
    assert f["help_leefbaarheid_veiligheid"].value.text == "<5"  # wonen 3
    assert f["help_sociale_veerkracht"].value.text in _multiples(10, 15, 20, 25)  # 6, 2, 5
    assert f["help_maatschappelijke_participatie"].value.text == "0"
    chart = str(report.charts["hulpvragen_leefbaarheid_veiligheid"])
    assert chart.startswith("<svg") and "<title" in chart and "Wonen: &lt;5" in chart


def test_key_figures_of_a_buurt_and_summed_for_the_municipality(world):
    assert impact_report(Q1, world.b).key_figures[0][::2] == ("aantal_inwoners", 800)
    city = dict((k, v) for k, _label, v in impact_report(Q1, None).key_figures)
    assert city["aantal_inwoners"] == 2000
    assert city["aantal_huishoudens"] == 300
    assert "pct_koopwoningen" not in city  # a percentage does not add up
    assert "bevolkingsdichtheid" not in city  # Testbuurt has no area


def test_csv_export_is_protected_numeric_and_audited(world, users, db):
    exported = export_table(Q1, world.a, "hulpvragen", actor=users["teamleider"])
    assert exported.body.startswith("\ufeff".encode())
    text = exported.body.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["categorie", "laag", "laag_kleiner_dan_5", "normaal",
                       "normaal_kleiner_dan_5", "hoog", "hoog_kleiner_dan_5", "totaal",
                       "totaal_kleiner_dan_5"]
    by_name = {r[0]: r[1:] for r in rows[1:]}
    assert by_name["Wonen"] == ["0", "0", "", "1", "0", "0", "", "1"]
    eenzaamheid = by_name["Eenzaamheid"]
    assert eenzaamheid[:2] == ["0", "0"] and eenzaamheid[2] in ("5", "10")
    assert eenzaamheid[4:6] == ["", "1"]  # hoog: 2, left out
    assert rows[-1][0] == "Totaal" and "≥" not in text and "<5" not in text
    follow = list(csv.reader(io.StringIO(
        export_table(Q1, world.a, "opvolging").body.decode("utf-8-sig")), delimiter=";"))
    assert follow[0] == ["onderdeel", "aantal", "aantal_kleiner_dan_5"]
    assert ["Mediaan dagen tot afgerond", "", "0"] in follow  # not given: too few certain
    assert ["Te laat (einde periode)", "", "1"] in follow
    events = db.session.query(AuditEvent).filter_by(action="report.export").all()
    assert {(e.subject_id, e.details["buurt"]) for e in events} == {
        ("hulpvragen", "BU99990001"), ("opvolging", "BU99990001")}


def test_every_buurt_is_listed_zero_reach_included_in_a_stable_order(world, db):
    """A buurt the team did not reach is the one a team lead most needs to see."""
    quiet = Buurt(code="BU99990003", name="Achterhoek", geom=(
        "SRID=4326;MULTIPOLYGON(((5.12 52.0475,5.13 52.0475,5.13 52.0525,"
        "5.12 52.0525,5.12 52.0475)))"))
    db.session.add(quiet)
    db.session.commit()
    report = impact_report(Q1, None)
    table = report.tables["buurten"]
    assert [r["buurtcode"] for r in table.rows] == ["BU99990003", "BU99990001", "BU99990002"]
    achterhoek = table.rows[0]
    assert [achterhoek[c.key].text for c in table.columns[2:]] == ["0"] * 6
    assert table.total["deuren_aangebeld"].text == "6"
    rows = list(csv.reader(io.StringIO(export_table(Q1, None, "buurten").body.decode(
        "utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["BU99990003", "BU99990001", "BU99990002", "Totaal"]
    assert rows[1][2:] == ["0", "0", "0", "0", "0", "0", "0"]  # hulpvragen 0, flag 0
    assert impact_report(Q1, quiet).figures["doors_knocked"].value.text == "0"


def test_buurt_and_municipality_reports_publish_the_same_rounded_cells(world):
    """One rounding per finest cell: a buurt's total reads the same in both reports."""
    city = impact_report(Q1, None)
    per_buurt = {r["buurtcode"]: r["hulpvragen"] for r in city.tables["buurten"].rows}
    for buurt in (world.a, world.b):
        own = impact_report(Q1, buurt).tables["hulpvragen"].total["totaal"]
        assert per_buurt[buurt.code] == own
    assert per_buurt[world.b.code].text == "<5"  # werk 1 in Tweede buurt
    # And again: the same records round the same way in every request.
    assert impact_report(Q1, world.a).tables["hulpvragen"].total == \
        impact_report(Q1, world.a).tables["hulpvragen"].total


def test_a_single_small_cell_is_left_out_and_a_sum_adds_rounded_cells():
    assert cell(0, 0.5) is NOBODY and NOBODY.shown == Shown(0)
    assert cell(3, 0.99).shown.text == "<5" and cell(3, 0.0).shown.text == "<5"
    assert cell(5, 0.0).shown.text == "5" and cell(5, 0.99).shown.text == "5"
    assert rounded_cell(6, 0.1) == 10 and rounded_cell(6, 0.3) == 5  # up with chance 1/5
    assert rounded_cell(4, 0.7) == 5 and rounded_cell(4, 0.9) == 0  # up with chance 4/5
    # Two small cells that both round down still show as at least 5, never as 0.
    assert total([cell(2, 0.9), cell(3, 0.9)]).shown.text == "5"
    assert total([cell(2, 0.1), cell(3, 0.1)]).shown.text == "10"
    assert total([cell(6, 0.1), cell(0, 0.1), cell(1, 0.5)]).shown.text == "10"
    # What a reader is sure of: "<5" is at least 1, a rounded 10 of a big cell at least 6.
    assert cell(3, 0.5).least == 1 and cell(8, 0.0).least == 6 and cell(5, 0.5).least == 5
    assert protected_share(cell(3, 0.5), cell(4, 0.5)).text == "–"  # fewer than 5 certain
    assert protected_share(cell(10, 0.5), cell(20, 0.5)).text == "50,0"
    assert protected_median(7.0, total([cell(2, 0.5), cell(2, 0.5)])).text == "–"
    assert protected_median(7.0, cell(9, 0.0)).text == "7,0"
    with pytest.raises(ValueError):
        cell(2, 1.0)


def test_one_notation_for_a_left_out_count_and_one_for_a_figure_not_given():
    assert cell(3, 0.5).shown.text == "<5"
    assert protected_share(cell(3, 0.5), cell(3, 0.5)).text == "–"
    assert protected_median(4.0, cell(4, 0.5)).text == "–"


@pytest.mark.parametrize(("preset", "expected"), [
    (Preset.dit_kwartaal, (date(2025, 4, 1), date(2025, 6, 30))),
    (Preset.vorig_kwartaal, (date(2025, 1, 1), date(2025, 3, 31))),
    (Preset.dit_jaar, (date(2025, 1, 1), date(2025, 12, 31))),
    (Preset.vorig_jaar, (date(2024, 1, 1), date(2024, 12, 31))),
])
def test_presets(preset, expected):
    period = preset_period(preset, date(2025, 5, 20))
    assert (period.date_from, period.date_to) == expected
    assert preset_period(Preset.vorig_kwartaal, date(2025, 2, 1)).date_from == date(2024, 10, 1)


def test_custom_period_refuses_reversed_dates():
    with pytest.raises(Invalid) as refused:
        custom_period(date(2025, 3, 1), date(2025, 2, 1), date(2025, 6, 1))
    assert "tot" in refused.value.fields
