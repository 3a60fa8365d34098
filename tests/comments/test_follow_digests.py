"""Followers of a discussion get one digest of its new comments per interval."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.digests import queue_due_digests
from comments.follows import unfollow_token
from comments.models import Comment, ThreadFollow
from kexue.outbox.models import Message
from tests.comments.follow_helpers import comment_by, digests_to, run_digests
from tests.factories import PostFactory, VerifiedMemberFactory
from tests.outbox import deliver

pytestmark = pytest.mark.django_db

FOLLOWER = "noether@example.org"


@pytest.fixture
def follower(db):
    return VerifiedMemberFactory(email=FOLLOWER, display_name="Emmy")


@pytest.fixture
def following(client, follower, post):
    """The follower clicked "Follow this discussion" without commenting."""
    client.force_login(follower)
    answer = client.post(reverse("comments:follow", args=[post.pk]), {"action": "follow"})
    assert answer.status_code == 302
    return ThreadFollow.objects.get(post=post, member=follower)


@pytest.fixture
def others(db):
    return VerifiedMemberFactory.create_batch(3)


def test_three_comments_within_the_interval_make_one_mail_listing_them(
    following, post, others, mailoutbox
):
    bodies = [
        "First: $\\zeta(2) = \\pi^2/6$.",
        "Second, with **Parseval**.",
        "Third: $$\\int_0^1 x\\,dx = \\tfrac12$$",
    ]
    written = [comment_by(post, writer, body) for writer, body in zip(others, bodies, strict=True)]

    assert "1 digests queued" in run_digests()
    (digest,) = digests_to(FOLLOWER)
    deliver()
    (mail,) = [m for m in mailoutbox if m.to == [FOLLOWER]]
    assert '3 new comments on "On the Basel problem"' in mail.subject
    for comment, body in zip(written, bodies, strict=True):
        assert body in mail.body  # the text part: Markdown and TeX as written
        assert f"http://testserver/comments/{comment.pk}/" in mail.body
        assert comment.author.display_name_for_public in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert html.count("<math") >= 2 and "<strong>Parseval</strong>" in html  # stored MathML
    assert mail.body.index("First") < mail.body.index("Second") < mail.body.index("Third")
    unfollow_url = digest.headers["List-Unsubscribe"].strip("<>")
    assert unfollow_url.startswith("http://testserver/comments/unfollow/")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unfollow_url in mail.body


def test_no_second_digest_within_the_interval_then_one_with_only_the_news(
    following, post, others, settings
):
    comment_by(post, others[0], "Early.")
    run_digests()
    comment_by(post, others[1], "Later.")
    assert "0 digests queued" in run_digests()
    assert len(digests_to(FOLLOWER)) == 1

    # The interval passes.
    past = timezone.now() - timedelta(minutes=settings.KEXUE_FOLLOW_DIGEST_MINUTES + 1)
    ThreadFollow.objects.filter(pk=following.pk).update(last_digest_at=past)
    assert "1 digests queued" in run_digests()
    first, second = digests_to(FOLLOWER)
    assert "Early." in first.body_text and "Later." not in first.body_text
    assert "Later." in second.body_text and "Early." not in second.body_text


def test_the_interval_is_a_setting(following, post, others, settings):
    settings.KEXUE_FOLLOW_DIGEST_MINUTES = 0
    comment_by(post, others[0], "One.")
    run_digests()
    comment_by(post, others[1], "Two.")
    run_digests()
    assert len(digests_to(FOLLOWER)) == 2


def test_a_pending_comment_makes_no_digest_until_it_is_approved(following, post, site_settings):
    guest = services.Guest(name="Grace", email="grace@example.net")
    held = comment_by(post, guest=guest, body="Held for moderation.")
    assert held.status == Comment.Status.PENDING
    assert "0 digests queued" in run_digests()

    services.moderate(Comment.objects.filter(pk=held.pk), Comment.Status.APPROVED, "http://x")
    assert "1 digests queued" in run_digests()
    (digest,) = digests_to(FOLLOWER)
    assert "Held for moderation." in digest.body_text


def test_a_comment_written_before_following_but_approved_after_counts_at_approval(
    client, follower, post
):
    guest = services.Guest(name="Grace", email="grace@example.net")
    held = comment_by(post, guest=guest, body="Written first, approved later.")
    client.force_login(follower)
    client.post(reverse("comments:follow", args=[post.pk]), {"action": "follow"})
    services.moderate(Comment.objects.filter(pk=held.pk), Comment.Status.APPROVED, "http://x")
    run_digests()
    (digest,) = digests_to(FOLLOWER)
    assert "Written first, approved later." in digest.body_text


def test_the_followers_own_comment_makes_none(following, follower, post):
    comment_by(post, follower, "My own remark.")
    assert "0 digests queued" in run_digests()
    assert digests_to(FOLLOWER) == []


def test_nothing_from_other_posts_and_nothing_for_spam(following, post, others):
    comment_by(PostFactory(), others[0], "Elsewhere.")
    spam = comment_by(post, others[1], "Buy now.")
    services.moderate(Comment.objects.filter(pk=spam.pk), Comment.Status.SPAM, "http://x")
    assert "0 digests queued" in run_digests()


def test_a_reply_to_the_follower_comes_as_the_reply_mail_not_again_in_the_digest(
    following, follower, post, others
):
    mine = comment_by(post, follower, "My question.")
    comment_by(post, others[0], "The answer to you.", parent=mine)
    comment_by(post, others[1], "Something else.")
    run_digests()
    reply_mails = Message.objects.filter(recipient=FOLLOWER, notification__isnull=False)
    assert [m.body_text.count("The answer to you.") for m in reply_mails] == [1]
    (digest,) = digests_to(FOLLOWER)
    assert "Something else." in digest.body_text
    assert "The answer to you." not in digest.body_text
    assert '1 new comment on "On the Basel problem"' in digest.subject


def test_running_twice_queues_each_digest_once(following, post, others):
    comment_by(post, others[0], "Once.")
    run_digests()
    run_digests()
    assert len(digests_to(FOLLOWER)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_queue_each_digest_once(monkeypatch):
    monkeypatch.setattr("comments.digests.BATCH", 4)  # many claims, so the runs interleave
    post = PostFactory(title="Concurrent")
    followers = VerifiedMemberFactory.create_batch(30)
    for member in followers:
        ThreadFollow.objects.create(post=post, member=member, confirmed_at=timezone.now())
    comment_by(post, VerifiedMemberFactory(), "News for thirty.")
    start = threading.Barrier(2)
    counts, failures = [], []

    def run():
        try:
            start.wait()
            counts.append(queue_due_digests())
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    runners = [threading.Thread(target=run) for _ in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert failures == []
    assert sum(counts) == 30
    recipients = [digest.recipient for member in followers for digest in digests_to(member.email)]
    assert sorted(recipients) == sorted(member.email for member in followers)


def test_one_click_unfollow_needs_no_csrf_token(following, post, others):
    comment_by(post, others[0], "News.")
    run_digests()
    (digest,) = digests_to(FOLLOWER)
    url = digest.headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    mail_client = Client(enforce_csrf_checks=True)
    answer = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert not ThreadFollow.objects.filter(pk=following.pk).exists()
    comment_by(post, others[1], "More news.")
    run_digests()
    assert len(digests_to(FOLLOWER)) == 1


def test_the_unfollow_link_asks_first_on_get(client, following):
    url = reverse("comments:unfollow", args=[unfollow_token(following)])
    answer = client.get(url)
    assert answer.status_code == 200 and "Stop following" in answer.content.decode()
    assert ThreadFollow.objects.filter(pk=following.pk).exists()


@pytest.mark.parametrize("damage", ["forged", "altered", "other follow"])
def test_a_forged_or_altered_unfollow_link_is_refused_and_changes_nothing(following, post, damage):
    token = unfollow_token(following)
    if damage == "forged":
        token = "WzEsImEiXQ:1a2b3c:forgedsignature"
    elif damage == "altered":
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    else:
        # A guest's valid-looking token for another address does not unfollow this one.
        other = ThreadFollow.objects.create(post=post, email="x@example.net")
        token = unfollow_token(other)
        other.delete()
    answer = Client(enforce_csrf_checks=True).post(reverse("comments:unfollow", args=[token]))
    assert answer.status_code == 400
    assert "link" in answer.content.decode()
    assert ThreadFollow.objects.filter(pk=following.pk).exists()


def test_the_page_that_says_the_follow_stopped_undoes_it(following, post, others):
    url = reverse("comments:unfollow", args=[unfollow_token(following)])
    page = Client(enforce_csrf_checks=True).post(url).content.decode()
    assert not ThreadFollow.objects.filter(post=post).exists()
    undo = re.search(r'action="(/comments/refollow/[^"]+/)"', page).group(1)

    assert Client().post(undo).status_code == 200
    again = ThreadFollow.objects.confirmed().get(post=post)
    assert again.address == following.address
    comment_by(post, others[0], "News after the undo.")
    run_digests()
    assert len(digests_to(FOLLOWER)) == 1


def test_a_forged_undo_link_is_refused_and_follows_nothing(client, following, post):
    following.delete()
    forged = "WyJmb3JnZWQiXQ:1abc:notasignature"
    answer = client.post(reverse("comments:refollow", args=[forged]))
    assert answer.status_code == 400
    assert not ThreadFollow.objects.filter(post=post).exists()
