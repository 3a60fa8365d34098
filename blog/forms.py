from django import forms
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    """A guest's subscription request: the address that will confirm it."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter the e-mail address the new posts should go to."),
            "invalid": _("Enter a valid e-mail address, such as name@example.org."),
        },
    )
