"""Static pages: at the editor's path, in the header menu and the sitemap, and
nowhere posts are listed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from blog.models import LegacyPath, Page
from tests.factories import PageFactory, PostFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_a_page_answers_at_its_path_with_its_rendered_body(client):
    page = PageFactory(title="关于本站", path="about", body="## 写作\n\n质能 $E = mc^2$。")
    response = client.get("/about/")
    body = response.content.decode()
    assert response.status_code == 200
    assert page.get_absolute_url() == "/about/"
    assert '<h1 class="post-title">关于本站</h1>' in body
    assert 'class="arithmatex"' in body and "<h2" in body
    assert '<link rel="canonical" href="http://testserver/about/">' in body


def test_nested_and_chinese_paths_work(client):
    PageFactory(title="Licence", path="about/licence")
    PageFactory(title="常见问题", path="常见问题")
    assert client.get("/about/licence/").status_code == 200
    assert client.get("/%E5%B8%B8%E8%A7%81%E9%97%AE%E9%A2%98/").status_code == 200


def test_a_draft_page_is_for_staff_only(client):
    PageFactory(path="soon", status="draft")
    assert client.get("/soon/").status_code == 404
    client.force_login(StaffFactory())
    body = client.get("/soon/").content.decode()
    assert 'class="draft-banner"' in body


def test_the_body_is_sanitized_like_a_posts(client):
    PageFactory(path="x", body='Hi <script>alert(1)</script> <a href="javascript:alert(1)">a</a>')
    body = client.get("/x/").content.decode()
    assert "<script>alert" not in body and "javascript:" not in body


def test_unknown_addresses_stay_404_and_old_ones_still_redirect(client):
    post = PostFactory()
    LegacyPath.objects.create(path="/2019/03/02/hello-world", post=post)
    PageFactory(path="about")
    assert client.get("/no-such-page/").status_code == 404
    # Not sent to /no-such-page/ first: the page route matches only a stored page.
    assert client.get("/no-such-page").status_code == 404
    response = client.get("/2019/03/02/hello-world")
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()
    response = client.get("/about")
    assert response.status_code == 301 and response["Location"] == "/about/"


def test_an_old_address_may_lead_to_a_page(client):
    page = PageFactory(path="about")
    LegacyPath.objects.create(path="/about-me", page=page)
    response = client.get("/about-me/")
    assert response.status_code == 301 and response["Location"] == "/about/"


@pytest.mark.parametrize(
    "path",
    ["archives", "archives/about", "Admin/x", "accounts", "category/news", "feed", "series",
     "search", "static/css", "media", "tag", "members", "comments"],
)  # fmt: skip
def test_paths_of_other_routes_are_refused(path):
    page = Page(title="t", path=path, body="b")
    with override("en"), pytest.raises(ValidationError) as refused:  # the message as written
        page.full_clean()
    first = path.split("/")[0]
    assert f"/{first}/ belongs to another part of the site" in str(refused.value)


def test_the_refusal_speaks_the_sites_chinese():
    with pytest.raises(ValidationError) as refused:
        Page(title="t", path="archives/about", body="b").full_clean()
    assert "/archives/ 已被本站其他部分使用，请换一个路径。" in refused.value.message_dict["path"]


@pytest.mark.parametrize(
    "path", ["a b", "a//b", "about.html", "sitemap.xml", "关于?x", "../etc", "", "/"]
)
def test_paths_with_other_characters_are_refused(path):
    page = Page(title="t", path=path, body="b")
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "path" in refused.value.message_dict


def test_slashes_around_a_path_are_dropped():
    page = Page(title="t", path=" /about/licence/ ", body="b")
    page.full_clean()
    page.save()
    assert Page.objects.get().path == "about/licence"


def test_the_header_lists_published_menu_pages_in_order(client):
    PageFactory(title="FAQ", path="faq", in_menu=True, menu_order=2)
    PageFactory(title="About", path="about", in_menu=True, menu_order=1)
    PageFactory(title="Hidden", path="hidden", in_menu=False)
    PageFactory(title="Draft", path="draft", in_menu=True, status="draft")
    header = client.get("/").content.decode().split('class="site-nav"')[1].split("</nav>")[0]
    assert header.index('href="/archives/"') < header.index('href="/about/"')
    assert header.index('href="/about/"') < header.index('href="/faq/"')
    assert "/hidden/" not in header and "/draft/" not in header
    on_page = client.get("/about/").content.decode().split('class="site-nav"')[1]
    assert 'href="/about/" aria-current="page"' in on_page


def test_the_menu_follows_an_edit(client):
    page = PageFactory(title="About", path="about", in_menu=True)
    assert ">About</a>" in client.get("/").content.decode()
    page.title = "Who we are"
    page.save()
    body = client.get("/").content.decode()
    assert ">Who we are</a>" in body and ">About</a>" not in body
    page.delete()
    assert "Who we are" not in client.get("/").content.decode()


def test_pages_are_not_in_home_archive_or_feeds_but_in_the_sitemap(client):
    PostFactory(title="A real post")
    PageFactory(title="Unlisted page title", path="about")
    for url in ["/", "/archives/", "/feed/", "/feed/atom/"]:
        body = client.get(url).content.decode()
        assert "A real post" in body, url
        assert "Unlisted page title" not in body and "/about/" not in body, url
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/about/</loc>" in sitemap
    PageFactory(path="draft", status="draft")
    assert "/draft/" not in client.get("/sitemap.xml").content.decode()


# The page itself (found by the route), the sidebar's cached widgets aside.
PAGE_QUERIES = 1


def test_a_page_costs_one_query_however_long_and_whatever_the_menu(
    client, django_assert_num_queries
):
    for n in range(6):
        PageFactory(path=f"p{n}", in_menu=True, menu_order=n)
    long = "\n\n".join(f"## Section {n}\n\nText with $x_{n}$." for n in range(40))
    PageFactory(path="long", body=long)
    client.get("/long/")  # warm: site settings, sidebar, menu
    with django_assert_num_queries(PAGE_QUERIES):
        body = client.get("/long/").content.decode()
    assert body.count('href="/p') == 6 and body.count("<h2 id=") == 40


def test_cached_pages_follow_an_edited_page_and_menu(client, settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 300
    page = PageFactory(title="About", path="about", body="Old words.", in_menu=True)
    for url in ("/", "/about/"):
        client.get(url)  # now in the page cache
    page.title, page.body = "Who we are", "New words."
    page.save()
    assert ">Who we are</a>" in client.get("/").content.decode()
    assert "New words." in client.get("/about/").content.decode()
