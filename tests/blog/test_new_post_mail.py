"""New-post mail: one per confirmed subscriber and public post, through the outbox."""

import io
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from blog.announcements import announce_due_posts
from blog.models import Announcement, Post, Subscriber
from kexue.outbox.models import Message
from tests.factories import PostFactory
from tests.outbox import FAILING_BACKEND, deliver

from .subscribing import ask, confirmations_to, link_in

pytestmark = pytest.mark.django_db

BODY = "The area is $\\pi r^2$, as Archimedes knew.\n\n<!--more-->\n\nThe proof."


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.KEXUE_SITE_URL = "https://blog.example.org"


def send_new_posts():
    out = io.StringIO()
    call_command("send_new_posts", stdout=out)
    return out.getvalue()


def new_post(**fields):
    return PostFactory(title="Circles", body=BODY, published_at=timezone.now(), **fields)


@pytest.fixture
def subscribers(client):
    """Two confirmed subscribers (one through the whole double opt-in) and one
    address that asked and never confirmed."""
    ask(client, "emmy@example.org", REMOTE_ADDR="10.0.0.1")
    client.post(link_in(confirmations_to("emmy@example.org").get(), "confirm"))
    Subscriber.objects.create(email="sophie@example.org")
    ask(client, "lurker@example.org", REMOTE_ADDR="10.0.0.2")
    Message.objects.all().delete()  # the confirmations, sent long ago
    return ["emmy@example.org", "sophie@example.org"]


def test_publishing_sends_one_mail_to_each_confirmed_subscriber(subscribers, mailoutbox):
    post = new_post()
    assert "1 posts announced" in send_new_posts()
    deliver()
    assert sorted(mail.to[0] for mail in mailoutbox) == subscribers
    mail = mailoutbox[0]
    assert mail.subject.endswith("Circles")
    post_url = f"https://blog.example.org{post.get_absolute_url()}"
    assert post_url in mail.body
    assert "\\pi r^2" in mail.body and "<math" not in mail.body  # the text part: TeX as written
    assert "Archimedes" in mail.body and "The proof" not in mail.body  # the excerpt only
    html = mail.alternatives[0][0]
    assert "<math" in html and post_url in html
    unsubscribe = mail.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://blog.example.org/subscribe/stop/")
    assert unsubscribe[1:-1] in mail.body
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_links_and_images_of_the_excerpt_point_to_the_site(subscribers, mailoutbox):
    PostFactory(
        body="See [the first part](/archives/1/) and ![a circle](/media/circle.png).",
        published_at=timezone.now(),
    )
    send_new_posts()
    deliver()
    html = mailoutbox[0].alternatives[0][0]
    assert 'href="https://blog.example.org/archives/1/"' in html
    assert 'src="https://blog.example.org/media/circle.png"' in html


def test_a_scheduled_post_is_mailed_once_its_time_comes(subscribers, mailoutbox, monkeypatch):
    PostFactory(title="Later", published_at=timezone.now() + timedelta(hours=1))
    assert "0 posts announced" in send_new_posts()
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=2))
    send_new_posts()
    send_new_posts()
    deliver()
    assert sorted(mail.to[0] for mail in mailoutbox) == subscribers


def test_a_draft_an_old_post_and_an_unconfirmed_address_get_nothing(subscribers):
    new_post(status=Post.Status.DRAFT)
    PostFactory(published_at=timezone.now() - timedelta(days=30))  # imported, say
    send_new_posts()
    assert not Message.objects.exists()


def test_resaving_unpublishing_and_republishing_never_mails_twice(subscribers):
    post = new_post()
    send_new_posts()
    post.title = "Circles, corrected"
    post.save()
    send_new_posts()
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    send_new_posts()
    Post.objects.filter(pk=post.pk).update(status=Post.Status.PUBLISHED)
    send_new_posts()
    assert Message.objects.count() == 2
    assert Announcement.objects.get(post=post).recipients == 2


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_queue_each_mail_once(settings):
    Subscriber.objects.create(email="emmy@example.org")
    Subscriber.objects.create(email="sophie@example.org")
    posts = [new_post(), PostFactory(title="Spheres", published_at=timezone.now())]
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            announce_due_posts("https://blog.example.org")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Message.objects.count() == 4
    assert Announcement.objects.filter(post__in=posts).count() == 2


def test_with_the_mail_server_down_nothing_is_lost(subscribers, settings, mailoutbox):
    new_post()
    send_new_posts()
    settings.EMAIL_BACKEND = FAILING_BACKEND
    assert "0 sent, 2 failed" in deliver()
    Message.objects.update(next_attempt_at=timezone.now())  # the backoff has passed
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_new_posts()  # the next timer run queues nothing more
    deliver()
    assert sorted(mail.to[0] for mail in mailoutbox) == subscribers


def test_the_command_refuses_to_run_without_the_site_address(settings):
    from django.core.management.base import CommandError

    settings.KEXUE_SITE_URL = ""
    new_post()
    with pytest.raises(CommandError, match="KEXUE_SITE_URL"):
        send_new_posts()


@pytest.mark.parametrize("count", [3, 300])
def test_announcing_costs_the_same_queries_for_few_or_many_subscribers(
    count, django_assert_max_num_queries
):
    Subscriber.objects.bulk_create(Subscriber(email=f"r{n}@example.org") for n in range(count))
    new_post()
    # due posts, the mark, the subscribers, one insert of all mails, the count
    # (measured: 7, with the transaction's savepoint and site settings)
    with django_assert_max_num_queries(8):
        announce_due_posts("https://blog.example.org")
    assert Message.objects.count() == count
