from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Remove a member's second factors (authenticator app, security keys and "
        "recovery codes) when they lost them: they sign in with the password again, "
        "and staff are asked to set up a new one before the admin opens."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed; remove nothing."
        )

    def handle(self, *args, username, dry_run, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=username)
        except user_model.DoesNotExist:
            raise CommandError(f"No member is called {username!r}.") from None
        factors = Authenticator.objects.filter(user=user)
        kinds = sorted(factors.values_list("type", flat=True))
        if not kinds:
            self.stdout.write(f"{username} has no second factor; nothing to remove.")
            return
        if dry_run:
            self.stdout.write(f"Would remove from {username}: {', '.join(kinds)}.")
            return
        factors.delete()
        self.stdout.write(f"Removed from {username}: {', '.join(kinds)}.")
