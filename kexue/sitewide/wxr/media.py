"""`import_wxr --fetch-media DIR`: uploaded files from a local copy of wp-content/uploads.

A body's link to a file under the old site's uploads address (found from the
export's attachments, or any `/wp-content/uploads/` address) is looked up in
the folder; a file found there goes into the media library through
blog.media, as an editor's upload would, and the link is rewritten to it. A
file that is missing or refused keeps its old address. Nothing is fetched
from the network.
"""

import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.files import File

from blog import media
from blog.models import Attachment

GENERIC_UPLOADS = r"https?://[^\s\"'<>()]+?/wp-content/uploads/"
# A link's path ends before a query, a fragment, a quote or a bracket.
PATH = r"[^\s\"'<>()\[\]?#]+"
# WordPress's resized copies: photo-300x200.jpg is photo.jpg made smaller.
RESIZED = re.compile(r"(?P<stem>.+)-[0-9]+x[0-9]+(?P<suffix>\.[A-Za-z0-9]+)")


class UploadsCopy:
    """The files of one local uploads folder, each stored at most once per import."""

    def __init__(self, folder, upload_urls, *, dry_run=False):
        self.folder = Path(folder).resolve()
        self.dry_run = dry_run
        bases = sorted(map(re.escape, upload_urls), key=len, reverse=True) + [GENERIC_UPLOADS]
        self.links = re.compile(f"(?:{'|'.join(bases)})(?P<path>{PATH})")
        self.urls = {}  # a link's path below the folder: the library's URL, or None
        self.stored = {}  # a file of the folder: the library's URL, or None when refused
        self.counts = Counter()  # "copied", "missing", "refused"

    def rewrite(self, html, uploaded_by):
        """The HTML with links to files found in the folder pointing at the library."""

        def replace(match):
            url = self._library_url(unquote(match["path"]), uploaded_by)
            return url if url is not None else match[0]

        return self.links.sub(replace, html)

    def _library_url(self, relative, uploaded_by):
        if relative not in self.urls:
            self.urls[relative] = self._look_up(relative, uploaded_by)
        return self.urls[relative]

    def _look_up(self, relative, uploaded_by):
        found = self._find(relative)
        if found is None:
            self.counts["missing"] += 1
            return None
        if found not in self.stored:
            # On a dry run the links stay as they are: nothing is stored.
            self.stored[found] = None if self.dry_run else self._store(found, uploaded_by)
            self.counts["copied" if self.dry_run or self.stored[found] else "refused"] += 1
        return self.stored[found]

    def _find(self, relative):
        """The file for this path in the folder (or the original of a resized copy)."""
        candidates = [self.folder / relative]
        resized = RESIZED.fullmatch(relative)
        if resized:
            candidates.append(self.folder / f"{resized['stem']}{resized['suffix']}")
        for candidate in candidates:
            path = candidate.resolve()
            # A link with ../ in it must not reach files outside the folder.
            if path.is_relative_to(self.folder) and path.is_file():
                return path
        return None

    def _store(self, path, uploaded_by):
        with path.open("rb") as handle:
            try:
                prepared = media.prepare_upload(File(handle, name=path.name))
            except ValidationError:
                return None
            attachment = Attachment(
                title=path.stem,
                file=prepared.file,
                web_file=prepared.web_file or "",
                kind=prepared.kind,
                size=prepared.file.size,
                uploaded_by=uploaded_by,
            )
            attachment.save()
        return attachment.web_url
