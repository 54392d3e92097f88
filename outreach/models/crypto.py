"""Encryption at rest for residents' names, phone numbers and free-text notes.

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256) made with the keys in
FIELD_ENCRYPTION_KEYS: a comma-separated list, the first key encrypts, every key
decrypts. A database dump alone therefore shows none of these texts. Rotation: put a
new key in front, run `flask --app wsgi outreach rotate-keys`, then drop the old key.

Searching an encrypted name needs a blind index: `name_index` is an HMAC-SHA256 of the
normalised name under a key derived from SECRET_KEY, so equal names match without the
database ever holding the name itself.
"""

import hashlib
import hmac
from functools import lru_cache

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

from ..config import ConfigError


class FieldKeyError(RuntimeError):
    """A stored value could not be decrypted with any configured key."""


def parse_keys(raw) -> tuple[str, ...]:
    """The keys of FIELD_ENCRYPTION_KEYS (a comma-separated string or a list), checked."""
    if isinstance(raw, str):
        keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    else:
        keys = tuple(str(k).strip() for k in (raw or ()) if str(k).strip())
    if not keys:
        raise ConfigError(
            "FIELD_ENCRYPTION_KEYS is not set: resident names, phone numbers and notes are "
            "stored encrypted. Make a key with `python -c \"from cryptography.fernet import "
            "Fernet; print(Fernet.generate_key().decode())\"` (`make run` keeps one in "
            "instance/field_keys).")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError) as error:
            raise ConfigError(
                f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key "
                "(32 url-safe base64-encoded bytes).") from error
    return keys


@lru_cache(maxsize=8)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def cipher(keys=None) -> MultiFernet:
    """The MultiFernet for KEYS, or for the current app's FIELD_ENCRYPTION_KEYS."""
    if keys is None:
        keys = current_app.config.get("FIELD_ENCRYPTION_KEYS")
    # create_app stores the keys parsed and checked, as a tuple: every encrypt and decrypt
    # of a request reads them, so they are not checked again each time.
    return _cipher(keys if isinstance(keys, tuple) else parse_keys(keys))


def encrypt_text(value: str | None, keys=None) -> str | None:
    """VALUE encrypted with the first key (None stays None)."""
    if value is None:
        return None
    return cipher(keys).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str | None, keys=None) -> str | None:
    """The plaintext of TOKEN (None stays None); FieldKeyError when no key fits."""
    if token is None:
        return None
    try:
        return cipher(keys).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as error:
        raise FieldKeyError(
            "A stored value cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS "
            "(was a key dropped before `outreach rotate-keys` ran?).") from error


def reencrypt_text(token: str | None, keys=None) -> str | None:
    """TOKEN encrypted again with the first key (for key rotation)."""
    if token is None:
        return None
    try:
        return cipher(keys).rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError) as error:
        raise FieldKeyError("A stored value cannot be decrypted with any configured key.") \
            from error


def normalise_name(name: str) -> str:
    """A name as searched: case folded, whitespace collapsed."""
    return " ".join(name.casefold().split())


def _index_key(secret_key: str | None = None) -> bytes:
    secret = secret_key if secret_key is not None else current_app.config["SECRET_KEY"]
    return hmac.new(str(secret).encode("utf-8"), b"buurtronde/resident-name-index",
                    hashlib.sha256).digest()


def name_index(name: str | None, secret_key: str | None = None) -> str | None:
    """The blind index of NAME: HMAC-SHA256 of its normalised form (None for no name)."""
    if name is None or not normalise_name(name):
        return None
    return hmac.new(_index_key(secret_key), normalise_name(name).encode("utf-8"),
                    hashlib.sha256).hexdigest()


class EncryptedText(sa.types.TypeDecorator):
    """A TEXT column holding a Fernet token; the ORM reads and writes plaintext."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return encrypt_text(value)

    def process_result_value(self, value, dialect):
        return decrypt_text(value)
