from allauth.account.adapter import get_adapter
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .avatars import make_avatar_thumbnail
from .models import User


def assume_https(model_field, **kwargs):
    """A website typed without a scheme is taken as https:// (Django 6's default)."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class AvatarField(forms.FileField):
    """An upload that comes out of cleaning as a re-encoded square thumbnail."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return make_avatar_thumbnail(upload)


class ProfileForm(forms.ModelForm):
    avatar = AvatarField(
        label=_("Avatar"),
        required=False,
        help_text=_("JPEG, PNG, GIF or WebP up to 2 MB; cropped to a square."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "website",
            "bio",
            "avatar",
            "notify_on_reply",
            "follow_on_comment",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        formfield_callback = assume_https


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        # allauth's check counts failed attempts against the login limits.
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(_("That is not your password."), code="incorrect_password")
        return password
