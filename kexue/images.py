"""Uploaded pictures, checked and re-encoded: the one pipeline behind post images
and avatars.

A picture is refused by its size in bytes, then by its pixel count read from the
header, before any pixel is decoded, so a small file that unpacks into a huge
bitmap (a decompression bomb) costs no memory. What passes is decoded and later
encoded again from its pixels, which proves it is the picture it claims to be
and drops EXIF (camera, GPS position), XMP and comments. Callers choose the
limits and word the refusals: `ImageRefused.code` says which check failed.
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, ImageSequence

# The formats accepted, and the extension a file of each is stored under.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# What a re-encoded picture needs from its source; everything else is metadata.
KEPT_INFO = ("transparency", "duration", "loop", "icc_profile")


class ImageRefused(Exception):
    TOO_LARGE = "too_large"
    TOO_MANY_PIXELS = "too_many_pixels"
    NOT_AN_IMAGE = "not_an_image"

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Picture:
    format: str  # what the file really is, whatever its name said
    frames: list  # decoded, upright, without the file's metadata

    @property
    def size(self):
        return self.frames[0].size


def read_picture(upload, *, max_bytes, max_pixels, animated=False):
    """The upload's pixels, or ImageRefused. `animated` keeps every frame of an
    animation (and counts them all against `max_pixels`); otherwise only the first."""
    if upload.size > max_bytes:
        raise ImageRefused(ImageRefused.TOO_LARGE)
    upload.seek(0)
    try:
        image = Image.open(upload, formats=list(EXTENSIONS))
        pixels = image.width * image.height
        # Counting an animation's frames reads them: only for a sane frame size.
        if pixels > max_pixels or (animated and pixels * _frame_count(image) > max_pixels):
            raise ImageRefused(ImageRefused.TOO_MANY_PIXELS)
        frames = _decode(image, animated)
    # Pillow refuses to open anything far beyond its own pixel limit.
    except Image.DecompressionBombError as error:
        raise ImageRefused(ImageRefused.TOO_MANY_PIXELS) from error
    # Pillow reports unreadable, truncated or mislabelled files through all of these.
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRefused(ImageRefused.NOT_AN_IMAGE) from error
    return Picture(image.format, frames)


def encode(frames, format_, name, **options):
    """The frames written as a new file of the given format, as a ContentFile."""
    first, *rest = frames
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


def _frame_count(image):
    return getattr(image, "n_frames", 1)


def _decode(image, animated):
    if animated and _frame_count(image) > 1:
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    else:
        frames = [ImageOps.exif_transpose(image)]
    for frame in frames:
        frame.load()
        frame.info = {key: frame.info[key] for key in KEPT_INFO if key in frame.info}
    return frames
