"""Rules for text that members type about themselves."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Joiners are invisible but belong to emoji sequences and several scripts;
# every other control or format character (bidi overrides, NUL, zero-width
# spaces) only serves to spoof or break a name.
ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
LINE_BREAKS = {"\n", "\r", "\t"}

validate_web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address starting with http:// or https://."),
)


def _has_control_characters(value, allowed):
    return any(unicodedata.category(char).startswith("C") and char not in allowed for char in value)


def validate_single_line_text(value):
    """Refuse control and invisible formatting characters in a name."""
    if _has_control_characters(value, ALLOWED_FORMAT_CHARACTERS):
        raise ValidationError(
            _("Remove control or invisible formatting characters."), code="control_characters"
        )


def validate_multiline_text(value):
    """Like a name, but line breaks and tabs are part of a paragraph."""
    if _has_control_characters(value, ALLOWED_FORMAT_CHARACTERS | LINE_BREAKS):
        raise ValidationError(
            _("Remove control or invisible formatting characters."), code="control_characters"
        )
