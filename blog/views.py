from datetime import date

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView, MonthArchiveView, YearArchiveView

from . import tallies
from .archive import year_posts, years_of_months
from .models import Category, Post, Series, Tag
from .series import published_parts, series_box

POSTS_PER_PAGE = 10
RELATED_POSTS = 8
# Related posts are ranked among this many of the newest that share a tag, so
# a post page costs the same however many posts share its tags.
RELATED_POOL = 200


class CountedPaginator(Paginator):
    """A paginator told its length (from blog.tallies) rather than counting every row."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = count


class PostListMixin:
    """What every list of posts shares: public posts, newest first, 10 a page."""

    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE
    allow_empty = True
    date_field = "published_at"
    heading = None

    def get_queryset(self):
        # Lists show excerpts only; the full bodies are the bulk of each row.
        return Post.objects.published().for_listing().defer("body", "body_html", "toc_html")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.get_heading()
        return context

    def get_heading(self):
        return self.heading

    def get_paginator(self, queryset, per_page, **kwargs):
        count = self.public_count()
        if count is None:
            return super().get_paginator(queryset, per_page, **kwargs)
        return CountedPaginator(queryset, per_page, count=count, **kwargs)

    def public_count(self):
        """How many posts the list has, from the kept counts; None counts the rows."""
        return None


class HomeView(PostListMixin, ListView):
    def get_queryset(self):
        return super().get_queryset().order_by("-pinned", "-published_at", "-id")

    def public_count(self):
        return tallies.public_total()


class YearView(PostListMixin, YearArchiveView):
    make_object_list = True

    def get_heading(self):
        return self.get_year()

    def public_count(self):
        return tallies.year_count(int(self.get_year()))


class MonthView(PostListMixin, MonthArchiveView):
    month_format = "%m"

    def get_heading(self):
        return f"{self.get_year()}-{self.get_month()}"

    def public_count(self):
        return tallies.public_count("month", date(int(self.get_year()), int(self.get_month()), 1))


class CategoryView(PostListMixin, ListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_heading(self):
        return self.category.local_name

    def public_count(self):
        return tallies.public_count("category", self.category.pk)


class TagView(PostListMixin, ListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self):
        return self.tag.local_name

    def public_count(self):
        return tallies.public_count("tag", self.tag.pk)


class AuthorView(PostListMixin, ListView):
    def get_queryset(self):
        users = get_user_model().objects.filter(is_active=True)
        self.author = get_object_or_404(users, username=self.kwargs["username"])
        return super().get_queryset().filter(author=self.author)

    def get_heading(self):
        return self.author.get_full_name() or self.author.get_username()


def archive(request):
    """Every year and month with its count, and the posts of one year: `?year=`,
    else the newest."""
    years = years_of_months(tallies.months())
    asked = request.GET.get("year")
    if asked is None:
        shown = years[0] if years else None
    else:
        shown = next((year for year in years if str(year.year) == asked), None)
        if shown is None:
            raise Http404("No posts in that year.")
    months = []
    if shown is not None:
        posts = Post.objects.published().filter(published_at__year=shown.year)
        rows = posts.order_by("-published_at", "-id").values("id", "title", "published_at")
        months = year_posts(rows)
    context = {
        "years": years,
        "shown": shown,
        "months": months,
        "total": sum(year.count for year in years),
    }
    return render(request, "blog/archive.html", context)


def visible_posts(user):
    """Staff preview drafts and scheduled posts; everyone else sees published ones."""
    return Post.objects.all() if user.is_staff else Post.objects.published()


def post_detail(request, pk):
    """The template caches the post's own parts (kexue/caching.py's content
    version): what they show is read only when they are rendered afresh."""
    queryset = visible_posts(request.user).select_related("category", "author", "series")
    post = get_object_or_404(queryset, pk=pk)
    return render(
        request,
        "blog/post_detail.html",
        {
            "post": post,
            "tags": SimpleLazyObject(lambda: list(post.tags.all())),
            "previous_post": SimpleLazyObject(lambda: public_neighbour(post, later=False)),
            "next_post": SimpleLazyObject(lambda: public_neighbour(post, later=True)),
            "related_posts": SimpleLazyObject(lambda: related_posts(post)),
            "series_box": SimpleLazyObject(lambda: series_box(post)),
        },
    )


def series_detail(request, slug):
    series = get_object_or_404(Series, slug=slug)
    parts = published_parts(series)
    if not parts:
        raise Http404("A series with no published part has nothing to show.")
    return render(request, "blog/series_detail.html", {"series": series, "parts": parts})


def page_detail(request, page):
    """A static page; the route's converter found it (blog.converters)."""
    if not (page.is_public or request.user.is_staff):
        raise Http404("Only staff see a draft page.")
    return render(request, "blog/page_detail.html", {"page": page})


def post_by_slug(request, slug):
    """A readable or imported address answers with the post's own, permanently."""
    post = get_object_or_404(visible_posts(request.user).only("id"), slug=slug)
    return redirect(post, permanent=True)


def public_neighbour(post, *, later):
    """The nearest published post that way in time, posts of the same moment by
    number, or None. Bounded on the post's own moment, so the (status,
    published_at, id) index starts there instead of at the newest post."""
    moment, public = post.published_at, Post.objects.published()
    if later:
        after = public.filter(published_at__gte=moment)
        after = after.exclude(published_at=moment, pk__lte=post.pk)
        return after.order_by("published_at", "id").first()
    before = public.filter(published_at__lte=moment)
    before = before.exclude(published_at=moment, pk__gte=post.pk)
    return before.order_by("-published_at", "-id").first()


def related_posts(post):
    """Posts sharing the most tags, then the same category; newest first among equals.

    Ranked among the RELATED_POOL newest posts that share a tag and the newest
    of the category, not among every post: an old post sharing many tags may
    be missed, but the page no longer counts tags over the whole archive."""
    tag_ids = [tag.id for tag in post.tags.all()]
    if not tag_ids and post.category_id is None:
        return []
    others = Post.objects.published().exclude(pk=post.pk).order_by("-published_at", "-id")
    pool = others.filter(tags__in=tag_ids).values("pk")[:RELATED_POOL]
    if post.category_id is not None:
        # One IN over a UNION, which PostgreSQL joins by the primary key; an OR of
        # two IN lists would make it scan every post.
        same_category = others.filter(category_id=post.category_id).values("pk")
        pool = pool.union(same_category[:RELATED_POSTS])
    shared = Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
    candidates = (
        Post.objects.filter(pk__in=pool)
        .annotate(shared_tags=shared)
        .only("id", "title", "published_at")
        .order_by("-shared_tags", "-published_at", "-id")
    )
    return list(candidates[:RELATED_POSTS])


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("blog:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
