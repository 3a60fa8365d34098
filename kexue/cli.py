"""The `kexue` command: Django's management commands with Kexue's settings.

An installed site has no manage.py; `kexue migrate`, `kexue collectstatic --noinput`
and `kexue send_mail` do what `python manage.py …` does in the checkout.
"""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kexue.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
