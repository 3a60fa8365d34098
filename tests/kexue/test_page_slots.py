"""A page stored at its slots (kexue/page_slots.py): every join is valid gzip of the right page."""

import gzip
import random
import zlib

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from kexue.page_slots import SlotMarks, multiply, power_of_x, split


@pytest.mark.parametrize("length", [0, 1, 7, 4096, 100_003])
def test_crcs_combine_as_zlib_computes_them(length):
    first, second = random.randbytes(61), random.randbytes(length)
    combined = multiply(power_of_x(8 * length), zlib.crc32(first)) ^ zlib.crc32(second)
    assert combined == zlib.crc32(first + second)


def test_any_fills_of_any_length_make_the_page_they_say():
    marks, chance = SlotMarks(), random.Random(16)
    words = ["".join(chance.choices("abcdefgh<>/ ", k=chance.randint(1, 9))) for _ in range(300)]

    def text(most):
        return " ".join(chance.choices(words, k=chance.randint(0, most)))

    for _trial in range(200):
        marked = shared = personal = text(400)
        fills = {}
        for index in range(chance.randint(0, 6)):
            anonymous, after = text(50), text(300)
            own = text(80) if chance.random() < 0.7 else None
            marked += marks.wrap("member-nav", [str(index)], anonymous) + after
            shared += anonymous + after
            personal += (anonymous if own is None else own) + after
            if own is not None:
                fills[2 * index + 1] = own.encode()
        stored, plain = split(marked.encode(), marks, 200, [])
        assert plain == shared.encode() == gzip.decompress(stored.body)
        assert gzip.decompress(stored.filled(fills)) == personal.encode()


def test_slots_are_found_with_their_arguments_and_only_with_this_renders_nonce():
    marks, other = SlotMarks(), SlotMarks()
    page = (f"<p>a</p>{marks.wrap('follow', ['12'], '<p>guest</p>')}"
            f"{other.wrap('messages', [], 'kept')}<p>b</p>").encode()  # fmt: skip
    stored, plain = split(page, marks, 200, [("Content-Type", "text/html")])
    assert [(piece.slot, piece.args) for piece in stored.slots] == [("follow", ("12",))]
    assert plain.startswith(b"<p>a</p><p>guest</p><!--kexue-slot ")  # another nonce: text


def test_an_argument_that_is_not_a_plain_word_is_refused():
    with pytest.raises(ValueError, match="plain word"):
        SlotMarks().wrap("subscribe", ["a-->b"], "")


def test_the_slot_tag_marks_only_a_render_for_the_shared_cache():
    template = Template('{% load page_slots %}<b>{% slot "follow" pk %}mine{% endslot %}</b>')
    request = RequestFactory().get("/")
    assert template.render(Context({"request": request, "pk": 3})) == "<b>mine</b>"
    request.page_slots = SlotMarks()
    marked = template.render(Context({"request": request, "pk": 3}))
    assert marked == f"<b>{request.page_slots.wrap('follow', ['3'], 'mine')}</b>"
    assert request.page_slots.strip(marked.encode()) == b"<b>mine</b>"


def test_a_slot_inside_a_cached_fragment_is_refused():
    with pytest.raises(TemplateSyntaxError, match="inside"):
        Template(
            '{% load cache page_slots %}{% cache 60 f %}{% slot "x" %}{% endslot %}{% endcache %}'
        )
