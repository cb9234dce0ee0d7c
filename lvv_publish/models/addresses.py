"""Web and e-mail addresses from the project's files and the command line, checked when read.

An address is written into ``mkdocs.yml``, the catalogue (RDF), the feed and the pages'
links. Checked here, before anything is built, a bad one is one clear line instead of a
traceback after a version went live (rdflib refused ``<lvv@…>`` only while writing the
catalogue), and nothing but an ``http(s)`` or ``mailto`` link can reach a page.
"""

from __future__ import annotations

from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, HttpUrl, StrictStr, TypeAdapter, ValidationError

from ..errors import quote
from ..links import WEB, checked_link

_HTTP_URL: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)


def web_address(value: str) -> str:
    """``value`` if it is an ``http://`` or ``https://`` address with a host and nothing that
    could end a link where it is written (``links.checked_link``: no space, quote, bracket or
    line break; pydantic's URL parser would percent-encode those and accept the address);
    ValueError if not, showing at most 200 characters of it."""
    checked_link(value, WEB)
    try:
        _HTTP_URL.validate_python(value)
    except ValidationError:
        raise ValueError(f"{quote(value)} is not a web address with a valid host name") from None
    return value


def email_address(value: str) -> str:
    """``value`` if it is a plain e-mail address (``lvv@minjenv.nl``, no name or ``<…>``);
    ValueError if not. Checked by email-validator (the library pydantic uses), without DNS."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"{quote(value)} is not an e-mail address ({exc})") from None
    if not value.isascii():
        raise ValueError(f"{quote(value)}: write the e-mail address in ASCII (xn-- for the domain)")
    return value


WebAddress = Annotated[StrictStr, AfterValidator(web_address)]
EmailAddress = Annotated[StrictStr, AfterValidator(email_address)]
