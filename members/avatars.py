"""Avatars: uploads re-encoded into safe square thumbnails (through
kexue.images, under an avatar's limits), and a default identicon drawn from the
username, so no avatar ever needs a third party."""

import colorsys
import hashlib

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ImageOps

from kexue import images

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 20_000_000
THUMBNAIL_SIZE = 160

IDENTICON_GRID = 5


def make_avatar_thumbnail(upload):
    """A square JPEG (or PNG when transparent) of the uploaded picture (the first
    frame of an animation), as a ContentFile; raises ValidationError for anything
    that is not a small image."""
    try:
        picture = images.read_picture(upload, max_bytes=MAX_UPLOAD_BYTES, max_pixels=MAX_PIXELS)
    except images.ImageRefused as refused:
        raise _refusal(refused.code, upload) from refused
    square = (THUMBNAIL_SIZE, THUMBNAIL_SIZE)
    thumbnail = ImageOps.fit(picture.frames[0].convert("RGBA"), square)
    if thumbnail.getextrema()[3][0] < 255:
        return images.encode([thumbnail], "PNG", "avatar.png", optimize=True)
    return images.encode(
        [thumbnail.convert("RGB")], "JPEG", "avatar.jpg", quality=85, optimize=True
    )


def _refusal(code, upload):
    """The member's words for what kexue.images refused."""
    if code == images.ImageRefused.TOO_LARGE:
        return ValidationError(
            _("The picture is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_UPLOAD_BYTES),
            },
        )
    if code == images.ImageRefused.TOO_MANY_PIXELS:
        return ValidationError(
            _("The picture has too many pixels; please upload a smaller one."),
            code="too_many_pixels",
        )
    return ValidationError(_("Upload a JPEG, PNG, GIF or WebP picture."), code="not_an_image")


def identicon_svg(seed):
    """A symmetric 5×5 pattern in a colour derived from the seed, as SVG text.

    Only hex digits and numbers reach the markup, so any seed is safe."""
    digest = hashlib.sha256(seed.lower().encode()).digest()
    hue = int.from_bytes(digest[:2], "big") / 65536
    background = _hex_colour(hue, lightness=0.94, saturation=0.3)
    foreground = _hex_colour(hue, lightness=0.45, saturation=0.55)
    half = (IDENTICON_GRID + 1) // 2
    cells = []
    for row in range(IDENTICON_GRID):
        for column in range(half):
            if digest[2 + row * half + column] % 2:
                cells.append((column, row))
                if column != IDENTICON_GRID - 1 - column:
                    cells.append((IDENTICON_GRID - 1 - column, row))
    # A margin of 1.5 cells keeps the pattern whole inside a round avatar frame.
    rects = "".join(f'<rect x="{x + 1.5}" y="{y + 1.5}" width="1" height="1"/>' for x, y in cells)
    size = IDENTICON_GRID + 3
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{THUMBNAIL_SIZE}" height="{THUMBNAIL_SIZE}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="{background}"/>'
        f'<g fill="{foreground}">{rects}</g></svg>'
    )


def _hex_colour(hue, *, lightness, saturation):
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#{:02x}{:02x}{:02x}".format(*(round(channel * 255) for channel in (red, green, blue)))
