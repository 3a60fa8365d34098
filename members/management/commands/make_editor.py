from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from members.roles import EDITORS, make_editor, remove_editor


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
