"""Uploads to the media library: what may be stored, and in what form.

Images are decoded and re-encoded from their pixels, which proves they are the
pictures they claim to be and drops EXIF (camera, GPS position), XMP and
comments; wide ones get a web-sized copy for pages. Other files are accepted by
extension and a cheap look at their content. Everything is refused before a
byte is stored.
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
from PIL import Image, ImageOps, ImageSequence

from .models import Attachment

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Checked from the header before decoding (all frames together), so a small
# file that unpacks into a huge bitmap (a decompression bomb) is refused
# before it costs the memory.
MAX_PIXELS = 40_000_000
WEB_WIDTH = 1600

# Pillow format → the extension the stored file gets, whatever the upload was named.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}
# What a re-encoded picture needs from its source; everything else is metadata.
KEPT_INFO = ("transparency", "duration", "loop", "icc_profile")
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
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_UPLOAD_BYTES),
            },
        )
    path = PurePath(upload.name)
    extension = path.suffix.lower().lstrip(".")
    if extension == "svg":
        raise ValidationError(
            _("SVG images are refused because they can carry scripts; export a PNG instead."),
            code="svg",
        )
    if extension in IMAGE_EXTENSIONS:
        return _prepare_image(upload, path.stem)
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
    upload.seek(0)
    try:
        image = Image.open(upload, formats=list(IMAGE_FORMATS))
        pixels = image.width * image.height
        # Counting an animation's frames reads them: only for a sane frame size.
        if pixels > MAX_PIXELS or pixels * getattr(image, "n_frames", 1) > MAX_PIXELS:
            raise _too_many_pixels()
        frames = _decode(image)
    # Pillow refuses to open anything far beyond its own pixel limit.
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    # Pillow reports unreadable, truncated or mislabelled files through all of these.
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            _("This file is not a PNG, JPEG, GIF or WebP image, or it is damaged."),
            code="not_an_image",
        ) from error
    format_ = image.format
    extension = IMAGE_FORMATS[format_]
    original = _encode(frames, format_, f"{stem}.{extension}")
    width, height = frames[0].size
    if width <= WEB_WIDTH:
        return PreparedUpload(Attachment.Kind.IMAGE, original)
    size = (WEB_WIDTH, max(1, round(height * WEB_WIDTH / width)))
    resized = [_resizable(frame).resize(size, Image.Resampling.LANCZOS) for frame in frames]
    web = _encode(resized, format_, f"{stem}-{WEB_WIDTH}.{extension}")
    return PreparedUpload(Attachment.Kind.IMAGE, original, web)


def _too_many_pixels():
    return ValidationError(
        _("The image has too many pixels; the limit is %(limit)s million. Scale it down first."),
        code="too_many_pixels",
        params={"limit": MAX_PIXELS // 1_000_000},
    )


def _decode(image):
    """The picture's frames as plain pixels, upright, without the file's metadata."""
    if getattr(image, "n_frames", 1) == 1:
        frames = [ImageOps.exif_transpose(image)]
    else:
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    for frame in frames:
        frame.load()
        frame.info = {key: frame.info[key] for key in KEPT_INFO if key in frame.info}
    return frames


def _resizable(frame):
    # Palette images resize with nearest-neighbour only; smooth them in full colour.
    return frame.convert("RGBA") if frame.mode in {"1", "P"} else frame


def _encode(frames, format_, name):
    first, *rest = frames
    options = dict(ENCODER_OPTIONS.get(format_, {}))
    if rest:
        options.update(
            save_all=True,
            append_images=rest,
            duration=[frame.info.get("duration", 100) for frame in frames],
            loop=first.info.get("loop", 0),
        )
    buffer = io.BytesIO()
    first.save(buffer, format=format_, **options)
    return ContentFile(buffer.getvalue(), name=name)


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
