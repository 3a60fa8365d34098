"""Old addresses of moved-in posts answer 301 to the post; nothing else pays for it."""

import pytest

from blog.legacy import normalize
from blog.models import LegacyPath
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "query", "stored"),
    [
        ("/2019/03/02/hello-world", None, "/2019/03/02/hello-world"),
        ("/2019/03/02/hello-world/", {"utm_source": "x"}, "/2019/03/02/hello-world"),
        ("/archives/12.html", None, "/archives/12.html"),
        ("/archives/12.html/", None, "/archives/12.html"),
        ("/", {"p": "12"}, "/?p=12"),
        ("/", {"page_id": "007"}, "/?page_id=7"),
        ("/", {"p": "x"}, "/"),
        ("/2019/%E7%86%B5/", None, "/2019/熵"),
        ("archives/5", None, "/archives/5"),
    ],
)
def test_old_addresses_are_stored_and_looked_up_in_one_form(path, query, stored):
    assert normalize(path, query) == stored


def test_an_old_path_answers_301_to_the_post(client):
    post = PostFactory()
    LegacyPath.objects.create(path="/2019/03/02/hello-world", post=post)
    LegacyPath.objects.create(path="/archives/12.html", post=post)
    for old in ["/2019/03/02/hello-world/", "/2019/03/02/hello-world", "/archives/12.html"]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == post.get_absolute_url()


def test_wordpress_plain_links_on_the_home_page_answer_301_even_when_home_is_cached(
    client, settings
):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600
    post = PostFactory()
    LegacyPath.objects.create(path="/?p=12", post=post)
    client.get("/")
    client.get("/?p=12")
    response = client.get("/?p=12")
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()
    assert client.get("/?p=13").status_code == 200  # an unknown one shows the home page


def test_an_unknown_path_stays_404_and_ordinary_pages_cost_no_lookup(
    client, settings, django_assert_num_queries
):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600
    post = PostFactory()
    assert client.get("/2001/01/01/nothing/").status_code == 404
    client.get(post.get_absolute_url())
    with django_assert_num_queries(0):
        # Served from the page cache: the legacy table is never read.
        assert client.get(post.get_absolute_url()).status_code == 200


def test_editors_add_an_old_address_in_the_post_form_in_its_stored_form(admin_client):
    post = PostFactory()
    url = f"/admin/blog/post/{post.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "legacy_paths-TOTAL_FORMS" in page.content.decode()


def test_hostile_paths_are_plain_404s(client):
    for path in ["/x%00y/", "/" + "a" * 600 + "/", "/%E7%86"]:
        assert client.get(path).status_code == 404, path
