"""Ids in URLs and forms that str.isdigit() would wave through: '²', Arabic-Indic digits,
numbers too long for the column. Each gets a message or is ignored, never a 500."""

import pytest

from outreach.parsing import parse_id

ODD = ["²", "٣", "9" * 12, " 7 ", "-1", "1.0", ""]


def test_parse_id_takes_only_short_ascii_digit_strings():
    assert [parse_id(v) for v in ODD] == [None, None, None, 7, None, None, None]
    assert parse_id("123456789") == 123456789


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize("role,template", [
    ("teamleider", "/opvolging?weergave=lijst&medewerker={v}&partner={v}&buurt={v}"),
    ("coordinator", "/opvolging?medewerker={v}"),
    ("beheerder", "/beheer/partners?buurt={v}"),
    ("beheerder", "/beheer/audit?wie={v}&pagina={v}"),
    ("coordinator", "/rondes/planner/straten?buurt={v}"),
])
def test_odd_ids_in_query_strings_never_give_a_server_error(login_as, role, template, value):
    response = login_as(role).get(template.format(v=value))
    assert response.status_code < 500
