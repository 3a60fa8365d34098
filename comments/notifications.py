"""Reply notifications: written to the outbox with the comment, sent later."""

from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from kexue.models import SiteSettings

from .models import Notification, Unsubscribe

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def unsubscribe_token(email):
    return signing.dumps(email.lower(), salt=UNSUBSCRIBE_SALT)


def email_from_token(token):
    """The address a token was made for, or None for a forged or garbled one."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def recipients(comment):
    """Who hears about an approved comment: the author of the comment it
    answers, and the post's author; never the writer, never twice."""
    writer = (comment.author.email if comment.author_id else comment.guest_email).lower()
    addresses = []
    if comment.parent_id:
        addresses.append(("reply", comment.parent.notify_address))
    post_author = comment.post.author
    if post_author.notify_on_reply and post_author.is_active:
        addresses.append(("post", post_author.email))
    chosen = {}
    for kind, address in addresses:
        address = (address or "").lower()
        if address and address != writer and address not in chosen:
            chosen[address] = kind
    opted_out = set(Unsubscribe.objects.filter(email__in=chosen).values_list("email", flat=True))
    return [(address, kind) for address, kind in chosen.items() if address not in opted_out]


def queue_notifications(comment, base_url):
    """Write the outbox rows for an approved comment, in the caller's transaction."""
    site_name = SiteSettings.current().site_name
    comment_url = base_url + comment.get_absolute_url()
    rows = []
    for address, kind in recipients(comment):
        unsubscribe_url = base_url + reverse(
            "comments:unsubscribe", args=[unsubscribe_token(address)]
        )
        context = {
            "comment": comment,
            "kind": kind,
            "site_name": site_name,
            "comment_url": comment_url,
            "unsubscribe_url": unsubscribe_url,
        }
        rows.append(
            Notification(
                comment=comment,
                recipient=address,
                subject=render_to_string("comments/email/subject.txt", context).strip(),
                body_text=render_to_string("comments/email/message.txt", context),
                body_html=render_to_string("comments/email/message.html", context),
                unsubscribe_url=unsubscribe_url,
            )
        )
    Notification.objects.bulk_create(rows)
    return rows
