"""The media library: what an editor may upload, and what gets stored."""

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from blog.models import Attachment
from members.roles import EDITORS
from tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:blog_attachment_add")
SECRET_MAKE = "SecretCam-9000"


@pytest.fixture
def editor_client(editor_client):
    # Messages are compared in English, whatever the Chinese catalogue says.
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return editor_client


def picture(format_, size=(3000, 2000), mode="RGB", **options):
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert(mode).save(buffer, format=format_, **options)
    return buffer.getvalue()


def jpeg_with_exif(orientation=1):
    exif = Image.Exif()
    exif[0x010F] = SECRET_MAKE  # the camera's make
    exif[0x0112] = orientation
    return picture("JPEG", exif=exif.tobytes())


def png_claiming(width, height):
    """A tiny PNG whose header claims the given size: a decompression bomb."""
    data = bytearray(picture("PNG", size=(1, 1)))
    data[16:24] = struct.pack(">II", width, height)  # IHDR's width and height
    data[29:33] = struct.pack(">I", zlib.crc32(data[12:29]))
    return bytes(data)


def upload(client, name, content, title=""):
    return client.post(ADD_URL, {"title": title, "file": SimpleUploadedFile(name, content)})


def stored_files(settings):
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def opened(field):
    with default_storage.open(field.name) as stored:
        return stored.read()


@pytest.mark.parametrize(
    ("name", "content", "format_"),
    [("plot.png", picture("PNG"), "PNG"), ("photo.jpg", jpeg_with_exif(), "JPEG")],
)
def test_images_are_kept_without_metadata_and_get_a_web_sized_copy(
    editor_client, name, content, format_
):
    response = upload(editor_client, name, content, title="A plot")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == Attachment.Kind.IMAGE
    assert attachment.uploaded_by.username == "editor"
    original = opened(attachment.file)
    web = opened(attachment.web_file)
    assert Image.open(io.BytesIO(original)).size == (3000, 2000)
    resized = Image.open(io.BytesIO(web))
    assert (resized.format, resized.size) == (format_, (1600, 1067))
    for data in (original, web):
        assert SECRET_MAKE.encode() not in data
        assert not Image.open(io.BytesIO(data)).getexif()
    assert attachment.markdown == f"![A plot]({attachment.web_file.url})"


def test_a_rotated_photo_is_stored_upright(editor_client):
    upload(editor_client, "portrait.jpg", jpeg_with_exif(orientation=6))
    attachment = Attachment.objects.get()
    assert Image.open(attachment.file).size == (2000, 3000)
    assert Image.open(attachment.web_file).size == (1600, 2400)
    assert attachment.title == "portrait"


def test_a_small_image_serves_as_it_is_and_keeps_its_transparency(editor_client):
    upload(editor_client, "icon.png", picture("PNG", size=(64, 48), mode="RGBA"))
    attachment = Attachment.objects.get()
    assert not attachment.web_file
    assert attachment.web_url == attachment.file.url
    assert Image.open(attachment.file).mode == "RGBA"


def test_an_animation_keeps_its_frames_in_the_web_copy(editor_client):
    frames = [Image.new("RGB", (2000, 100), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=80)
    upload(editor_client, "wave.gif", buffer.getvalue())
    web = Image.open(Attachment.objects.get().web_file)
    assert (web.format, web.size, web.n_frames) == ("GIF", (1600, 80), 3)


def test_a_picture_named_like_another_type_is_stored_under_its_real_type(editor_client):
    upload(editor_client, "diagram.png", picture("JPEG", size=(40, 40)))
    assert Attachment.objects.get().file.name.endswith("/diagram.jpg")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "shell.png",
            b"<?php system($_GET['c']); ?>",
            "This file is not a PNG, JPEG, GIF or WebP image, or it is damaged.",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG images are refused because they can carry scripts; export a PNG instead.",
        ),
        (
            "bomb.png",
            png_claiming(100_000, 100_000),
            "The image has too many pixels; the limit is 40 million. Scale it down first.",
        ),
        (
            "huge.png",
            picture("PNG", size=(8000, 6000)),
            "The image has too many pixels; the limit is 40 million. Scale it down first.",
        ),
        (
            "big.pdf",
            b"%PDF-1.7\n" + bytes(50 * 1024 * 1024),
            "The file is too large (50.0\xa0MB); the limit is 10.0\xa0MB.",
        ),
        (
            "paper.pdf",
            b"<html>not a pdf</html>",
            "The file's name says PDF, but its content is not.",
        ),
        ("run.exe", b"MZ\x90\x00", "Files of this type cannot be uploaded."),
    ],
    ids=["php-renamed-png", "svg", "bomb", "too-many-pixels", "50MB", "fake-pdf", "exe"],
)
def test_refused_uploads_say_why_and_store_nothing(editor_client, settings, name, content, message):
    response = upload(editor_client, name, content)
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["file"][0]
    assert Attachment.objects.count() == 0
    assert stored_files(settings) == []


