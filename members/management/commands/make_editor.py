from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from members.roles import EDITORS, make_editor, remove_editor
from members.services import vouch_for_email


class Command(BaseCommand):
    help = (
        f"Put a member in the {EDITORS} group (with access to the admin), "
        "or take them out of it with --remove."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--remove", action="store_true", help=f"Take the member out of {EDITORS}."
        )

    def handle(self, *args, username, remove, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=username)
        except user_model.DoesNotExist:
            raise CommandError(f"No member is called {username!r}.") from None
        if remove:
            remove_editor(user)
            self.stdout.write(f"{username} is no longer an editor.")
        else:
            if not user.is_active:
                raise CommandError(f"{username!r} is deactivated; reactivate them first.")
            make_editor(user)
            self.stdout.write(f"{username} is now an editor.")
            self.report_address(user)

    def report_address(self, user):
        """An editor signs in on the public login, which wants a confirmed address."""
        email = user.email
        if vouch_for_email(user):
            self.stdout.write(f"Their address {user.email} counts as confirmed.")
        elif not email:
            self.stderr.write(
                f"{user.username} has no e-mail address: give them one in the admin "
                "and run this command again, or they cannot sign in."
            )
        else:
            self.stderr.write(
                f"Another account has confirmed {email}: {user.username} must confirm "
                "an address of their own before they can sign in."
            )
