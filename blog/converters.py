"""The static pages' route: `/<path>/`, matched only by a page that exists."""

from .models import Page
from .page_paths import PATH


class PageConverter:
    """Matches the path of a stored page, and gives the view the page itself.

    The page route comes last in the URL map and its pattern takes any path, so
    if it matched every address, APPEND_SLASH would send each unknown
    `/2019/03/hello` to `/2019/03/hello/` before the old-address lookup
    (blog.legacy) could answer it. Asking for the page here keeps unknown
    addresses unmatched: 404s and old addresses behave as before the route
    existed, and the query runs only for addresses no other route took.
    Drafts match too: staff preview them, the view refuses everyone else."""

    regex = PATH.pattern

    def to_python(self, value):
        page = Page.objects.filter(path=value).first()
        if page is None:
            raise ValueError(value)  # no match: the resolver goes on, then 404
        return page

    def to_url(self, value):
        return value.path if isinstance(value, Page) else value
