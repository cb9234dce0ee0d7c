"""Web and e-mail addresses are checked when read: what passes can be written into YAML, RDF
and links as it is."""

from __future__ import annotations

import pytest

from lvv_publish.models import email_address, web_address


@pytest.mark.parametrize(
    "url",
    [
        "https://lvv.example.org/",
        "http://localhost:8000/lvv",
        "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058",
        "https://example.org/a?b=c&d=e#f",
        "https://example.org/%7Elvv/",
    ],
)
def test_a_web_address_passes_unchanged(url):
    assert web_address(url) == url


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("javascript:alert(1)", "only https:, http: addresses"),
        ("mailto:lvv@example.org", "only https:, http: addresses"),
        ("https://", "names no host"),
        ("https://x.nl/\"\n!!python/object/apply:os.system ['id']", "it holds"),
        ("https://x.nl/a b", "it holds"),
        ("https://x.nl/<script>", "it holds"),
        ("", "only https:, http: addresses"),
    ],
)
def test_anything_else_is_refused_and_says_why(url, why):
    with pytest.raises(ValueError, match=why):
        web_address(url)


def test_a_long_address_is_shown_cut():
    with pytest.raises(ValueError) as info:
        web_address("javascript:" + "x" * 10_000)
    assert len(str(info.value)) < 400


@pytest.mark.parametrize("email", ["lvv@minjenv.nl", "programma.lvv@rijksoverheid.nl"])
def test_a_plain_email_address_passes(email):
    assert email_address(email) == email


@pytest.mark.parametrize(
    "email",
    ["<lvv@minjenv.nl>", "LVV <lvv@minjenv.nl>", "lvv@minjenv", "a b@c.nl", "lvv@bücher.nl"],
)
def test_other_email_forms_are_refused(email):
    with pytest.raises(ValueError):
        email_address(email)
