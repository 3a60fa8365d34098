"""The image pipeline behind post images and avatars: refusals, and what survives."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, PngImagePlugin

from blog.media import prepare_upload
from kexue.images import ImageRefused, encode, read_picture
from members.avatars import make_avatar_thumbnail

SECRET = "SecretCam-9000"
ROOMY = {"max_bytes": 10**9, "max_pixels": 10**12}


def picture(format_="PNG", size=(40, 30), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=format_, **save_options)
    return buffer.getvalue()


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width, height):
    """A PNG of about sixty bytes whose header claims width × height grey pixels:
    its data holds one row at most, so decoding it would fail as truncated."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def refusal(content, **limits):
    with pytest.raises(ImageRefused) as refused:
        read_picture(SimpleUploadedFile("upload", content), **(ROOMY | limits))
    return refused.value.code


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read():
    assert refusal(b"not even a picture" * 100, max_bytes=1000) == ImageRefused.TOO_LARGE
    assert read_picture(SimpleUploadedFile("a.png", picture()), **ROOMY | {"max_bytes": 1000})


def test_pixels_are_counted_from_the_header_before_decoding():
    assert refusal(png_claiming(100, 100), max_pixels=9_999) == ImageRefused.TOO_MANY_PIXELS
    # Within the limit the same file is decoded, and found to be damaged.
    assert refusal(png_claiming(100, 100), max_pixels=10_000) == ImageRefused.NOT_AN_IMAGE


def test_a_decompression_bomb_beyond_pillows_own_limit_is_refused():
    assert refusal(png_claiming(100_000, 100_000)) == ImageRefused.TOO_MANY_PIXELS


def test_an_animation_counts_every_frame_only_when_its_frames_are_kept():
    frames = [Image.new("RGB", (100, 100), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    gif = buffer.getvalue()
    assert refusal(gif, max_pixels=25_000, animated=True) == ImageRefused.TOO_MANY_PIXELS
    kept = read_picture(SimpleUploadedFile("a.gif", gif), **ROOMY, animated=True)
    assert len(kept.frames) == 3
    first = read_picture(SimpleUploadedFile("a.gif", gif), max_bytes=10**9, max_pixels=25_000)
    assert len(first.frames) == 1


@pytest.mark.parametrize(
    "content",
    [
        b"<?php system($_GET['c']); ?>",
        picture()[:60],
        picture("BMP"),
        picture("TIFF"),
    ],
    ids=["php", "truncated", "bmp-not-allowed", "tiff-not-allowed"],
)
def test_anything_but_a_whole_jpeg_png_gif_or_webp_is_not_an_image(content):
    assert refusal(content) == ImageRefused.NOT_AN_IMAGE


def rotated_exif():
    exif = Image.Exif()
    exif[0x010F] = SECRET  # the camera's make
    exif[0x0112] = 6  # shot turned a quarter: upright is 30 wide, 40 high
    return exif.tobytes()


def png_text():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", SECRET)
    return text


@pytest.mark.parametrize(
    ("format_", "save_options", "upright"),
    [
        ("JPEG", {"exif": rotated_exif(), "comment": SECRET}, (30, 40)),
        ("PNG", {"exif": rotated_exif(), "pnginfo": png_text()}, (30, 40)),
        ("GIF", {"comment": SECRET}, (40, 30)),
        ("WEBP", {"exif": rotated_exif(), "xmp": f"<x>{SECRET}</x>".encode()}, (30, 40)),
    ],
    ids=["jpeg", "png", "gif", "webp"],
)
def test_re_encoding_drops_the_metadata_and_keeps_the_photo_upright(format_, save_options, upright):
    content = picture(format_, **save_options)
    assert SECRET.encode() in content
    kept = read_picture(SimpleUploadedFile("photo", content), **ROOMY)
    assert (kept.format, kept.size) == (format_, upright)
    stored = encode(kept.frames, kept.format, "photo").read()
    assert SECRET.encode() not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


BOMB = png_claiming(100_000, 100_000)
HUGE = picture("PNG", size=(40, 30)) + bytes(11 * 1024 * 1024)


@pytest.mark.parametrize(
    ("caller", "content", "message"),
    [
        (prepare_upload, HUGE, "The file is too large (11.0\xa0MB); the limit is 10.0\xa0MB."),
        (
            prepare_upload,
            BOMB,
            "The image has too many pixels; the limit is 40 million. Scale it down first.",
        ),
        (
            prepare_upload,
            b"GIF89a<script>",
            "This file is not a PNG, JPEG, GIF or WebP image, or it is damaged.",
        ),
        (
            make_avatar_thumbnail,
            HUGE,
            "The picture is too large (11.0\xa0MB); the limit is 2.0\xa0MB.",
        ),
        (
            make_avatar_thumbnail,
            BOMB,
            "The picture has too many pixels; please upload a smaller one.",
        ),
        (make_avatar_thumbnail, b"GIF89a<script>", "Upload a JPEG, PNG, GIF or WebP picture."),
    ],
    ids=[
        "media-too-large",
        "media-bomb",
        "media-not-an-image",
        "avatar-too-large",
        "avatar-bomb",
        "avatar-not-an-image",
    ],
)
def test_each_caller_words_a_refusal_its_own_way_and_stores_nothing(
    settings, caller, content, message
):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        caller(SimpleUploadedFile("upload.png", content))
    with translation.override("en"):
        assert refused.value.messages == [message]
    assert not any(path.is_file() for path in Path(settings.MEDIA_ROOT).rglob("*"))
