"""Members get the cached page too, with their own parts filled in; nobody
ever gets anyone else's (kexue/sitewide/page_cache.py, personal.py)."""

import gzip
import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from comments.models import Comment
from comments.services import submit_comment
from kexue.models import SiteSettings
from tests.comments.posting import comment_ids, send
from tests.factories import (
    MemberCommentFactory,
    PostFactory,
    StaffFactory,
    VerifiedMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def post():
    return PostFactory(title="A post everyone reads")


def signed_in(username, display_name):
    member = VerifiedMemberFactory(username=username, display_name=display_name)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    visitor.force_login(member)
    return member, visitor


def reader():
    """A visitor without a session, in the members' language (each language has its copy)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def page(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


def csrf_secrets(html):
    """The CSRF secrets behind every token of a page (each token is masked afresh)."""
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return {_unmask_cipher_token(token) for token in tokens}


def written(post, author, body):
    return submit_comment(post=post, author=author, body=body, address="192.0.2.9",
                          user_agent="", base_url="")  # fmt: skip


def held(post, author, body):
    """A comment awaiting moderation: readers' pages stay as they were."""
    return MemberCommentFactory(post=post, author=author, body=body, status="pending")


def test_two_members_and_a_guest_each_see_only_their_own_parts(post):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    emmy, emmy_client = signed_in("emmy", "Emmy Noether")
    guest = reader()
    url = post.get_absolute_url()
    page(guest, url)  # the shared copy is stored
    for _round in range(2):
        for visitor, own, other in [(ada_client, "Ada Lovelace", "Emmy Noether"),
                                    (emmy_client, "Emmy Noether", "Ada Lovelace"),
                                    (guest, None, None)]:  # fmt: skip
            response, html = page(visitor, url)
            assert response["X-Cache"] == "hit"
            if own is None:
                assert "Ada Lovelace" not in html and "Emmy Noether" not in html
                assert "csrfmiddlewaretoken" not in html
                assert "Log in" in html
                continue
            assert html.count(own) >= 2  # the header and the take-part box
            assert other not in html
            # Their own token, in every form of theirs (logout and subscribe
            # twice, follow, the comment form), and nobody else's.
            secret = visitor.cookies["csrftoken"].value
            assert csrf_secrets(html) == {secret}
            assert len(re.findall("csrfmiddlewaretoken", html)) == 6
            form = html[html.index('<form class="comment-form"') :]
            assert 'name="guest_name"' not in form[: form.index("</form>")]
    ada_secret = ada_client.cookies["csrftoken"].value
    emmy_secret = emmy_client.cookies["csrftoken"].value
    assert ada_secret != emmy_secret


def test_a_members_filled_page_is_the_page_rendered_for_them(post, settings):
    """The same bytes as the page rendered for them alone, but for the tokens
    and stamps, which are new on every page."""
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    other = VerifiedMemberFactory(display_name="Another Writer")
    written(post, other, "A public remark on $x$.")
    written(post, ada, "Ada's own remark.")
    held(post, ada, "Ada's remark awaiting a moderator.")
    profile = ada.get_absolute_url()
    for url in ["/", post.get_absolute_url(), profile, f"{post.get_absolute_url()}?cpage=1"]:
        page(reader(), url)
        filled_response, filled = page(ada_client, url)
        assert filled_response["X-Cache"] == "hit", url
        settings.KEXUE_PAGE_CACHE_SECONDS = 0
        rendered_response, rendered = page(ada_client, url)
        settings.KEXUE_PAGE_CACHE_SECONDS = 600
        assert "X-Cache" not in rendered_response
        assert without_tickets(filled) == without_tickets(rendered), url


def without_tickets(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", html)
    return re.sub(r'name="started" value="[^"]*"', "STAMP", html)


def test_a_pending_comment_shows_to_its_writer_alone(post):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    emmy, emmy_client = signed_in("emmy", "Emmy Noether")
    guest = reader()
    url = post.get_absolute_url()
    page(guest, url)
    pending = held(post, ada, "Held back for now.")
    response, html = page(ada_client, url)
    assert response["X-Cache"] == "hit"  # a pending comment changes nothing readers see
    assert comment_ids(html) == [pending.pk]
    assert "Held back for now." in html and "Awaiting moderation" in html
    for visitor in [emmy_client, guest]:
        _response, html = page(visitor, url)
        assert "Held back for now." not in html and comment_ids(html) == []


def test_after_posting_a_member_sees_their_comment_at_once_with_its_delete_link(post):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    emmy, emmy_client = signed_in("emmy", "Emmy Noether")
    url = post.get_absolute_url()
    page(ada_client, url)
    page(emmy_client, url)
    answer = send(ada_client, post, body="Just posted, $e^{i\\pi}+1=0$.")
    assert answer.status_code == 302
    comment = Comment.objects.get()
    delete_link = f'href="/comments/{comment.pk}/delete/"'
    _response, html = page(ada_client, url)
    assert comment_ids(html) == [comment.pk] and delete_link in html
    response, html = page(emmy_client, url)
    assert response["X-Cache"] == "hit"  # the first request after the comment stored it
    assert comment_ids(html) == [comment.pk] and delete_link not in html


def test_a_guest_who_posted_sees_their_held_comment_and_other_guests_do_not(post):
    writer, other = reader(), reader()
    url = post.get_absolute_url()
    settings_row = SiteSettings.current()
    settings_row.guests_may_comment = True
    settings_row.save()
    page(other, url)
    answer = send(writer, post, body="A remark by a guest.", guest_name="Grace",
                  guest_email="grace@example.net")  # fmt: skip
    assert answer.status_code == 302
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING
    response, html = page(writer, url)
    assert response["X-Cache"] == "hit"
    assert comment_ids(html) == [held.pk] and "A remark by a guest." in html
    assert "moderator approves it" in html  # the message, once
    _response, html = page(writer, url)
    assert "moderator approves it" not in html and comment_ids(html) == [held.pk]
    _response, html = page(other, url)
    assert comment_ids(html) == []


def test_staff_get_pages_rendered_for_them(post):
    staff = reader()
    staff.force_login(StaffFactory(username="editor"))
    draft = PostFactory(title="Not out yet", status="draft")
    page(reader(), post.get_absolute_url())
    response, html = page(staff, post.get_absolute_url())
    assert "X-Cache" not in response and 'href="/admin/"' in html
    response, html = page(staff, draft.get_absolute_url())
    assert "Not out yet" in html
    assert reader().get(draft.get_absolute_url()).status_code == 404


def test_a_members_first_request_stores_the_page_for_everyone_without_them(post):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    response, html = page(ada_client, post.get_absolute_url())
    assert response["X-Cache"] == "miss" and "Ada Lovelace" in html
    response, html = page(reader(), post.get_absolute_url())
    assert response["X-Cache"] == "hit"
    assert "Ada Lovelace" not in html and "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_member_pages_are_private_and_anonymous_ones_public(post):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    page(reader(), post.get_absolute_url())
    response, _html = page(ada_client, post.get_absolute_url())
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    response, _html = page(reader(), post.get_absolute_url())
    assert "public" in response["Cache-Control"]


def test_members_get_gzip_when_they_accept_it(post):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    url = post.get_absolute_url()
    _response, plain = page(ada_client, url)
    packed = ada_client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip"
    unpacked = gzip.decompress(packed.content).decode()
    assert int(packed["Content-Length"]) == len(packed.content)
    assert without_tickets(unpacked) == without_tickets(plain)
    assert "Ada Lovelace" in unpacked


def test_no_marker_ever_reaches_a_reader(post):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    for visitor in [reader(), ada_client]:
        for url in [post.get_absolute_url(), "/", "/no-such-page/", "/archives/"]:
            for _ in range(2):
                assert b"kexue-slot" not in visitor.get(url).content, url


def test_a_comment_cannot_write_a_marker(post):
    """bleach drops HTML comments from what readers write: a forged slot stays out."""
    forged = "<!--kexue-slot 0 member-nav-->Forged<!--kexue-slot 0 end--> text"
    comment = written(post, VerifiedMemberFactory(), forged)
    assert "<!--" not in comment.body_html and "text" in comment.body_html


def test_a_message_shows_once_on_a_cached_page(post):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    url = post.get_absolute_url()
    page(reader(), url)
    answer = ada_client.post("/subscribe/member/", {"next": url})
    assert answer.status_code == 302
    response, html = page(ada_client, url)
    assert response["X-Cache"] == "hit"
    assert 'class="messages"' in html
    _response, html = page(ada_client, url)
    assert 'class="messages"' not in html


def test_the_owner_alone_sees_the_edit_link_on_a_cached_profile():
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    emmy, emmy_client = signed_in("emmy", "Emmy Noether")
    url = ada.get_absolute_url()
    page(reader(), url)
    _response, html = page(ada_client, url)
    assert "Edit your profile" in html
    response, html = page(emmy_client, url)
    assert response["X-Cache"] == "hit" and "Edit your profile" not in html


def test_a_members_language_picks_the_shared_copy(post):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    chinese.force_login(VerifiedMemberFactory(display_name="Zu Chongzhi"))
    url = post.get_absolute_url()
    _response, html = page(ada_client, url)
    assert '<html lang="en">' in html
    _response, html = page(chinese, url)
    assert '<html lang="zh-hans">' in html and "Zu Chongzhi" in html


# The session and the member; the shared copy's version and page; then the
# fills: the post, whether they follow it and whether the discussion holds
# comments of theirs. (The header's unread count is kept: comments/unread.py.)
MEMBER_CACHED_POST_PAGE = 5


def test_a_members_cached_post_page_costs_a_few_queries(post, django_assert_num_queries):
    ada, ada_client = signed_in("ada", "Ada Lovelace")
    written(post, VerifiedMemberFactory(), "Someone else's remark.")
    url = post.get_absolute_url()
    page(ada_client, url)
    with django_assert_num_queries(MEMBER_CACHED_POST_PAGE):
        response, html = page(ada_client, url)
    assert response["X-Cache"] == "hit" and "Someone else" in html


def test_the_stored_copy_unpacks_to_the_anonymous_page(post):
    plain = reader().get(post.get_absolute_url()).content
    packed = reader().get(post.get_absolute_url(), headers={"accept-encoding": "gzip"})
    assert gzip.decompress(packed.content) == plain
    assert "/accounts/login/" in plain.decode()
