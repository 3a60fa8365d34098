"""Moving out and back in keeps the English names of categories and tags
(site.yaml: a category's `name_en`, tags' English names under `tags_en`)."""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from blog.models import Category, Post, Tag
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(name, *args):
    out = StringIO()
    call_command(name, *map(str, args), stdout=out)
    return out.getvalue()


def test_english_names_go_out_in_site_yaml_and_come_back_in(tmp_path):
    author = UserFactory(username="writer")
    physics = CategoryFactory(slug="physics", name="物理", name_en="Physics")
    post = PostFactory(slug="least-action", category=physics, author=author)
    post.tags.add(TagFactory(slug="variations", name="变分法", name_en="Variations"),
                  TagFactory(slug="mechanics", name="力学"))  # fmt: skip
    run("export_markdown", tmp_path / "out")

    site = yaml.safe_load((tmp_path / "out" / "site.yaml").read_text(encoding="utf-8"))
    assert site["categories"][0]["name_en"] == "Physics"
    assert site["tags"] == {"mechanics": "力学", "variations": "变分法"}
    assert site["tags_en"] == {"variations": "Variations"}

    Post.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    run("import_markdown", tmp_path / "out")
    assert Category.objects.get(slug="physics").name_en == "Physics"
    assert dict(Tag.objects.values_list("slug", "name_en")) == {
        "variations": "Variations",
        "mechanics": "",
    }


@pytest.mark.parametrize(
    ("site", "problem"),
    [
        ({"tags": {"x": "X"}, "tags_en": {"x": ["not", "text"]}}, "tags_en 'x': the name"),
        ({"categories": [{"slug": "c", "name": "C", "name_en": 3}]}, "the English name 3"),
    ],
)
def test_an_english_name_that_is_not_text_is_named_and_nothing_is_imported(tmp_path, site, problem):
    (tmp_path / "site.yaml").write_text(yaml.safe_dump(site), encoding="utf-8")
    (tmp_path / "note.md").write_text("---\ntitle: A note\n---\n\nText.\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run("import_markdown", tmp_path)
    assert problem in str(raised.value)
    assert (Post.objects.count(), Category.objects.count(), Tag.objects.count()) == (0, 0, 0)
