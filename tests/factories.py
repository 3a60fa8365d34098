from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "blog.Category"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "blog.Tag"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A published post in the past, with a little math."""

    class Meta:
        model = "blog.Post"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    author = factory.SubFactory(StaffFactory)
    category = factory.SubFactory(CategoryFactory)
    body = "Euler's identity $e^{i\\pi} + 1 = 0$ is the classic.\n\n<!--more-->\n\nMore text."
    status = "published"
    published_at = factory.Sequence(lambda n: datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=n))

    @factory.post_generation
    def tags(post, create, extracted, **kwargs):
        if create and extracted:
            post.tags.set(extracted)


class VerifiedMemberFactory(UserFactory):
    """A member who has confirmed their e-mail address, recorded as allauth does."""

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved guest comment, placed in its tree by mptt; `parent=` makes a reply."""

    class Meta:
        model = "comments.Comment"

    parent = None
    post = factory.LazyAttribute(lambda c: c.parent.post if c.parent else PostFactory())
    guest_name = factory.Sequence(lambda n: f"Guest {n}")
    guest_email = factory.Sequence(lambda n: f"guest{n}@example.net")
    body = factory.Sequence(lambda n: f"Comment {n}: $x_{{{n}}}^2$")
    status = "approved"


class MemberCommentFactory(CommentFactory):
    """An approved comment by a verified member."""

    author = factory.SubFactory(VerifiedMemberFactory)
    guest_name = ""
    guest_email = ""


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "blog.Series"

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class PageFactory(factory.django.DjangoModelFactory):
    """A published static page."""

    class Meta:
        model = "blog.Page"

    title = factory.Sequence(lambda n: f"Page {n}")
    path = factory.Sequence(lambda n: f"page-{n}")
    body = "About this site: formulas like $E = mc^2$ are typeset."
    status = "published"
