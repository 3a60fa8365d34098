"""A signed-in member for the benchmark: `manage.py bench_member`.

Makes (once) a verified member who has written nothing, signs them in and
prints the Cookie header their browser would send, so that `manage.py bench`
can measure the pages as a member gets them (the shared page filled in with
their own parts). Only for the benchmark's own database: the session is real.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client

from members.models import User

USERNAME = "bench-member"


class Command(BaseCommand):
    help = "Sign in a benchmark member (made once) and print the Cookie header of their session."

    def handle(self, *args, **options):
        member, made = User.objects.get_or_create(
            username=USERNAME,
            defaults={"email": f"{USERNAME}@example.org", "display_name": "Bench Member"},
        )
        if made:
            member.set_unusable_password()
            member.save()
            EmailAddress.objects.create(
                user=member, email=member.email, primary=True, verified=True
            )
        browser = Client()
        browser.force_login(member)
        session = browser.cookies[settings.SESSION_COOKIE_NAME].value
        self.stdout.write(f"{settings.SESSION_COOKIE_NAME}={session}")
