from django import template
from django.utils import timezone

from blog import citation

register = template.Library()


def _permanent_url(context, post):
    return context["request"].build_absolute_uri(post.get_absolute_url())


@register.inclusion_tag("blog/includes/cite.html", takes_context=True)
def cite_block(context, post):
    author = context["site_settings"].author_name
    url = _permanent_url(context, post)
    return {
        "url": url,
        "citation": citation.citation(post, author, url),
        "bibtex": citation.bibtex(post, author, url),
    }


@register.inclusion_tag("blog/includes/citation_meta.html", takes_context=True)
def citation_meta(context, post):
    """Highwire Press tags, which Zotero and Google Scholar read."""
    return {
        "post": post,
        "author": context["site_settings"].author_name,
        "site_name": context["site_settings"].site_name,
        "date": timezone.localtime(post.published_at).strftime("%Y/%m/%d"),
        "url": _permanent_url(context, post),
    }
