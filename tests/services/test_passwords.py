"""Passwords: at least 12 characters, not a common password, not easy to guess; wherever
one is set (new account, admin edit, the command line). Role changes are audited."""

import pytest
from sqlalchemy import select

from outreach.models import AuditEvent
from outreach.services import demo, users
from outreach.services.errors import Invalid
from outreach.services.passwords import password_problems
from tests.conftest import TEST_PASSWORD


@pytest.mark.parametrize("password", [
    "kort",                      # too short
    "elf tekens!",               # 11 characters
    "password1234",              # in the common-password list
    "qwertyuiop12",              # common, and a keyboard run
    "123456789012",              # a digit run
    "aaaaaaaaaaaaaaaa",          # a repeat
    "buurtronde2026!",           # the app's own name and a year
    "welkom12345678",            # a Dutch greeting and a run
    "annadevries2026",           # the account holder's own name and a year
])
def test_weak_passwords_are_refused(password):
    assert password_problems(password, related=("anna.devries@example.org", "Anna de Vries"))


@pytest.mark.parametrize("password", [
    TEST_PASSWORD,
    "Kast-tulp-rivier-9",
    "lantaarn paraplu fiets",
    *(account.password for account in demo.DEMO_ACCOUNTS),
    "x7#Lq!9vTz@2mW" * 10,       # longer than zxcvbn scores, still fine
])
def test_strong_passwords_pass(password):
    assert password_problems(password) == []


def test_overlong_password_is_refused():
    assert password_problems("lantaarn paraplu fiets " * 50)


def test_create_user_refuses_a_common_password_with_a_dutch_field_message(db):
    with pytest.raises(Invalid) as refused:
        users.create_user("nieuw@test.example", "Nieuw", "veldwerker", "password1234")
    assert "veelgebruikte wachtwoorden" in refused.value.fields["password"][0]


