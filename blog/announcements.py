"""New-post mail: each confirmed subscriber hears of each public post once.

`manage.py send_new_posts` runs on the mail timer. A post is due when it is
public (published now, or a scheduled post whose time has come) and has no
Announcement yet. Its mails go into the outbox in the transaction that writes
its Announcement, whose primary key is the post: a second run at the same
time waits for the first and then finds the mark, a run after an outage finds
the mail still queued, and a post re-saved, unpublished and published again
is never announced twice.
"""

import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kexue.mathtext import plain_text
from kexue.models import SiteSettings
from kexue.outbox.models import Message
from kexue.outbox.queueing import queue

from .models import Announcement, Post, Subscriber
from .subscriptions import unsubscribe_token

# Only posts that went public this recently are news: a post imported with
# its old date, or published while the timer was stopped for weeks, is not
# mailed to everyone as if it were new.
NEWS_WINDOW = timedelta(days=3)


# A site-relative address in stored HTML (href="/media/…"), which a mail
# client has no page to resolve against; "//host" is already absolute.
SITE_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def due_posts():
    since = timezone.now() - NEWS_WINDOW
    return (
        Post.objects.published()
        .filter(published_at__gte=since, announcement__isnull=True)
        .select_related("author")
        .order_by("published_at", "pk")
    )


def unsubscribe_headers(unsubscribe_url):
    """RFC 8058: the mail client may POST to the link itself, with no page."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def with_absolute_links(html, base_url):
    return SITE_RELATIVE.sub(lambda match: f"{match.group(1)}{base_url}/", html)


def messages_for(post, subscribers, base_url):
    site_name = SiteSettings.current().site_name
    post_url = base_url + post.get_absolute_url()
    shared = {
        "post": post,
        "post_url": post_url,
        "site_name": site_name,
        "excerpt_html": with_absolute_links(post.excerpt_html, base_url),
        "excerpt_text": plain_text(post.excerpt_html),
    }
    subject = render_to_string("blog/email/new_post_subject.txt", shared).strip()
    for subscriber in subscribers:
        unsubscribe_url = base_url + reverse(
            "blog:unsubscribe", args=[unsubscribe_token(subscriber)]
        )
        context = {**shared, "unsubscribe_url": unsubscribe_url}
        yield Message(
            recipient=subscriber.email,
            subject=subject,
            body_text=render_to_string("blog/email/new_post.txt", context),
            body_html=render_to_string("blog/email/new_post.html", context),
            headers=unsubscribe_headers(unsubscribe_url),
        )


def announce(post, base_url):
    """Queue the post's mail to every confirmed subscriber, unless it was
    announced already; returns how many were queued (None: announced before)."""
    try:
        with transaction.atomic():
            # Taken first: a concurrent run waits here on the primary key,
            # then fails and leaves the post to the run that marked it.
            announcement = Announcement.objects.create(post=post)
            subscribers = Subscriber.objects.order_by("pk")
            queued = queue(messages_for(post, subscribers, base_url))
            announcement.recipients = len(queued)
            announcement.save(update_fields=["recipients"])
    except IntegrityError:
        return None
    return len(queued)


def announce_due_posts(base_url):
    """Announce every due post; returns [(post, mails queued)] for those this
    run announced."""
    done = []
    for post in due_posts():
        queued = announce(post, base_url)
        if queued is not None:
            done.append((post, queued))
    return done
