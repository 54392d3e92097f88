"""The /beheer/import page: a beheerder uploads GeoJSON and sees the report or the refusal."""

import io
from pathlib import Path

from sqlalchemy import text

from outreach.models import AuditEvent

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _upload(client, name: str, **fields):
    data = {"kind": "buurten", "file": (io.BytesIO((FIXTURES / name).read_bytes()), name),
            **fields}
    return client.post("/beheer/import", data=data, content_type="multipart/form-data")


def _buurten(db) -> int:
    return db.session.scalar(text("SELECT count(*) FROM buurten"))


def test_beheerder_uploads_buurten_and_sees_the_report(db, login_as, users):
    response = _upload(login_as("beheerder"), "buurten_small.geojson")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Import gelukt" in page
    assert "2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 hersteld, 1 overgeslagen" in page
    assert "overgeslagen, zonder buurtcode: 1" in page
    assert _buurten(db) == 2
    event = db.session.query(AuditEvent).filter_by(action="import.buurten").one()
    assert event.actor_id == users["beheerder"].id
    assert event.details["created"] == 2


def test_epsg_prefixed_srid_is_accepted_on_the_page(db, login_as):
    response = _upload(login_as("beheerder"), "rd_without_crs.geojson", srid="EPSG:28992")
    assert "Import gelukt" in response.get_data(as_text=True)
    assert _buurten(db) == 1


def test_bad_file_shows_the_error_and_changes_nothing(db, login_as):
    client = login_as("beheerder")
    _upload(client, "buurten_small.geojson")

    response = _upload(client, "rd_claiming_wgs84.geojson")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Niet geïmporteerd" in page
    assert "passen niet in EPSG:4326 (WGS84)" in page
    assert "Er is niets gewijzigd." in page
    assert _buurten(db) == 2


def test_only_a_beheerder_may_import(db, login_as):
    response = _upload(login_as("coordinator"), "buurten_small.geojson")
    assert response.status_code == 403
    assert _buurten(db) == 0


def test_deeply_nested_file_is_refused_with_a_reason_not_a_500(db, login_as):
    deep = b"[" * 100_000 + b"]" * 100_000
    response = login_as("beheerder").post(
        "/beheer/import", data={"kind": "streets", "file": (io.BytesIO(deep), "diep.geojson")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "dieper genest" in response.get_data(as_text=True)
