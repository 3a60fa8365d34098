"""Reply notifications: outbox row with the comment, delivered by send_mail."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.models import Comment, Unsubscribe
from comments.notifications import unsubscribe_token
from kexue.outbox.models import Message
from tests.comments.posting import guest_fields, send
from tests.factories import (
    CommentFactory,
    MemberCommentFactory,
    PostFactory,
    VerifiedMemberFactory,
)
from tests.outbox import FAILING_BACKEND, LOCMEM_BACKEND, deliver

pytestmark = pytest.mark.django_db


def recipients_of(comment):
    queued = Message.objects.filter(notification__comment=comment)
    return sorted(queued.values_list("recipient", flat=True))


def unsubscribe_url_for(address):
    """The one-click address in the List-Unsubscribe header queued for `address`."""
    return Message.objects.get(recipient=address).headers["List-Unsubscribe"].strip("<>")


@pytest.fixture
def thread_starter(post):
    return MemberCommentFactory(post=post, author__email="emmy@example.org", body="Why $\\pi^2$?")


def test_a_reply_is_mailed_with_its_text_a_link_html_and_unsubscribe_header(
    member_client, post, thread_starter, mailoutbox
):
    response = send(
        member_client, post, "Because of **Parseval**: $\\sum 1/n^2$.", parent=thread_starter.pk
    )
    reply = Comment.objects.get(parent=thread_starter)
    assert response.status_code == 302
    assert recipients_of(reply) == sorted(["emmy@example.org", post.author.email])
    assert mailoutbox == []  # nothing is sent while posting

    assert "2 sent, 0 failed" in deliver()
    mail = next(m for m in mailoutbox if m.to == ["emmy@example.org"])
    comment_url = f"http://testserver/comments/{reply.pk}/"
    assert "Because of **Parseval**: $\\sum 1/n^2$." in mail.body
    assert comment_url in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>Parseval</strong>" in html and f'href="{comment_url}"' in html
    unsubscribe = unsubscribe_url_for("emmy@example.org")
    assert unsubscribe.startswith("http://testserver/comments/unsubscribe/")
    assert mail.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in mail.body
    assert Message.objects.unsent().count() == 0
    deliver()
    assert len(mailoutbox) == 2  # a second run sends nothing again


def test_the_outbox_row_is_written_in_the_comments_transaction(
    member_client, post, thread_starter, django_capture_on_commit_callbacks
):
    # Nothing waits for the commit: the rows are there while callbacks are held back.
    with django_capture_on_commit_callbacks(execute=False):
        send(member_client, post, "A reply.", parent=thread_starter.pk)
        reply = Comment.objects.get(parent=thread_starter)
        assert recipients_of(reply) == sorted(["emmy@example.org", post.author.email])


def test_a_comment_whose_outbox_rows_fail_is_not_saved_either(
    member_client, post, thread_starter, monkeypatch
):
    def broken_outbox(comment, base_url):
        raise RuntimeError("outbox table unavailable")

    monkeypatch.setattr("comments.services.queue_notifications", broken_outbox)
    with pytest.raises(RuntimeError):
        send(member_client, post, "Half saved?", parent=thread_starter.pk)
    assert not Comment.objects.filter(parent=thread_starter).exists()
    assert not Message.objects.exists()


def test_the_link_in_the_mail_leads_to_the_comment(member_client, post, thread_starter):
    send(member_client, post, "A reply.", parent=thread_starter.pk)
    reply = Comment.objects.get(parent=thread_starter)
    link = re.search(r"http://testserver(/comments/\d+/)", Message.objects.first().body_text)
    response = member_client.get(link.group(1))
    assert response.url == f"{post.get_absolute_url()}#comment-{reply.pk}"


def test_the_post_author_hears_of_a_new_thread(member_client, post):
    send(member_client, post, "First!")
    comment = Comment.objects.get()
    assert recipients_of(comment) == [post.author.email]
    assert "commented on" in Message.objects.get().subject


def test_nobody_is_told_of_their_own_words(client, member):
    post = PostFactory(author=VerifiedMemberFactory(is_staff=True))
    own = MemberCommentFactory(post=post, author=member)
    client.force_login(member)
    send(client, post, "Answering myself.", parent=own.pk)
    assert recipients_of(Comment.objects.get(body="Answering myself.")) == [post.author.email]

    client.force_login(post.author)
    send(client, post, "The author replies.", parent=own.pk, REMOTE_ADDR="192.0.2.9")
    assert recipients_of(Comment.objects.get(body="The author replies.")) == [member.email]


def test_a_guest_is_told_only_when_they_asked(member_client, post):
    asked = CommentFactory(post=post, guest_email="asked@example.net", guest_wants_replies=True)
    silent = CommentFactory(post=post, guest_email="silent@example.net")
    send(member_client, post, "To the one who asked.", parent=asked.pk)
    send(member_client, post, "To the silent one.", parent=silent.pk)
    assert "asked@example.net" in recipients_of(Comment.objects.get(parent=asked))
    assert "silent@example.net" not in recipients_of(Comment.objects.get(parent=silent))


def test_a_guest_ticks_e_mail_me_replies_on_the_form(client, post, site_settings):
    site_settings.moderation = "none"
    site_settings.save()
    send(
        client, post, "Tell me.", **guest_fields(email="tell@example.net", guest_wants_replies="on")
    )
    parent = Comment.objects.get()
    assert parent.guest_wants_replies
    other = VerifiedMemberFactory()
    client.force_login(other)
    send(client, post, "Telling you.", parent=parent.pk)
    assert "tell@example.net" in recipients_of(Comment.objects.get(parent=parent))


def test_a_member_who_turned_notifications_off_is_not_told(member_client, post):
    quiet = MemberCommentFactory(post=post, author__notify_on_reply=False)
    send(member_client, post, "Hello?", parent=quiet.pk)
    assert quiet.author.email not in recipients_of(Comment.objects.get(parent=quiet))


def test_a_held_reply_notifies_only_once_approved(client, post, thread_starter):
    send(client, post, "A guest's reply.", parent=thread_starter.pk, **guest_fields())
    reply = Comment.objects.get(parent=thread_starter)
    assert reply.status == Comment.Status.PENDING
    assert not Message.objects.exists()


def test_a_failing_mail_server_loses_nothing_and_blocks_nothing(
    member_client, post, thread_starter, settings, mailoutbox
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    response = send(member_client, post, "Sent while the server is down.", parent=thread_starter.pk)
    assert response.status_code == 302
    reply = Comment.objects.get(parent=thread_starter)
    assert reply.status == Comment.Status.APPROVED

    before = timezone.now()
    assert "0 sent, 2 failed" in deliver()
    for row in Message.objects.all():
        assert row.sent_at is None and row.attempts == 1
        assert row.next_attempt_at > before
        assert "SMTP server unreachable" in row.last_error

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    deliver()
    assert mailoutbox == []  # not due yet: the backoff holds

    Message.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert "2 sent, 0 failed" in deliver()
    deliver()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(["emmy@example.org", post.author.email])
    assert all("Sent while the server is down." in m.body for m in mailoutbox)
    assert Message.objects.filter(sent_at__isnull=False, attempts=2).count() == 2


def test_unsubscribe_works_without_login_for_a_member(client, post, thread_starter, mailoutbox):
    writer = VerifiedMemberFactory()
    client.force_login(writer)
    send(client, post, "First reply.", parent=thread_starter.pk)
    deliver()
    mail = next(m for m in mailoutbox if m.to == ["emmy@example.org"])
    path = re.search(r"<http://testserver(\S+)>", mail.extra_headers["List-Unsubscribe"]).group(1)
    client.logout()

    confirm = client.get(path)
    assert confirm.status_code == 200
    assert "emmy@example.org" in confirm.content.decode()
    assert thread_starter.author.__class__.objects.get(pk=thread_starter.author_id).notify_on_reply
    assert client.post(path).status_code == 200
    starter = thread_starter.author.__class__.objects.get(pk=thread_starter.author_id)
    assert not starter.notify_on_reply

    client.force_login(writer)
    send(client, post, "Second reply.", parent=thread_starter.pk)
    assert "emmy@example.org" not in recipients_of(Comment.objects.get(body="Second reply."))


def test_unsubscribe_works_for_a_guest(client, member_client, post):
    guest = CommentFactory(post=post, guest_email="Guest@Example.net", guest_wants_replies=True)
    send(member_client, post, "First reply.", parent=guest.pk)
    path = reverse("comments:unsubscribe", args=[unsubscribe_token("guest@example.net")])
    assert unsubscribe_url_for("guest@example.net").endswith(path)
    assert client.post(path).status_code == 200
    assert Unsubscribe.objects.filter(email="guest@example.net").exists()

    send(member_client, post, "Second reply.", parent=guest.pk)
    assert "guest@example.net" not in recipients_of(Comment.objects.get(body="Second reply."))


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.dumps("emmy@example.org"),  # signed, but for something else
        unsubscribe_token("emmy@example.org")[:-2] + "xx",
    ],
)
def test_a_forged_unsubscribe_token_is_404(client, token):
    path = reverse("comments:unsubscribe", args=[token])
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert not Unsubscribe.objects.exists()


def test_one_click_unsubscribe_is_a_post_without_csrf_token_or_confirmation(
    member_client, post, thread_starter
):
    """RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the header's
    URL, with no cookie, no CSRF token and no page in between."""
    send(member_client, post, "A reply.", parent=thread_starter.pk)
    url = unsubscribe_url_for("emmy@example.org")

    response = Client(enforce_csrf_checks=True).post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        # A webmail may send it from its own pages: the token is the authorization.
        headers={"origin": "https://webmail.example.net", "sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 200
    starter = thread_starter.author.__class__.objects.get(pk=thread_starter.author_id)
    assert not starter.notify_on_reply
    assert Unsubscribe.objects.filter(email="emmy@example.org").exists()


def test_following_the_unsubscribe_link_only_asks(client, thread_starter):
    # Link scanners and prefetchers GET every URL in a mail; that changes nothing.
    path = reverse("comments:unsubscribe", args=[unsubscribe_token("emmy@example.org")])
    page = client.get(path)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert not Unsubscribe.objects.exists()
    assert thread_starter.author.__class__.objects.get(pk=thread_starter.author_id).notify_on_reply


def test_a_reply_on_a_post_with_the_longest_title_is_still_announced(member_client, mailoutbox):
    post = PostFactory(title="Ω" * 200)
    parent = MemberCommentFactory(post=post, author__email="emmy@example.org")
    response = send(member_client, post, "A reply.", parent=parent.pk)
    assert response.status_code == 302
    assert "emmy@example.org" in recipients_of(Comment.objects.get(parent=parent))
    deliver()
    assert any("Ω" * 200 in mail.subject for mail in mailoutbox)


def reply_waiting_in_the_outbox(member_client, post, thread_starter):
    send(member_client, post, "Buy cheap watches.", parent=thread_starter.pk)
    reply = Comment.objects.get(parent=thread_starter)
    assert recipients_of(reply) == sorted(["emmy@example.org", post.author.email])
    return reply


def test_a_reply_marked_as_spam_before_its_mail_went_is_not_announced(
    member_client, post, thread_starter, mailoutbox
):
    reply = reply_waiting_in_the_outbox(member_client, post, thread_starter)
    services.moderate(Comment.objects.filter(pk=reply.pk), Comment.Status.SPAM, "http://testserver")
    assert not Message.objects.exists()
    assert "0 sent" in deliver()
    assert mailoutbox == []


def test_mail_already_sent_stays_when_its_reply_is_removed(
    member_client, post, thread_starter, mailoutbox
):
    reply = reply_waiting_in_the_outbox(member_client, post, thread_starter)
    deliver()
    assert len(mailoutbox) == 2
    services.moderate(Comment.objects.filter(pk=reply.pk), Comment.Status.REMOVED, "x")
    assert Message.objects.filter(sent_at__isnull=False).count() == 2  # the record stays


def test_a_deleted_reply_takes_its_waiting_mail_along(member_client, post, thread_starter):
    reply = reply_waiting_in_the_outbox(member_client, post, thread_starter)
    Comment.objects.filter(pk=reply.pk).delete()  # as the admin, or its post's deletion, does
    assert not Message.objects.exists()


def test_a_reply_its_writer_deletes_is_not_announced(
    member_client, post, thread_starter, mailoutbox
):
    reply = reply_waiting_in_the_outbox(member_client, post, thread_starter)
    MemberCommentFactory(post=post, parent=reply)  # answered, so a placeholder stays
    services.delete_comment(reply)
    assert Comment.objects.get(pk=reply.pk).is_deleted
    assert not Message.objects.exists()
    assert "0 sent" in deliver()
    assert mailoutbox == []


def test_the_unsubscribed_page_undoes_it_in_one_click(thread_starter):
    path = reverse("comments:unsubscribe", args=[unsubscribe_token("emmy@example.org")])
    browser = Client(enforce_csrf_checks=True)
    browser.get(path)  # the page asks first, and gives the browser its CSRF cookie
    token = browser.cookies["csrftoken"].value
    page = browser.post(path, {"csrfmiddlewaretoken": token}).content.decode()
    undo = re.search(r'action="(/comments/resubscribe/[^"]+/)"', page).group(1)
    assert Unsubscribe.objects.filter(email="emmy@example.org").exists()

    assert browser.post(undo, {"csrfmiddlewaretoken": token}).status_code == 200
    assert not Unsubscribe.objects.filter(email="emmy@example.org").exists()
    starter = thread_starter.author.__class__.objects.get(pk=thread_starter.author_id)
    assert starter.notify_on_reply


def test_a_forged_undo_is_refused_and_changes_nothing(client, thread_starter):
    Unsubscribe.objects.create(email="emmy@example.org")
    forged = unsubscribe_token("emmy@example.org")[:-2] + "xx"
    assert client.post(reverse("comments:resubscribe", args=[forged])).status_code == 404
    assert Unsubscribe.objects.filter(email="emmy@example.org").exists()
