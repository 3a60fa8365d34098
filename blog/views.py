from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import ListView, MonthArchiveView, YearArchiveView

from kexue.caching import cached_fragment

from .archive import archive_tree
from .models import Category, Post, Series, Tag
from .series import published_parts, series_box

POSTS_PER_PAGE = 10
RELATED_POSTS = 8


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


class HomeView(PostListMixin, ListView):
    def get_queryset(self):
        return super().get_queryset().order_by("-pinned", "-published_at", "-id")


class YearView(PostListMixin, YearArchiveView):
    make_object_list = True

    def get_heading(self):
        return self.get_year()


class MonthView(PostListMixin, MonthArchiveView):
    month_format = "%m"

    def get_heading(self):
        return f"{self.get_year()}-{self.get_month()}"


class CategoryView(PostListMixin, ListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_heading(self):
        return self.category.local_name


class TagView(PostListMixin, ListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self):
        return self.tag.local_name


class AuthorView(PostListMixin, ListView):
    def get_queryset(self):
        users = get_user_model().objects.filter(is_active=True)
        self.author = get_object_or_404(users, username=self.kwargs["username"])
        return super().get_queryset().filter(author=self.author)

    def get_heading(self):
        return self.author.get_full_name() or self.author.get_username()


def archive(request):
    posts = Post.objects.published().order_by("-published_at", "-id")
    rows = posts.values("id", "title", "published_at")
    return render(request, "blog/archive.html", {"years": archive_tree(rows), "total": len(rows)})


def visible_posts(user):
    """Staff preview drafts and scheduled posts; everyone else sees published ones."""
    return Post.objects.all() if user.is_staff else Post.objects.published()


def post_detail(request, pk):
    queryset = visible_posts(request.user).select_related("category", "author", "series")
    post = get_object_or_404(queryset.prefetch_related("tags"), pk=pk)
    return render(
        request,
        "blog/post_detail.html",
        {
            "post": post,
            "tags": list(post.tags.all()),
            "previous_post": public_neighbour(post.get_previous_by_published_at),
            "next_post": public_neighbour(post.get_next_by_published_at),
            "related_posts": cached_fragment(f"related:{post.pk}", lambda: related_posts(post)),
            "series_box": series_box(post),
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


def public_neighbour(get_by_published_at):
    """The nearest published post that way in time (Django breaks ties by id), or None."""
    try:
        return get_by_published_at(**Post.objects.published_lookups())
    except Post.DoesNotExist:
        return None


def related_posts(post):
    """Posts sharing the most tags, then the same category; newest first among equals."""
    tag_ids = [tag.id for tag in post.tags.all()]
    if not tag_ids and post.category_id is None:
        return []
    shared = Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
    candidates = (
        Post.objects.published()
        .exclude(pk=post.pk)
        .annotate(shared_tags=shared)
        .filter(Q(shared_tags__gt=0) | Q(category_id=post.category_id))
        .only("id", "title", "published_at")
        .order_by("-shared_tags", "-published_at")
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
