"""The "reprint and cite" block: a formatted reference and a BibTeX entry."""

from django.utils import timezone

BIBTEX_SPECIAL = str.maketrans({"{": r"\{", "}": r"\}", "\\": r"\textbackslash{}", "%": r"\%",
                                "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_"})  # fmt: skip


def bibtex_escape(text):
    return text.translate(BIBTEX_SPECIAL)


def citation(post, author, url):
    published = timezone.localtime(post.published_at)
    date = published.strftime("%b. %d, %Y")
    return f"{author}. ({date}). 《{post.title}》[Blog post]. Retrieved from {url}"


def bibtex(post, author, url):
    published = timezone.localtime(post.published_at)
    fields = {
        "title": post.title,
        "author": author,
        "year": str(published.year),
        "month": published.strftime("%b"),
        "url": url,
    }
    lines = [f"@online{{kexue{post.pk},"]
    lines += [
        f"    {name} = {{{value if name == 'url' else bibtex_escape(value)}}},"
        for name, value in fields.items()
    ]
    lines.append("}")
    return "\n".join(lines)
