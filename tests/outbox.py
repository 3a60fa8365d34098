"""Running the outbox's sender in tests, as the timer does in production."""

import io

from django.core.management import call_command

# A mail server that is down: settings.EMAIL_BACKEND = FAILING_BACKEND.
FAILING_BACKEND = "tests.outbox.FailingBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def deliver():
    """`manage.py send_mail` once; what it printed ("2 sent, 0 failed …")."""
    out = io.StringIO()
    call_command("send_mail", stdout=out)
    return out.getvalue()


class FailingBackend:
    """An SMTP server that refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")
