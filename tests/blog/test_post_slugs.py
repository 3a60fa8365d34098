"""/archives/<slug>/: readable and imported addresses that lead to /archives/<id>/."""

from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from blog.models import Post
from tests.factories import PostFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_a_slug_address_answers_301_with_the_numbered_one(client):
    post = PostFactory(title="Fourier series", slug="fourier-series")
    chinese = PostFactory(title="信息与熵")
    response = client.get("/archives/fourier-series/")
    assert response.status_code == 301
    assert response.url == f"/archives/{post.pk}/"
    response = client.get(f"/archives/{quote(chinese.slug)}/")
    assert (chinese.slug, response.status_code) == ("信息与熵", 301)
    assert response.url == chinese.get_absolute_url()
    assert client.get("/archives/no-such-post/").status_code == 404


def test_a_hidden_post_answers_to_its_slug_for_staff_only(client):
    draft = PostFactory(slug="work-in-progress", status=Post.Status.DRAFT)
    assert client.get("/archives/work-in-progress/").status_code == 404
    client.force_login(StaffFactory())
    assert client.get("/archives/work-in-progress/").url == draft.get_absolute_url()


def test_slugs_made_from_titles_are_unique_and_never_a_post_number():
    first, second, third = (PostFactory(title="Heat equation") for _ in range(3))
    assert [first.slug, second.slug, third.slug] == [
        "heat-equation",
        "heat-equation-2",
        "heat-equation-3",
    ]
    assert PostFactory(title="2024").slug == "post-2024"
    assert PostFactory(title="?!").slug == "post"


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("2024", "A slug of digits alone reads as a post number; add a word."),
        ("taken", "Post with this Slug already exists."),
    ],
)
def test_editors_cannot_give_a_slug_that_would_not_lead_to_the_post(slug, message):
    PostFactory(slug="taken")
    post = PostFactory.build(slug=slug, author=StaffFactory(), category=None)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        post.full_clean()
    with translation.override("en"):
        assert refused.value.message_dict["slug"] == [message]
