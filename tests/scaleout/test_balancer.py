"""Two app hosts behind nginx (make test-balancer): whichever host answers, the
answer is fresh; a host that stops loses nothing that comes after.

The harness (kexue/devtools/balancer.py) runs two gunicorn instances with
production settings on ports 8711 and 8712, sharing the database named in
DATABASE_URL (and its replica, DATABASE_REPLICA_URLS), Redis and a media
directory, behind nginx with deploy/nginx/kexue.conf on https://127.0.0.1:8710
(and the micro-cache on 8713). nginx names the host that answered in a header.
This process writes through the same database and Redis (edits as an editor
would save them; comments and logins through the balancer).
"""

import http.cookiejar
import json
import re
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from django.contrib.auth.hashers import make_password

from comments.models import Comment
from kexue.devtools.balancer import HOST_HEADER, HOST_PORTS, Balancer
from tests.factories import PostFactory, VerifiedMemberFactory
from tests.scaleout.conftest import BALANCER_HARNESS

pytestmark = [
    pytest.mark.skipif(not BALANCER_HARNESS, reason="make test-balancer runs these"),
    pytest.mark.django_db(transaction=True, databases="__all__"),
]
PASSWORD = "a long balanced passphrase"


@pytest.fixture(scope="module")
def balancer():
    harness = Balancer(BALANCER_HARNESS, {})
    try:
        harness.start()
        yield harness
    finally:
        harness.stop()


class Browser:
    """A visitor with a cookie jar, over the harness's https."""

    def __init__(self, balancer, *, micro_cache=False):
        self.balancer = balancer
        self.micro_cache = micro_cache
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.cookies),
        )

    def open(self, path, data=None, **headers):
        url = self.balancer.url(path, micro_cache=self.micro_cache)
        origin = url[: url.index("/", len("https://"))]
        body = None
        if data is not None:  # a form sent by a browser says where from
            headers.setdefault("Origin", origin)
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(  # noqa: S310 - https to the harness only
            url, data=body, headers={"Referer": url, **headers}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def get(self, path, **headers):
        return self.open(path, **headers)

    def post(self, path, data, **headers):
        return self.open(path, data, **headers)


def host(headers):
    """The host that answered: the last address nginx tried."""
    return headers[HOST_HEADER].split(",")[-1].strip().rsplit(":", 1)[1]


def twenty(browser, path):
    answers = [browser.get(path) for _ in range(20)]
    assert [status for status, _, _ in answers] == [200] * 20
    return [page for _, _, page in answers], Counter(host(headers) for _, headers, _ in answers)


BOTH = {str(port) for port in HOST_PORTS}


def test_after_an_edit_twenty_answers_from_both_hosts_all_show_it(balancer, settings):
    post = PostFactory(title="The first title")
    time.sleep(settings.DATABASE_REPLICA_MAX_LAG_SECONDS + 0.5)  # replicas may be read again
    reader = Browser(balancer)
    pages, hosts = twenty(reader, post.get_absolute_url())
    assert set(hosts) == BOTH
    assert all("The first title" in page for page in pages)
    post.title = "The edited title"
    post.save()
    pages, hosts = twenty(reader, post.get_absolute_url())
    assert set(hosts) == BOTH
    assert all("The edited title" in page for page in pages)
    assert not any("The first title" in page for page in pages)


def test_a_member_logs_in_and_comments_through_the_balancer_and_every_host_shows_it(balancer):
    member = VerifiedMemberFactory(username="ada", email="ada@example.org")
    # The hosts' own hasher (this suite's fast one is not among theirs).
    member.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    member.save()
    post = PostFactory()
    browser = Browser(balancer)
    status, _, page = browser.get("/accounts/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _, page = browser.post(
        "/accounts/login/", {"login": "ada", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert status == 200
    assert any(cookie.name == "sessionid" for cookie in browser.cookies)
    # Logged in on both hosts: the session lives in the shared database.
    pages, hosts = twenty(browser, "/members/settings/")
    assert set(hosts) == BOTH
    assert all('class="logout-form"' in page for page in pages)

    status, _, answer = browser.get("/comments/form-ticket/", Accept="application/json")
    ticket = json.loads(answer)
    time.sleep(3.2)  # a comment written faster than a person could is refused
    status, _, page = browser.post(
        f"/comments/post/{post.pk}/",
        {"body": "Posted through the balancer", "parent": "", "homepage": "",
         "started": ticket["started"], "csrfmiddlewaretoken": ticket["csrf_token"]},
    )  # fmt: skip
    assert status == 200
    assert Comment.objects.filter(body="Posted through the balancer").count() == 1
    # The writer, on either host, and any reader, see it at once.
    for visitor in (browser, Browser(balancer)):
        pages, hosts = twenty(visitor, post.get_absolute_url())
        assert set(hosts) == BOTH
        assert all("Posted through the balancer" in page for page in pages)


def test_nginx_serves_static_and_media_files_itself(balancer):
    status, headers, page = Browser(balancer).get("/")
    path = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
    status, headers, _ = Browser(balancer).get(path)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert HOST_HEADER not in headers  # not proxied
    (balancer.directory / "media" / "shared.txt").write_text("on every host")
    status, headers, body = Browser(balancer).get("/media/shared.txt")
    assert (status, body) == (200, "on every host")
    assert "sandbox" in headers["Content-Security-Policy"]


def test_the_micro_cache_keeps_anonymous_pages_two_seconds_and_never_a_members(balancer):
    member = VerifiedMemberFactory(username="grace", email="grace@example.org")
    member.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    member.save()
    post = PostFactory(title="Micro-cached title")
    guest = Browser(balancer, micro_cache=True)
    statuses = [guest.get(post.get_absolute_url())[1]["X-Micro-Cache"] for _ in range(3)]
    assert statuses[0] in ("MISS", "EXPIRED")
    assert statuses[1:] == ["HIT", "HIT"]
    post.title = "Micro-cached edit"
    post.save()
    # Two seconds as nginx counts them, in whole seconds: up to three.
    time.sleep(3.1)
    status, headers, page = guest.get(post.get_absolute_url())
    assert "Micro-cached edit" in page
    member_browser = Browser(balancer, micro_cache=True)
    _, _, login = member_browser.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    member_browser.post(
        "/accounts/login/", {"login": "grace", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    for _ in range(2):
        status, headers, page = member_browser.get(post.get_absolute_url())
        assert headers["X-Micro-Cache"] == "BYPASS"
    # And the guest never gets the member's page.
    assert "grace" not in guest.get(post.get_absolute_url())[2]


def test_with_one_host_stopped_the_next_twenty_requests_succeed(balancer):
    post = PostFactory(title="Still answered")
    reader = Browser(balancer)
    stopped = HOST_PORTS[0]
    balancer.stop_host(stopped)
    pages, hosts = twenty(reader, post.get_absolute_url())
    assert set(hosts) == {str(HOST_PORTS[1])}
    assert all("Still answered" in page for page in pages)
