"""Outside the page, comments' formulas arrive as MathML: in the comment feed and
in the HTML part of reply e-mails; the text part keeps the TeX as written."""

import feedparser
import pytest

from comments.models import Comment
from tests.comments.posting import send
from tests.demo_posts import demo_body
from tests.factories import CommentFactory, MemberCommentFactory
from tests.outbox import deliver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mathml_worker")]

FORMULA = 'class="arithmatex"'


def test_the_comment_feed_carries_every_formula_as_mathml(client):
    comment = CommentFactory(body=demo_body("kl-divergence-is-nonnegative"))
    formulas = comment.body_html.count(FORMULA)
    assert formulas >= 5
    feed = feedparser.parse(client.get("/comments/feed/").content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    [entry] = feed.entries
    assert entry.summary.count("<math") == formulas


def test_a_reply_mail_has_mathml_in_its_html_and_tex_in_its_text(member_client, post, mailoutbox):
    starter = MemberCommentFactory(post=post, author__email="emmy@example.org", body="Why?")
    body = demo_body("kl-divergence-is-nonnegative")
    response = send(member_client, post, body, parent=starter.pk)
    assert response.status_code == 302
    reply = Comment.objects.get(parent=starter)
    formulas = reply.body_html.count(FORMULA)
    assert formulas >= 5

    deliver()
    mail = next(m for m in mailoutbox if m.to == ["emmy@example.org"])
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert html.count("<math") == formulas
    assert html.count('encoding="application/x-tex"') == formulas
    assert "<math" not in mail.body
    assert body.strip() in mail.body.replace("\r\n", "\n")  # the TeX as written
