"""Pages that draw on every app: site search and its OpenSearch description."""

from django.db.models import Max, Min
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from blog.models import Category, Post
from kexue.search_db import Search
from kexue.search_text import MAX_QUERY_LENGTH, clean

from .search import result_page


def search(request):
    categories = list(Category.objects.all())
    years = published_years()
    chosen = request.GET.get("category")
    category = next((c for c in categories if c.slug == chosen), None)
    year = next((y for y in years if str(y) == request.GET.get("year")), None)
    # What is shown back is exactly what is searched: cleaned and cut to length.
    q = clean(request.GET.get("q", "")).strip()[:MAX_QUERY_LENGTH]
    query = Search(q, category=category, year=year)
    page = None
    if not query.is_empty:
        page = result_page(query, request.GET.get("page"))
    return render(
        request,
        "search.html",
        {
            "q": q,
            "is_empty": query.is_empty,
            "page_obj": page,
            "categories": categories,
            "category": category,
            "years": years,
            "year": year,
        },
    )


def published_years():
    """Newest first, from the first year with a public post; one indexed query."""
    span = Post.objects.published().aggregate(first=Min("published_at"), last=Max("published_at"))
    if span["first"] is None:
        return []
    first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
    return list(range(last, first - 1, -1))


def opensearch(request):
    """Lets browsers offer the site as a search engine."""
    return render(
        request,
        "opensearch.xml",
        {
            "search_url": request.build_absolute_uri(reverse("search")),
            "icon_url": request.build_absolute_uri(static("img/favicon.svg")),
        },
        content_type="application/opensearchdescription+xml",
    )
