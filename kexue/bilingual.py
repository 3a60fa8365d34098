"""Texts that editors write in both of the site's languages: two fields each.

The site speaks Chinese first; a text may have an English version in a field of
the same name ending in `_en`. Pages read the text through an `InActiveLanguage`
attribute, which gives the English version to the English interface when it is
set and the Chinese one otherwise, so an untranslated text still shows.
"""

from django.utils import translation

ENGLISH = "en"


def english_is_active():
    language = translation.get_language() or ""
    return language.split("-")[0] == ENGLISH


class InActiveLanguage:
    """`local_name = InActiveLanguage("name")`: `obj.local_name` is `obj.name_en`
    in the English interface when that is not empty, else `obj.name`."""

    def __init__(self, field):
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if english_is_active():
            english = getattr(obj, f"{self.field}_en")
            if english.strip():
                return english
        return getattr(obj, self.field)
