"""Members take their data with them: their own, and nobody else's."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from blog.models import Subscriber
from comments.models import ReadNotice, ThreadFollow
from tests.factories import CommentFactory, MemberCommentFactory, PostFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

URL = "/members/settings/data/"


def test_the_settings_page_offers_the_download(member_client):
    page = member_client.get("/members/settings/").content.decode()
    assert f'href="{URL}"' in page


def test_a_member_downloads_their_profile_addresses_settings_and_comments(member_client, member):
    member.display_name = "艾达"
    member.bio = "写 $\\LaTeX$ 的人"
    member.notify_on_reply = False
    member.save()
    EmailAddress.objects.create(user=member, email="ada@work.example", verified=False)
    post = PostFactory(title="高斯积分")
    mine = MemberCommentFactory(post=post, author=member, body="我的评论 $x^2$")
    reply = MemberCommentFactory(post=post, author=member, parent=mine, body="补充")
    ThreadFollow.objects.create(post=post, member=member, confirmed_at=timezone.now())
    Subscriber.objects.create(email="ada@example.org", member=member)
    answer = CommentFactory(parent=mine, body="someone else's words")
    ReadNotice.objects.create(member=member, comment=answer)

    response = member_client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="kexue-data-ada.json"'
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["username"] == "ada"
    assert data["profile"]["display_name"] == "艾达"
    assert data["profile"]["bio"] == "写 $\\LaTeX$ 的人"
    assert {a["email"] for a in data["email_addresses"]} == {"ada@example.org", "ada@work.example"}
    assert data["notifications"] == {
        "replies_by_email": False,
        "follow_discussions_commented_in": False,
    }
    assert data["following"] == [f"http://testserver{post.get_absolute_url()}"]
    assert [s["email"] for s in data["new_posts_by_email"]] == ["ada@example.org"]
    assert [c["body"] for c in data["comments"]] == ["我的评论 $x^2$", "补充"]
    assert data["comments"][0]["post"] == "高斯积分"
    assert data["comments"][0]["post_url"] == f"http://testserver{post.get_absolute_url()}"
    assert data["comments"][1]["in_reply_to"] == mine.pk
    assert data["comments"][1]["id"] == reply.pk
    (read,) = data["notices_read"]
    assert read["comment_url"] == f"http://testserver/comments/{answer.pk}/"
    assert "someone else's words" not in response.content.decode()


def test_nobody_elses_data_is_in_it(member_client, member):
    other = VerifiedMemberFactory(username="bob", email="bob@example.org")
    post = PostFactory()
    mine = MemberCommentFactory(post=post, author=member, body="mine")
    MemberCommentFactory(post=post, author=other, parent=mine, body="bob's reply")
    CommentFactory(post=post, guest_email="guest@example.net", body="a guest")

    body = member_client.get(URL).content.decode()

    assert "mine" in body
    for foreign in ["bob", "bob's reply", "guest@example.net", "a guest"]:
        assert foreign not in body


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
