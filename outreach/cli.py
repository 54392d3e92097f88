"""`flask --app wsgi outreach ...`: imports, accounts and demo data from the shell."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from .models.enums import Role
from .services import imports, users
from .services.database import DatabaseNotReady, app_login_report, check_postgis
from .services.errors import DomainError, Invalid

outreach_cli = AppGroup("outreach", help="Buurtronde: imports, accounts, demo data.")


def _require_postgis() -> None:
    try:
        check_postgis()
    except DatabaseNotReady as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


@outreach_cli.command("check-db")
def check_db():
    """Check that the database is reachable, has PostGIS, and what the app's login may do."""
    _require_postgis()
    click.echo(f"PostGIS {check_postgis()}: ok")
    login = app_login_report()
    if login.problems:
        for problem in login.problems:
            click.echo(f"warning: {problem}", err=True)
        click.echo("See docs/deploy.md, \"Database roles\".", err=True)
    elif login.audit_log_checked:
        click.echo(f"Login {login.name}: owns nothing, may only add to the audit log: ok")


def _run_import(kind: str, path: Path, **options) -> None:
    _require_postgis()
    try:
        report = imports.run_import(kind, path.read_bytes(), source_name=path.name, **options)
    except imports.ImportRefused as refused:
        click.echo(f"error: {refused.message}", err=True)
        for line in refused.details:
            click.echo(f"  {line}", err=True)
        click.echo("Er is niets gewijzigd.", err=True)
        sys.exit(1)
    for line in report.lines():
        click.echo(line)


_path = click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
_srid = click.option("--srid", help="EPSG code of the coordinates when the file does not name it.")


@outreach_cli.command("import-buurten")
@_path
@_srid
@click.option("--code-field", help="Property holding the buurt code (a municipality's own file).")
@click.option("--name-field", help="Property that holds the buurt name.")
def import_buurten(path: Path, srid, code_field, name_field):
    """Import or update buurten from a GeoJSON file (CBS, PDOK, or your own)."""
    _run_import("buurten", path, srid=srid, code_field=code_field, name_field=name_field)


@outreach_cli.command("import-streets")
@_path
@_srid
def import_streets(path: Path, srid):
    """Import streets from GeoJSON lines with a name (OpenStreetMap, NWB)."""
    _run_import("streets", path, srid=srid)


@outreach_cli.command("import-addresses")
@_path
@_srid
def import_addresses(path: Path, srid):
    """Import addresses from GeoJSON points (BAG or OpenStreetMap addr:*)."""
    _run_import("addresses", path, srid=srid)


@outreach_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.password_option(help="At least 12 characters, not a common or easily guessed one.")
def create_user(email, name, role, password):
    """Create an account."""
    try:
        user = users.create_user(email, name, role, password)
    except Invalid as error:
        click.echo(f"error: {error.message}", err=True)
        for field, messages in error.fields.items():
            click.echo(f"  {field}: {' '.join(messages)}", err=True)
        sys.exit(1)
    click.echo(f"Created {user.role.value} {user.email}")


@outreach_cli.command("seed-demo")
@click.option("--seed", default=2026, show_default=True, help="Same seed, same town.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has buurten.")
def seed_demo(seed: int, if_empty: bool):
    """Fill the database with a believable small demo town."""
    from .services import demo

    _require_postgis()
    if if_empty and not demo.database_is_empty():
        click.echo("Database has data already: demo data not loaded.")
        return
    try:
        counts = demo.seed_demo(seed=seed)
    except DomainError as error:
        click.echo(f"error: {error.message}", err=True)
        sys.exit(1)
    click.echo("Demo data loaded: " + ", ".join(f"{n} {what}" for what, n in counts.items()))


@outreach_cli.command("demo-accounts")
def demo_accounts():
    """Print the demo login for each role."""
    from .services import demo

    for account in demo.DEMO_ACCOUNTS:
        click.echo(f"  {account.role:<12} {account.email:<32} {account.password}")


@outreach_cli.command("retention")
@click.option("--dry-run", is_flag=True, help="Only count what would go; change nothing.")
def retention(dry_run: bool):
    """Remove resident details, notes and audit events past their retention period (daily)."""
    from .services.audit_purge import AuditTermTooShort
    from .services.retention import run_retention

    _require_postgis()
    try:
        report = run_retention(dry_run=dry_run)
    except AuditTermTooShort as error:
        click.echo(f"error: RETENTION_AUDIT_MONTHS: {error}", err=True)
        click.echo("Nothing changed.", err=True)
        sys.exit(1)
    verb = "would clear" if dry_run else "cleared"
    click.echo(f"Follow-ups closed before {report.follow_up_cutoff:%Y-%m-%d}, contacts "
               f"recorded before {report.contact_cutoff:%Y-%m-%d}, audit events "
               f"before {report.audit_cutoff:%Y-%m-%d}:")
    for what, n in report.counts().items():
        click.echo(f"  {verb} {n} {what}")
    if dry_run:
        click.echo("Dry run: nothing changed.")


@outreach_cli.command("rotate-keys")
def rotate_keys():
    """Encrypt every stored name, phone and note again with the first FIELD_ENCRYPTION_KEYS key."""
    from .models.crypto import FieldKeyError
    from .services.field_keys import rotate_field_keys

    _require_postgis()
    try:
        counts = rotate_field_keys()
    except FieldKeyError as error:
        click.echo(f"error: {error}", err=True)
        click.echo("Nothing changed: put back the key that is missing and try again.", err=True)
        sys.exit(1)
    for table, n in counts.items():
        click.echo(f"  {table}: {n} rows re-encrypted")
    click.echo("Done: the older keys may now be removed from FIELD_ENCRYPTION_KEYS.")
