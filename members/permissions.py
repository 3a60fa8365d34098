"""What a member may do on the site, asked by the other apps."""

from allauth.account.utils import has_verified_email


def user_can_comment(user):
    """Members comment once they have confirmed an e-mail address; deactivated
    and deleted accounts never do. Guests are the comments app's own policy."""
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_deleted
        and has_verified_email(user)
    )
