"""A page stored once for everyone, with slots for what is personal.

A page rendered for the shared cache marks each personal part (the header's
name, the comment form, messages…) with a slot: an HTML comment carrying a
nonce drawn for that one render, the slot's name and its arguments, around
what an anonymous reader sees there. User text never makes such a comment
(bleach strips comments, templates escape `<`), and could not guess the nonce
if it did.

The stored copy is split at the slots and gzipped in one stream, flushed to
a byte at each boundary and reset after each slot: each piece is then a run
of whole deflate blocks, and none refers back past a slot, so a slot's
blocks can be swapped for others (compressed apart) in a valid stream. An
anonymous reader gets the stored gzip body as it is; a member gets the same
bytes with their own fills compressed in between, and the CRC-32 that gzip
ends with is combined from each stored piece's CRC and length rather than
read again from the page: a fill is a join.
"""

import re
import secrets
import struct
import zlib
from dataclasses import dataclass

from django.utils.safestring import mark_safe

LEVEL = 6
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time
FINAL_BLOCK = b"\x03\x00"  # an empty last block of fixed Huffman codes
ARGUMENT = re.compile(r"[\w.-]*")


class SlotMarks:
    """The markers of one shared render."""

    def __init__(self):
        self.nonce = secrets.token_hex(12)
        self.found = re.compile(
            rf"<!--kexue-slot {self.nonce} ([a-z-]+)((?: [\w.-]*)*)-->(.*?)"
            rf"<!--kexue-slot {self.nonce} end-->".encode(),
            re.S,
        )

    def wrap(self, name, args, html):
        for arg in args:
            if not ARGUMENT.fullmatch(arg):
                raise ValueError(f"slot {name}: argument {arg!r} is not a plain word")
        words = "".join(f" {arg}" for arg in args)
        return mark_safe(  # noqa: S308 - our marker around already rendered HTML
            f"<!--kexue-slot {self.nonce} {name}{words}-->{html}<!--kexue-slot {self.nonce} end-->"
        )

    def strip(self, content):
        """The page as an anonymous reader sees it: the markers gone, their content kept."""
        return self.found.sub(rb"\3", content)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the stored body: bytes [start, end) of the gzip body, the
    deflate blocks of `length` bytes of page whose CRC-32 is `crc`; `shift` is
    x^(8·length) mod the CRC polynomial, what combining with it multiplies by."""

    start: int
    end: int
    length: int
    crc: int
    shift: int
    slot: str = ""
    args: tuple = ()


@dataclass(frozen=True, slots=True)
class StoredPage:
    status: int
    headers: tuple  # (name, value) pairs of the shared render
    body: bytes  # the anonymous page, gzipped
    pieces: tuple  # Piece, in page order

    @property
    def slots(self):
        return [piece for piece in self.pieces if piece.slot]

    def filled(self, fills):
        """The gzip body with `fills[i]` (bytes) in place of the i-th piece;
        pieces without a fill keep the shared bytes."""
        body = memoryview(self.body)
        out, crc, size, packer = [GZIP_HEADER], 0, 0, None
        for index, piece in enumerate(self.pieces):
            fill = fills.get(index)
            if fill is None:
                out.append(body[piece.start : piece.end])
                crc = multiply(piece.shift, crc) ^ piece.crc
                size += piece.length
                continue
            packer = packer or zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
            out.append(packer.compress(fill) + packer.flush(zlib.Z_FULL_FLUSH))
            crc = zlib.crc32(fill, crc)
            size += len(fill)
        out.append(FINAL_BLOCK + struct.pack("<II", crc, size & 0xFFFFFFFF))
        return b"".join(out)


def split(content, marks, status, headers):
    """The StoredPage of a shared render (`content`: its bytes, with markers),
    and the page without markers."""
    parts, at = [], 0
    for found in marks.found.finditer(content):
        parts.append((content[at : found.start()], "", ()))
        args = tuple(arg.decode() for arg in found.group(2).split())
        parts.append((found.group(3), found.group(1).decode(), args))
        at = found.end()
    parts.append((content[at:], "", ()))
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    chunks, pieces, offset = [GZIP_HEADER], [], len(GZIP_HEADER)
    for text, slot, args in parts:
        # After a slot, forget: what follows may not point back past a part
        # that a fill replaces with one of another length. Elsewhere only end
        # on a byte, so a slot's shared content may point into the page before.
        flush = zlib.Z_FULL_FLUSH if slot else zlib.Z_SYNC_FLUSH
        chunk = packer.compress(text) + packer.flush(flush)
        chunks.append(chunk)
        pieces.append(
            Piece(
                offset,
                offset + len(chunk),
                len(text),
                zlib.crc32(text),
                power_of_x(8 * len(text)),
                slot,
                args,
            )  # fmt: skip
        )
        offset += len(chunk)
    plain = b"".join(text for text, _, _ in parts)
    chunks.append(FINAL_BLOCK + struct.pack("<II", zlib.crc32(plain), len(plain) & 0xFFFFFFFF))
    return StoredPage(status, tuple(headers), b"".join(chunks), tuple(pieces)), plain


# CRC-32 arithmetic, as zlib's crc32_combine does it: polynomials over GF(2)
# in reflected bit order (the highest bit is x^0). The CRC of A+B is
# CRC(A)·x^(8·len(B)) + CRC(B), so a stored piece needs only its CRC and the
# power of x its length stands for.
POLYNOMIAL = 0xEDB88320


def multiply(a, b):
    """a·b modulo the CRC polynomial."""
    product, bit = 0, 1 << 31
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ POLYNOMIAL if b & 1 else b >> 1
    return product


def _squares():
    powers, power = [], 1 << 30  # x^1
    for _ in range(64):
        powers.append(power)
        power = multiply(power, power)
    return powers


X_TO_TWO_TO_THE = _squares()  # x^(2^k)


def power_of_x(exponent):
    """x^exponent modulo the CRC polynomial."""
    result, k = 1 << 31, 0  # x^0
    while exponent:
        if exponent & 1:
            result = multiply(X_TO_TWO_TO_THE[k], result)
        exponent >>= 1
        k += 1
    return result
