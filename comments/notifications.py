"""Reply notifications: written to the outbox with the comment, sent later."""

from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from kexue.models import SiteSettings
from kexue.outbox.models import Message
from kexue.outbox.queueing import queue

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


def cancel_notifications(comments):
    """Withdraw the mails about these comments that have not gone out yet: a
    comment deleted, or marked as spam or removed after it was approved, is
    not announced after all (mail already sent stays, as the record)."""
    Message.objects.unsent().filter(notification__comment__in=comments).delete()


def comment_deleting(sender, instance, **kwargs):
    """pre_delete of a Comment: whoever deletes it (its writer, the admin, a
    deleted post), its mail still waiting goes with it."""
    cancel_notifications([instance])


def unsubscribe_headers(unsubscribe_url):
    """RFC 8058: a mail client may offer "unsubscribe" and POST to the URL
    itself, without a page; the signed token in the URL is the authorization."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def queue_notifications(comment, base_url):
    """Queue the mails for an approved comment, in the caller's transaction."""
    site_name = SiteSettings.current().site_name
    comment_url = base_url + comment.get_absolute_url()
    messages = []
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
        messages.append(
            Message(
                recipient=address,
                subject=render_to_string("comments/email/subject.txt", context).strip(),
                body_text=render_to_string("comments/email/message.txt", context),
                body_html=render_to_string("comments/email/message.html", context),
                headers=unsubscribe_headers(unsubscribe_url),
            )
        )
    return Notification.objects.bulk_create(
        Notification(comment=comment, message=message) for message in queue(messages)
    )
