"""marshmallow schemas of the JSON API."""
