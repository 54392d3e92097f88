"""Production entry point: `gunicorn -c gunicorn.conf.py wsgi:app`."""

from outreach import create_app

app = create_app()
