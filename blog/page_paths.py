"""The addresses editors choose for static pages, and the ones they may not take.

A page answers at `/<path>/`, served by the last route of the URL map (see
blog.converters.PageConverter), so every other route wins over it. A path whose
first segment begins any other route (`archives`, `admin`, `feed` …) is
refused when the page is saved, rather than shadowed without a word later: the
editor would see their page answer with something else, or `/archives/about/`
reach a post's slug instead of the page.
"""

import re
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils.translation import gettext as _

PATH_LENGTH = 200
# Segments of letters (Chinese ones too), digits, "-" and "_", joined by "/".
# No dots, so a page never looks like a file (`/archives/12.html` stays for
# the old addresses); no empty segments or slashes at the ends.
SEGMENT = r"[\w-]+"
PATH = re.compile(rf"{SEGMENT}(?:/{SEGMENT})*")


def clean_path(value):
    """The path as stored: no slashes around it (editors often type `/about/`)."""
    return value.strip().strip("/")


@cache
def reserved_segments():
    """First segments that begin another route of the URL map, or a static or
    media address. Read from the URL map itself, so a route added later is
    reserved without a list to keep in step."""
    taken = set()
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/"):
            taken.add(url.strip("/").split("/")[0])
    _first_segments(get_resolver().url_patterns, taken)
    taken.discard("")
    return frozenset(taken)


def _first_segments(patterns, taken):
    for entry in patterns:
        pattern = entry.pattern
        if not isinstance(pattern, RoutePattern):
            # A regular expression (only Django's own static() in debug): its
            # literal start, up to the first special character.
            literal = re.match(r"\^?([\w.-]*)", str(pattern)).group(1)
            taken.add(literal)
            continue
        route = str(pattern)
        if route.startswith("<"):
            # `<…>` at the start matches anything: only an include at the root
            # ("" + blog.urls) holds routes whose first segments count.
            continue
        if route == "" and isinstance(entry, URLResolver):
            _first_segments(entry.url_patterns, taken)
        elif isinstance(entry, URLPattern | URLResolver):
            taken.add(route.split("/")[0].split("<")[0])


def validate_page_path(value):
    path = clean_path(value)
    if not PATH.fullmatch(path):
        raise ValidationError(
            _(
                "Use letters, digits, “-” and “_”, in one or more parts separated by "
                "“/” (for example about or about/licence)."
            ),
            code="page_path_characters",
        )
    first = path.split("/")[0]
    if first.lower() in {segment.lower() for segment in reserved_segments()}:
        raise ValidationError(
            _("/%(segment)s/ belongs to another part of the site; choose another path.")
            % {"segment": first},
            code="page_path_taken",
        )
