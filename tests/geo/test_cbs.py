import math

import pytest

from geo.cbs import clean_figure, figure_fields, is_secret_code, key_figures


@pytest.mark.parametrize("value, secret", [
    (-99995, True), (-99997, True), (-99997.0, True), (-99998, True), (-99999, True),
    (-99990, True), (-99999999, True), (-99999997, True),
    (-99989, False), (-100000, False), (-1, False), (0, False), (1825, False),
    (-99995.5, False), ("-99995", False), (None, False), (True, False),
])
def test_secret_codes(value, secret):
    assert is_secret_code(value) is secret


@pytest.mark.parametrize("value, stored", [
    (1825, 1825), (1.7, 1.7), (0, 0), (-3, -3), (-99995, None), (-99997.0, None),
    (float("nan"), None), (math.inf, None), ("12", None), (None, None), (False, None),
])
def test_clean_figure(value, stored):
    assert clean_figure(value) == stored


def test_key_figures_keep_numbers_turn_secrets_and_gaps_into_null():
    rows = [
        {"bu_code": "BU1", "aantal_inwoners": 1825, "geboorte_totaal": -99995,
         "water": "NEE", "meest_voorkomende_postcode": "3743", "docnr": None,
         "gem_inkomen": 37.4},
        {"bu_code": "BU2", "aantal_inwoners": 30, "geboorte_totaal": 2, "docnr": None,
         "gem_inkomen": None},
    ]
    fields = figure_fields(rows, exclude={"bu_code"})
    assert fields == {"aantal_inwoners", "geboorte_totaal", "gem_inkomen"}
    assert key_figures(rows[0], fields) == {
        "aantal_inwoners": 1825, "geboorte_totaal": None, "gem_inkomen": 37.4}
    assert key_figures(rows[1], fields) == {
        "aantal_inwoners": 30, "geboorte_totaal": 2, "gem_inkomen": None}


def test_identity_fields_are_never_figures():
    assert figure_fields([{"GM_CODE": 363, "n": 1}], exclude={"GM_CODE"}) == {"n"}
