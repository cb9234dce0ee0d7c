"""Web and e-mail addresses from the project's files and the command line, checked when read.

An address is written into ``mkdocs.yml``, the catalogue (RDF), the feed and the pages'
links. Checked here, before anything is built, a bad one is one clear line instead of a
traceback after a version went live (rdflib refused ``<lvv@…>`` only while writing the
catalogue), and nothing but an ``http(s)`` or ``mailto`` link can reach a page.
"""

from __future__ import annotations

import re
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, HttpUrl, StrictStr, TypeAdapter, ValidationError

# RFC 3986's characters. pydantic's URL parser would percent-encode a space, a quote or a
# line break and accept the address: we refuse them, because an address with them is a typo
# or an attack, and the text published must be the text written.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_HTTP_URL: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)


def web_address(value: str) -> str:
    """``value`` if it is an ``http://`` or ``https://`` address with a host; ValueError if
    not (the message shows at most 200 characters of it)."""
    shown = value if len(value) <= 200 else value[:200] + "…"
    if not _URL_CHARACTERS.fullmatch(value):
        raise ValueError(
            f"{shown!r} is not a web address: only the characters of an address (RFC 3986), "
            "no spaces, quotes, angle brackets or line breaks"
        )
    try:
        _HTTP_URL.validate_python(value)
    except ValidationError:
        raise ValueError(
            f"{shown!r} is not a web address starting with https:// or http:// and a host name"
        ) from None
    return value


def email_address(value: str) -> str:
    """``value`` if it is a plain e-mail address (``lvv@minjenv.nl``, no name or ``<…>``);
    ValueError if not. Checked by email-validator (the library pydantic uses), without DNS."""
    shown = value if len(value) <= 200 else value[:200] + "…"
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"{shown!r} is not an e-mail address ({exc})") from None
    if not value.isascii():
        raise ValueError(f"{shown!r}: write the e-mail address in ASCII (xn-- for the domain)")
    return value


WebAddress = Annotated[StrictStr, AfterValidator(web_address)]
EmailAddress = Annotated[StrictStr, AfterValidator(email_address)]
