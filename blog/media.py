"""Uploads to the media library: what may be stored, and in what form.

Images go through kexue.images (checked, decoded, re-encoded without their
metadata) under this library's limits; wide ones get a web-sized copy for
pages. Other files are accepted by extension and a cheap look at their content.
Everything is refused before a byte is stored.
"""

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

from kexue import images

from .models import Attachment

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # all frames of an animation together
WEB_WIDTH = 1600

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}
ENCODER_OPTIONS = {"JPEG": {"quality": 90, "optimize": True}, "WEBP": {"quality": 90}}

ALLOWED_HELP = _(
    "Allowed: images (PNG, JPEG, GIF, WebP), PDF, ZIP, plain text, CSV and Jupyter "
    "notebooks (.ipynb)."
)


@dataclass(frozen=True)
class PreparedUpload:
    kind: str
    file: File
    web_file: ContentFile | None = None


def prepare_upload(upload):
    """What to store for an upload; raises ValidationError with a message for
    the editor when it is refused."""
    path = PurePath(upload.name)
    extension = path.suffix.lower().lstrip(".")
    if extension in IMAGE_EXTENSIONS:
        return _prepare_image(upload, path.stem)
    if upload.size > MAX_UPLOAD_BYTES:
        raise _too_large(upload)
    if extension == "svg":
        raise ValidationError(
            _("SVG images are refused because they can carry scripts; export a PNG instead."),
            code="svg",
        )
    if extension not in FILE_CHECKS:
        raise ValidationError(
            _("Files of this type cannot be uploaded. %(allowed)s"),
            code="file_type",
            params={"allowed": ALLOWED_HELP},
        )
    label, looks_right = FILE_CHECKS[extension]
    upload.seek(0)
    content = upload.read()
    if not looks_right(content):
        raise ValidationError(
            _("The file's name says %(type)s, but its content is not."),
            code="content_mismatch",
            params={"type": label},
        )
    upload.seek(0)
    return PreparedUpload(Attachment.Kind.FILE, upload)


def delete_stored(names):
    for name in names:
        default_storage.delete(name)


def _prepare_image(upload, stem):
    try:
        picture = images.read_picture(
            upload, max_bytes=MAX_UPLOAD_BYTES, max_pixels=MAX_PIXELS, animated=True
        )
    except images.ImageRefused as refused:
        raise _refusal(refused.code, upload) from refused
    extension = images.EXTENSIONS[picture.format]
    options = ENCODER_OPTIONS.get(picture.format, {})
    original = images.encode(picture.frames, picture.format, f"{stem}.{extension}", **options)
    width, height = picture.size
    if width <= WEB_WIDTH:
        return PreparedUpload(Attachment.Kind.IMAGE, original)
    size = (WEB_WIDTH, max(1, round(height * WEB_WIDTH / width)))
    resized = [_resizable(frame).resize(size, Image.Resampling.LANCZOS) for frame in picture.frames]
    web = images.encode(resized, picture.format, f"{stem}-{WEB_WIDTH}.{extension}", **options)
    return PreparedUpload(Attachment.Kind.IMAGE, original, web)


def _refusal(code, upload):
    """The editor's words for what kexue.images refused."""
    if code == images.ImageRefused.TOO_LARGE:
        return _too_large(upload)
    if code == images.ImageRefused.NOT_AN_IMAGE:
        return ValidationError(
            _("This file is not a PNG, JPEG, GIF or WebP image, or it is damaged."),
            code="not_an_image",
        )
    return ValidationError(
        _("The image has too many pixels; the limit is %(limit)s million. Scale it down first."),
        code="too_many_pixels",
        params={"limit": MAX_PIXELS // 1_000_000},
    )


def _too_large(upload):
    return ValidationError(
        _("The file is too large (%(size)s); the limit is %(limit)s."),
        code="file_too_large",
        params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
    )


def _resizable(frame):
    # Palette images resize with nearest-neighbour only; smooth them in full colour.
    return frame.convert("RGBA") if frame.mode in {"1", "P"} else frame


def _is_text(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def _is_zip(content):
    return zipfile.is_zipfile(io.BytesIO(content))


def _is_notebook(content):
    try:
        notebook = json.loads(content)
    except ValueError:
        return False
    return isinstance(notebook, dict) and "nbformat" in notebook


FILE_CHECKS = {
    "pdf": ("PDF", lambda content: content.startswith(b"%PDF-")),
    "zip": ("ZIP", _is_zip),
    "txt": (_("UTF-8 text"), _is_text),
    "csv": (_("UTF-8 CSV"), _is_text),
    "ipynb": (_("a Jupyter notebook"), _is_notebook),
}
