"""Path converters the apps' URLconfs share (registered in KexueConfig.ready)."""

from django.urls.converters import StringConverter


class NameConverter(StringConverter):
    """A slug or username segment: what `str` matches, less control characters.

    No slug or username holds one, and PostgreSQL text cannot even be compared
    with a NUL, so /tag/x%00/ would fail in the query; without a match it is a 404.
    """

    regex = r"[^/\x00-\x1f\x7f]+"
