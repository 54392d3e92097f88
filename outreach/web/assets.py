"""Content hashes of static files: cache busting and the service worker's precache revisions."""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for


@lru_cache(maxsize=256)
def _digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def revision(relative: str, folder: str | None = None) -> str:
    """Short hash of a file under the static (or given) folder; changes when its content does."""
    path = Path(folder or current_app.static_folder) / relative
    return _digest(str(path), path.stat().st_mtime_ns)


def static_url(relative: str) -> str:
    """URL of a static file with its hash, so browsers never use a stale copy."""
    return url_for("static", filename=relative, v=revision(relative))
