import pytest

from geo.errors import MissingField
from geo.fields import find_field, first_text, resolve_buurt_fields, text_value

CBS = ["BU_CODE", "BU_NAAM", "WK_CODE", "WK_NAAM", "GM_CODE", "GM_NAAM", "AANT_INW"]
CBS_LOWER = ["bu_code", "bu_naam", "wk_code", "gm_code", "gm_naam", "aantal_inwoners"]
PDOK = ["buurtcode", "buurtnaam", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam"]
GEBIEDSINDELING = ["statcode", "statnaam", "jrstatcode", "rubriek"]


@pytest.mark.parametrize("available, expected", [
    (CBS, {"code": "BU_CODE", "name": "BU_NAAM", "wijk_code": "WK_CODE", "wijk_name": "WK_NAAM",
           "gemeente_code": "GM_CODE", "gemeente_name": "GM_NAAM"}),
    (CBS_LOWER, {"code": "bu_code", "name": "bu_naam", "wijk_code": "wk_code",
                 "wijk_name": None, "gemeente_code": "gm_code", "gemeente_name": "gm_naam"}),
    (PDOK, {"code": "buurtcode", "name": "buurtnaam", "wijk_code": "wijkcode",
            "wijk_name": "wijknaam", "gemeente_code": "gemeentecode",
            "gemeente_name": "gemeentenaam"}),
    (GEBIEDSINDELING, {"code": "statcode", "name": "statnaam", "wijk_code": None,
                       "wijk_name": None, "gemeente_code": None, "gemeente_name": None}),
    (["Bu_Code"], {"code": "Bu_Code", "name": None, "wijk_code": None, "wijk_name": None,
                   "gemeente_code": None, "gemeente_name": None}),
])
def test_buurt_fields_of_cbs_pdok_and_reexports_are_recognised(available, expected):
    assert resolve_buurt_fields(available) == expected


def test_given_code_and_name_fields_win():
    fields = resolve_buurt_fields(["buurt_code", "cbs_bu_code", "buurt_naam", "gm_code"],
                                  code_field="cbs_bu_code", name_field="buurt_naam")
    assert fields["code"] == "cbs_bu_code"
    assert fields["name"] == "buurt_naam"
    assert fields["gemeente_code"] == "gm_code"


def test_given_field_that_does_not_exist_is_refused_by_name():
    with pytest.raises(MissingField, match="'bestaat_niet' komt in geen enkele feature voor"):
        resolve_buurt_fields(CBS, code_field="bestaat_niet")
    with pytest.raises(MissingField, match="buurtnaam 'naam'"):
        resolve_buurt_fields(CBS, name_field="naam")


def test_no_recognised_code_field_lists_what_the_file_has():
    with pytest.raises(MissingField) as refused:
        resolve_buurt_fields(["buurt_code", "buurt_naam"])
    message = str(refused.value)
    assert "BU_CODE, buurtcode, statcode" in message
    assert "buurt_code, buurt_naam" in message
    assert "--code-field" in message


def test_long_field_lists_are_shortened():
    with pytest.raises(MissingField, match=r"\(en nog 30\)"):
        resolve_buurt_fields([f"veld_{n:02}" for n in range(50)])


def test_find_field_prefers_exact_spelling():
    assert find_field(["NAME", "name"], ["name"]) == "name"
    assert find_field(["NAME"], ["name"]) == "NAME"
    assert find_field(["x"], ["name"]) is None


def test_text_values_are_trimmed_and_blank_is_none():
    props = {"a": "  Van  Diemenstraat ", "b": "  ", "c": 363, "d": None, "e": True}
    assert text_value(props, "a") == "Van Diemenstraat"
    assert text_value(props, "b") is None
    assert text_value(props, "c") == "363"
    assert text_value(props, "d") is None
    assert text_value(props, "e") is None
    assert text_value(props, None) is None
    assert first_text({"STT_NAAM": "Kruislaan"}, ["name", "stt_naam"]) == "Kruislaan"
