import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .validators import validate_multiline_text, validate_single_line_text, validate_web_url

BIO_MAX_LENGTH = 1000


def avatar_upload_to(user, filename):
    # A fresh name for every upload, so browsers and caches never show the old picture.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"avatars/{user.pk}/{uuid.uuid4().hex}.{extension}"


class MemberManager(UserManager):
    def create_superuser(self, *args, **kwargs):
        """`createsuperuser` makes an account nobody sent a confirmation link
        to: its address counts as confirmed, or the public login would refuse it."""
        from .services import vouch_for_email  # services works on this model

        user = super().create_superuser(*args, **kwargs)
        vouch_for_email(user)
        return user


class User(AbstractUser):
    """The site's member. A custom model from the first migration, so profile
    fields can grow here without ever migrating away from auth.User."""

    display_name = models.CharField(
        _("display name"),
        max_length=50,
        blank=True,
        validators=[validate_single_line_text],
        help_text=_("Shown with your comments instead of your username."),
    )
    website = models.URLField(
        _("website"), max_length=200, blank=True, validators=[validate_web_url]
    )
    bio = models.TextField(
        _("about you"),
        max_length=BIO_MAX_LENGTH,
        blank=True,
        validators=[validate_multiline_text],
        help_text=format_lazy(_("Plain text, up to {count} characters."), count=BIO_MAX_LENGTH),
    )
    avatar = models.ImageField(_("avatar"), upload_to=avatar_upload_to, blank=True)
    notify_on_reply = models.BooleanField(
        _("e-mail me when someone replies to my comment"), default=True
    )
    # Off unless the member turns it on: a digest of a whole discussion is more
    # mail than the reply notices they already get, and nobody should receive
    # it without having asked (existing members included).
    follow_on_comment = models.BooleanField(
        _("follow the discussions I comment in"),
        default=False,
        help_text=_("New comments there come by e-mail, gathered in a digest."),
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = MemberManager()

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def display_name_for_public(self):
        """The name shown next to this member's comments and on their profile."""
        if self.is_deleted:
            return _("deleted member")
        return self.display_name or self.username

    @property
    def avatar_url(self):
        if self.avatar:
            return self.avatar.url
        return reverse("members:default_avatar", args=[self.username])

    def get_absolute_url(self):
        return reverse("members:profile", args=[self.username])