def test_admin_form_shows_password_message_next_to_the_field_and_keeps_the_rest(login_as, db):
    response = login_as("beheerder").post("/beheer/gebruikers/nieuw", data={
        "email": "nieuw@test.example", "name": "Nieuwe Collega", "role": "veldwerker",
        "password": "qwertyuiop12", "active": "y"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="password-error"' in html and "veelgebruikte wachtwoorden" in html
    assert 'value="nieuw@test.example"' in html and 'value="Nieuwe Collega"' in html


def test_admin_form_refuses_a_short_password_in_dutch(login_as, db):
    response = login_as("beheerder").post("/beheer/gebruikers/nieuw", data={
        "email": "nieuw@test.example", "name": "Nieuwe Collega", "role": "veldwerker",
        "password": "kort", "active": "y"})
    assert "minstens 12 tekens" in response.get_data(as_text=True)


def test_admin_edit_refuses_a_guessable_password_and_keeps_the_old_one(login_as, db, users):
    worker = users["veldwerker"]
    old_hash = worker.password_hash
    response = login_as("beheerder").post(f"/beheer/gebruikers/{worker.id}", data={
        "email": worker.email, "name": worker.name, "role": "veldwerker",
        "password": "123456789012", "active": "y"})
    assert 'id="password-error"' in response.get_data(as_text=True)
    db.session.refresh(worker)
    assert worker.password_hash == old_hash
    assert users_authenticate(worker.email, TEST_PASSWORD)


def users_authenticate(email, password):
    return users.authenticate(email, password) is not None


def test_admin_edit_with_empty_password_keeps_it(login_as, db, users):
    worker = users["veldwerker"]
    response = login_as("beheerder").post(f"/beheer/gebruikers/{worker.id}", data={
        "email": worker.email, "name": "Nieuwe Naam", "role": "veldwerker",
        "password": "", "active": "y"})
    assert response.status_code == 302
    assert users_authenticate(worker.email, TEST_PASSWORD)


def test_cli_create_user_refuses_a_weak_password(runner, db):
    result = runner.invoke(args=["outreach", "create-user", "--email", "cli@test.example",
                                 "--name", "Cli", "--role", "coordinator",
                                 "--password", "password1234"])
    assert result.exit_code == 1
    assert "veelgebruikte wachtwoorden" in result.output
    ok = runner.invoke(args=["outreach", "create-user", "--email", "cli@test.example",
                             "--name", "Cli", "--role", "coordinator",
                             "--password", "lantaarn paraplu fiets"])
    assert ok.exit_code == 0, ok.output


def test_role_change_is_audited_with_actor_and_both_roles(login_as, db, users):
    worker = users["veldwerker"]
    response = login_as("beheerder").post(f"/beheer/gebruikers/{worker.id}", data={
        "email": worker.email, "name": worker.name, "role": "coordinator", "password": "",
        "active": "y"})
    assert response.status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role_change"))
    assert event.actor_id == users["beheerder"].id
    assert event.subject_id == str(worker.id)
    assert event.details == {"from": "veldwerker", "to": "coordinator"}


# Found by a beheerder trying the app: known words with a year, digits or punctuation.
EVA = ("eva.evaluatie@gemeente.example", "Eva Evaluatie")
PLACES = ["veenhoven", "molenwijk", "bloemenbuurt", "veenhovennoord", "noord"]


@pytest.mark.parametrize("password", [
    "Welkom2026!!",              # a greeting and this year
    "Veenhoven2026",             # the installation's own town
    "Zomer2026!!!",              # a season
    "eva.evaluatie1",            # the account's own e-mail name plus 1
    "Eva!Evaluatie!2026",        # ... with other decorations
    "W3lk0m2026!!",              # l33t inside the word
    "Molenwijk2025!",            # a wijk of the installation
    "Bloemenbuurt#2026",         # a buurt of the installation
    "Oktober.2026!",             # a month
    "Zaterdag12345",             # a day
    "Zomerwinterlente",          # only season names glued together
    "Pinksteren2026!",           # a holiday
    "Wachtwoord123!",            # the Dutch "password"
    "Feyenoord1908!",            # a club and its year
])
def test_known_words_with_decorations_are_refused_in_dutch(password):
    problems = password_problems(password, related=EVA, places=PLACES)
    assert problems
    assert "bekende woorden" in problems[0] or "veelgebruikte" in problems[0] \
        or "te makkelijk" in problems[0]


@pytest.mark.parametrize("password", [
    "Welkom2026!!", "Veenhoven2026", "Zomer2026!!!", "eva.evaluatie1",
])
def test_the_reported_passwords_get_the_known_words_message(password):
    [message] = password_problems(password, related=EVA, places=PLACES)
    assert message.startswith("Dit wachtwoord bestaat uit bekende woorden")


@pytest.mark.parametrize("password", [
    "lantaarn paraplu fiets",
    "Kast-tulp-rivier-9",
    "correct horse battery staple",
    "Stroopwafelkraam2026",      # one long uncommon word, then a year
    "HondKatPaard+Schoen",       # four list words are still many combinations
    "Hk7#9q!2m$4z",              # random, from a password manager
    "x7#Lq!9vTz@2mW",
    "de molen draait in veenhoven niet meer",  # a sentence with the town in it
])
def test_passphrases_and_random_passwords_still_pass(password):
    assert password_problems(password, related=EVA, places=PLACES) == []


def test_place_names_come_from_the_installations_buurten(db):
    from outreach.models import Buurt
    from outreach.services.passwords import installation_place_names

    db.session.add(Buurt(code="BU99990077", name="Oude Haven", wijk_name="Havenkwartier",
                         gemeente_name="Zeedorp",
                         geom="SRID=4326;MULTIPOLYGON(((5 52,5.01 52,5.01 52.01,5 52)))"))
    db.session.flush()
    names = installation_place_names()
    assert {"zeedorp", "havenkwartier", "oudehaven", "haven"} <= set(names)
    assert names.index("zeedorp") < names.index("havenkwartier") < names.index("oudehaven")


def test_new_account_refuses_the_installations_town_as_password(db):
    from outreach.models import Buurt

    db.session.add(Buurt(code="BU99990078", name="Centrum", wijk_name="Binnenstad",
                         gemeente_name="Zeedorp",
                         geom="SRID=4326;MULTIPOLYGON(((5 52,5.01 52,5.01 52.01,5 52)))"))
    db.session.flush()
    with pytest.raises(Invalid) as refused:
        users.create_user("nieuw@test.example", "Nieuw", "veldwerker", "Zeedorp2026!")
    assert "bekende woorden" in refused.value.fields["password"][0]


def test_new_account_refuses_its_own_email_name(db):
    with pytest.raises(Invalid) as refused:
        users.create_user(*EVA, "veldwerker", "eva.evaluatie1")
    assert "bekende woorden" in refused.value.fields["password"][0]


def test_password_messages_follow_the_language_switch(app, login_as, db):
    client = login_as("beheerder")
    client.post("/taal/en", data={"next": "/"})
    html = client.post("/beheer/gebruikers/nieuw", data={
        "email": "nieuw@test.example", "name": "Nieuwe Collega", "role": "veldwerker",
        "password": "Zomer2026!!!", "active": "y"}).get_data(as_text=True)
    assert "known words" in html
