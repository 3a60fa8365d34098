from django import template
from django.utils import timezone

from blog import citation, linked_data

register = template.Library()


def _reference(context, post):
    site = context["site_settings"]
    return citation.Reference.for_post(
        post,
        author=site.author_name,
        site_name=site.site_name,
        url=context["request"].build_absolute_uri(post.get_absolute_url()),
    )


@register.inclusion_tag("blog/includes/cite.html", takes_context=True)
def cite_block(context, post):
    reference = _reference(context, post)
    return {
        "url": reference.url,
        "citation": citation.citation(reference),
        "bibtex": citation.bibtex(reference),
    }


@register.inclusion_tag("blog/includes/post_meta.html", takes_context=True)
def post_meta(context, post):
    """The head of a post page for machines: Highwire Press and Dublin Core tags
    (Zotero, Google Scholar), Open Graph and Twitter cards (link previews) and
    JSON-LD (search engines)."""
    request, site = context["request"], context["site_settings"]
    reference = _reference(context, post)
    image = linked_data.share_image(post, site.share_image, request.build_absolute_uri)
    tags = context.get("tags") or []
    home_url = request.build_absolute_uri("/")
    posting = linked_data.blog_posting(
        post=post,
        url=reference.url,
        home_url=home_url,
        author=reference.author,
        site_name=reference.site_name,
        image=image,
        tags=tags,
    )
    return {
        "post": post,
        "reference": reference,
        "published": timezone.localtime(post.published_at),
        "modified": posting["dateModified"],
        "language": linked_data.content_language(),
        "image": image,
        "tags": tags,
        "json_ld": linked_data.json_ld(posting),
    }
