"""Whatever a visitor types, the pages that show it carry no executable markup."""

import pytest
from django.urls import reverse

from comments import services
from comments.models import Comment
from kexue.outbox.models import Message
from tests.comments.posting import comment_ids, discussion, english, guest_fields, send
from tests.factories import CommentFactory
from tests.inert import executable_markup

pytestmark = pytest.mark.django_db

HOSTILE_BODIES = [
    "<script>alert('body')</script>",
    '<img src=x onerror="alert(1)"> <body onload=alert(1)>',
    "[click](javascript:alert(2)) [caps](JaVaScRiPt:alert(2)) [vb](vbscript:msgbox(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)> and [ref][evil]\n\n[evil]: javascript:alert(1)",
    "![picture](javascript:alert(1)) ![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "[entity](&#106;avascript:alert(1)) [tab](java\tscript:alert(1))",
    '<a href="javascript:alert(1)">raw</a> <a href="jav&#x09;ascript:alert(8)">tab</a>',
    '<a href="data:text/html,<script>alert(1)</script>">d</a> <a href="vbscript:x">v</a>',
    '<iframe src="javascript:alert(9)"></iframe><object data="x.swf"></object><embed src=x>',
    '<base href="javascript:alert(1)//"><form action="javascript:alert(1)">'
    "<button formaction=javascript:alert(1)>go</button></form>",
    "<svg onload=alert(1)><script>alert(4)</script><a xlink:href=javascript:alert(1)>s</a></svg>",
    '<math href="javascript:alert(1)"><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    "<math><mtext><script>alert(5)</script></mtext></math>",
    r"$\href{javascript:alert(6)}{x}$ and $$\unicode{<img src=x onerror=alert(7)>}$$",
    r"$x</span><img src=x onerror=alert(1)>$ and \(<script>alert(1)</script>\)",
    '<style>body{display:none}</style><div style="background:url(javascript:alert(1))">x</div>',
    "`<script>alert(1)</script>` and\n\n    <img src=x onerror=alert(1)>",
    '> <a href="javascript:alert(1)">quoted</a>\n\n* <img src=x onerror=alert(1)>',
]
HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
]
SAFE_BUT_ODD_WEBSITES = [
    'https://example.org/?q="><script>alert(1)</script>',
    "https://example.org/'onmouseover='alert(1)",
]
REFUSED_WEBSITES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.org/file",
]


def approve_all():
    services.moderate(Comment.objects.all(), Comment.Status.APPROVED, "http://testserver")


def test_hostile_bodies_names_and_websites_render_inert(client, post):
    CommentFactory(post=post, guest_name="Host")
    parent = Comment.objects.get()
    hostile = (
        [(body, "Mallory", "") for body in HOSTILE_BODIES]
        + [("Hi", name, "") for name in HOSTILE_NAMES]
        + [("Hi", "Mallory", website) for website in SAFE_BUT_ODD_WEBSITES]
    )
    for n, (body, name, website) in enumerate(hostile):
        response = send(
            client,
            post,
            body,
            parent=parent.pk if n % 2 else "",
            REMOTE_ADDR=f"192.0.2.{n + 1}",
            **guest_fields(name=name, email=f"m{n}@example.net", guest_website=website),
        )
        assert response.status_code == 302, (body, response.content.decode()[:2000])
    approve_all()

    page = client.get(post.get_absolute_url()).content.decode()
    assert len(comment_ids(discussion(page))) == len(hostile) + 1
    assert executable_markup(page) == []


def test_every_comment_link_is_marked_as_user_content(client, post):
    send(
        client,
        post,
        "[a link](https://example.org/) and <https://example.com/>",
        **guest_fields(guest_website="https://grace.example/"),
    )
    approve_all()
    section = discussion(client.get(post.get_absolute_url()).content.decode())
    assert section.count('rel="nofollow ugc noopener"') == 3


@pytest.mark.parametrize("website", REFUSED_WEBSITES)
def test_websites_other_than_web_addresses_are_refused(client, post, website):
    response = send(client, post, "Visit me", **guest_fields(guest_website=website))
    assert response.status_code == 400
    page = response.content.decode()
    assert english("Enter a web address starting with http:// or https://.") in page
    assert executable_markup(page) == []
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_a_refused_hostile_comment_comes_back_inert_in_the_form(client, post, body):
    response = send(client, post, body, homepage="bot", **guest_fields(name=HOSTILE_NAMES[1]))
    assert response.status_code == 400
    assert executable_markup(response.content.decode()) == []


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_replies_are_inert_in_the_json_answer_and_in_the_mail(member_client, post, body):
    parent = CommentFactory(post=post, guest_wants_replies=True)
    response = send(member_client, post, body, parent=parent.pk, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert executable_markup(response.json()["html"]) == []
    mails = Message.objects.all()
    assert mails and all(executable_markup(mail.body_html) == [] for mail in mails)


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_preview_of_hostile_text_is_inert(member_client, body):
    response = member_client.post(reverse("comments:preview"), {"body": body})
    assert response.status_code == 200
    assert executable_markup(response.json()["html"]) == []
