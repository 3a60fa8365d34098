"""Member workflows with rules: saving a profile, deleting an account, vouching
for the address of an account an operator made."""

from contextlib import contextmanager

from allauth.account.models import EmailAddress
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string


def discard_file_on_commit(name):
    """Remove a stored file once the row that pointed at it is safely saved."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@contextmanager
def tidy_avatar_storage(user):
    """Around a save of `user`: an avatar file that the save replaced or
    cleared is deleted, so storage keeps only pictures in use."""
    previous = type(user).objects.filter(pk=user.pk).values_list("avatar", flat=True).first()
    yield
    if previous != user.avatar.name:
        discard_file_on_commit(previous)


@transaction.atomic
def save_profile(form):
    with tidy_avatar_storage(form.instance):
        return form.save()


@transaction.atomic
def delete_account(user):
    """Erase what the member told us about themselves and close the account.

    The row stays, so their comments keep their place in every thread and are
    shown as by a deleted member. The username and e-mail addresses are
    released for anyone to register again."""
    discard_file_on_commit(user.avatar.name)
    EmailAddress.objects.filter(user=user).delete()
    user.username = f"deleted-{get_random_string(24)}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.display_name = ""
    user.website = ""
    user.bio = ""
    user.avatar = ""
    user.notify_on_reply = False
    user.follow_on_comment = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.deleted_at = timezone.now()
    # Also ends every other session: they were bound to the old password hash.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


@transaction.atomic
def vouch_for_email(user):
    """Record the account's address as confirmed and primary, as allauth does
    after its confirmation link: for accounts an operator made or promoted
    (createsuperuser, make_editor), whose address was never sent a link, so the
    public login (which asks for a confirmed address) lets them in.

    Returns the address, or None when the account has none or another account
    has already confirmed it (one confirmed owner per address)."""
    if not user.email:
        return None
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        address = EmailAddress.objects.create(user=user, email=user.email.lower())
    if not address.set_verified():
        return None
    address.set_as_primary()
    return address