def notebook():
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {}}).encode()


def zipped():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "x,y\n1,2\n")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("paper.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        ("code.zip", zipped()),
        ("notes.txt", "热传导方程 $u_t = u_{xx}$\n".encode()),
        ("data.csv", "t,x\n0,1.5\n".encode("utf-8-sig")),
        ("analysis.ipynb", notebook()),
    ],
)
def test_allowed_files_are_stored_as_uploaded(editor_client, name, content):
    assert upload(editor_client, name, content).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == Attachment.Kind.FILE
    assert opened(attachment.file) == content
    assert attachment.size == len(content)
    assert attachment.markdown == f"[{Path(name).stem}]({attachment.file.url})"


@pytest.mark.parametrize(
    ("name", "content"),
    [("notes.txt", b"\xff\xfe\x00binary"), ("code.zip", b"PK not really"), ("a.ipynb", b"[]")],
)
def test_files_whose_content_contradicts_their_name_are_refused(editor_client, name, content):
    response = upload(editor_client, name, content)
    assert response.status_code == 200
    assert "but its content is not" in response.context["adminform"].form.errors["file"][0]
    assert Attachment.objects.count() == 0


def test_the_library_shows_a_thumbnail_and_the_markdown_to_copy(editor_client):
    upload(editor_client, "plot.png", picture("PNG"), title="Phase [portrait]")
    attachment = Attachment.objects.get()
    body = editor_client.get(reverse("admin:blog_attachment_changelist")).content.decode()
    assert f'<img src="{attachment.web_file.url}" alt="" class="attachment-thumbnail"' in body
    assert f"![Phase \\[portrait\\]]({attachment.web_file.url})" in body
    change = editor_client.get(reverse("admin:blog_attachment_change", args=[attachment.pk]))
    assert attachment.markdown in change.content.decode()
    found = editor_client.get(reverse("admin:blog_attachment_changelist"), {"q": "portrait"})
    assert list(found.context["cl"].result_list) == [attachment]


def test_deleting_an_attachment_removes_its_files(
    editor_client, settings, django_capture_on_commit_callbacks
):
    upload(editor_client, "plot.png", picture("PNG"))
    attachment = Attachment.objects.get()
    assert len(stored_files(settings)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:blog_attachment_delete", args=[attachment.pk]), {"post": "yes"}
        )
    assert stored_files(settings) == []


@pytest.mark.parametrize("staff", [False, True], ids=["member", "staff-not-editor"])
def test_only_editors_reach_the_upload_page(client, staff):
    member = VerifiedMemberFactory(is_staff=staff)
    client.force_login(member)
    for response in (
        client.get(ADD_URL),
        client.post(ADD_URL, {"file": SimpleUploadedFile("a.png", picture("PNG", size=(9, 9)))}),
    ):
        refused = response.status_code == 403 or (
            response.status_code == 302 and response.url.startswith("/admin/login/")
        )
        assert refused, response.status_code
    assert Attachment.objects.count() == 0


def test_the_editors_group_gets_the_media_permissions_from_migrate():
    granted = Group.objects.get(name=EDITORS).permissions.filter(content_type__app_label="blog")
    codenames = set(granted.values_list("codename", flat=True))
    assert {"add_attachment", "change_attachment", "delete_attachment"} <= codenames
