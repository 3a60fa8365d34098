"""The licences the site settings choose from: one table, so a licence's name,
address and badge always travel together and cannot disagree.

The site settings store only the choice (a code from this table); "custom"
takes its name and address from the settings instead, and has no badge.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .safe_urls import is_web_url


class Kind(models.TextChoices):
    # How the footer words it: a licence grants rights, a waiver gives them
    # all away (CC0), and a reservation keeps them.
    LICENCE = "licence"
    WAIVER = "waiver"
    RESERVED = "reserved"


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    url: str = ""
    badge: str = ""  # a static path, under img/licences/
    kind: str = Kind.LICENCE

    @property
    def is_waiver(self):
        return self.kind == Kind.WAIVER

    @property
    def is_reserved(self):
        return self.kind == Kind.RESERVED


def _creative_commons(terms):
    return Licence(
        code=f"cc-{terms}-4.0",
        name=f"CC {terms.upper()} 4.0",
        url=f"https://creativecommons.org/licenses/{terms}/4.0/",
        badge=f"img/licences/cc-{terms}.svg",
    )


CUSTOM = "custom"
DEFAULT = "cc-by-nc-sa-4.0"

CREATIVE_COMMONS_TERMS = ["by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd"]
LICENCES = {
    licence.code: licence
    for licence in [
        *map(_creative_commons, CREATIVE_COMMONS_TERMS),
        Licence(
            code="cc0-1.0",
            name="CC0 1.0",
            url="https://creativecommons.org/publicdomain/zero/1.0/",
            badge="img/licences/cc0.svg",
            kind=Kind.WAIVER,
        ),
        Licence(code="all-rights-reserved", name=_("All rights reserved"), kind=Kind.RESERVED),
    ]
}

CHOICES = [(code, licence.name) for code, licence in LICENCES.items()] + [
    (CUSTOM, _("Custom (give its name and address)"))
]


def custom(name, url):
    return Licence(code=CUSTOM, name=name, url=url)


# A licence as prose names it: "CC BY-NC-SA 4.0", "cc by nc sa 4.0", "CC0 1.0",
# "CC0"; between Chinese characters too, so no \b (a Chinese character is a word).
MENTION = re.compile(
    r"(?<![a-z0-9])CC(?:[\s-]*(?:0|ZERO)(?![a-z0-9])(?:\s*1\.0)?"
    r"|[\s-]+BY(?:[\s-]+(?:NC|SA|ND))*[\s-]*4\.0)",
    re.IGNORECASE,
)
ZERO = ("cc0", "cc-0", "cc-zero")


def named_in(text):
    """The codes of the licences in the table that a free text (a notice) names."""
    codes = set()
    for match in MENTION.finditer(text or ""):
        code = re.sub(r"[\s-]+", "-", match.group().lower())  # "cc-by-nc-sa-4.0"
        codes.add("cc0-1.0" if code.startswith(ZERO) else code)
    return codes & LICENCES.keys()


def statement(licence, site_name):
    """The terms of the site's content in one line of text, for feeds."""
    values = {"site": site_name, "licence": licence.name}
    if licence.is_reserved:
        return _("Content on %(site)s: all rights reserved.") % values
    if licence.is_waiver:
        sentence = _("Content on %(site)s is dedicated to the public domain under %(licence)s.")
    else:
        sentence = _("Content on %(site)s is licensed under %(licence)s.")
    sentence = sentence % values
    return f"{sentence} {licence.url}" if is_web_url(licence.url) else sentence
