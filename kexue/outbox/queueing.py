"""Putting mail in the outbox instead of sending it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .models import Message


class Unqueueable(ValueError):
    """A message the outbox cannot carry as it is; nothing was written."""


def queue(messages):
    """Store unsaved Messages, in the caller's transaction, and return them.

    Every message is checked before any is written, so one bad message queues
    nothing. A message without a sender gets DEFAULT_FROM_EMAIL."""
    messages = list(messages)
    for message in messages:
        message.from_email = message.from_email or settings.DEFAULT_FROM_EMAIL
        check(message)
    return Message.objects.bulk_create(messages)


def queue_email(email):
    """Queue a rendered django.core.mail message in place of its send():
    one outbox row per recipient."""
    extras = [name for name in ("cc", "bcc", "reply_to", "attachments") if getattr(email, name)]
    if extras:
        raise Unqueueable(f"The outbox does not carry {', '.join(extras)}.")
    if email.content_subtype != "plain":
        raise Unqueueable("The outbox needs a plain-text body; HTML goes beside it.")
    alternatives = list(getattr(email, "alternatives", []))
    if len(alternatives) > 1 or any(mimetype != "text/html" for _, mimetype in alternatives):
        raise Unqueueable("The outbox carries at most one alternative, in text/html.")
    html = alternatives[0][0] if alternatives else ""
    if not email.to:
        raise Unqueueable("The message has no recipient.")
    return queue(
        Message(
            recipient=address,
            from_email=email.from_email,
            subject=email.subject,
            body_text=email.body,
            body_html=html,
            headers=dict(email.extra_headers),
        )
        for address in email.to
    )


def check(message):
    try:
        validate_email(message.recipient)
    except ValidationError:
        raise Unqueueable(f"Not an e-mail address: {message.recipient!r}.") from None
    if not message.subject.strip():
        raise Unqueueable("The message has no subject.")
    if not isinstance(message.headers, dict):
        raise Unqueueable("Extra headers are a mapping of names to values.")
    # Django refuses such headers only when sending; caught here, the message
    # would instead fail every retry and the caller would never know.
    single_line = [message.subject, message.from_email, *message.headers, *message.headers.values()]
    if any(not isinstance(value, str) or "\n" in value or "\r" in value for value in single_line):
        raise Unqueueable("Headers are single lines of text.")
