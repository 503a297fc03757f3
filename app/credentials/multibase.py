"""The few multiformats pieces Data Integrity needs: base58-btc multibase and Multikey."""

from __future__ import annotations

import base64

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub (0xed), varint-encoded


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = ALPHABET[rest] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = ALPHABET.find(char)
        if index < 0:
            raise ValueError("not base58")
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode_btc(data: bytes) -> str:
    """Multibase base58-btc (prefix ``z``)."""
    return "z" + b58encode(data)


def decode_btc(text: str) -> bytes:
    if not text.startswith("z"):
        raise ValueError("not a base58-btc multibase value")
    return b58decode(text[1:])


def encode_base64url(data: bytes) -> str:
    """Multibase base64url without padding (prefix ``u``)."""
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def decode_base64url(text: str) -> bytes:
    if not text.startswith("u"):
        raise ValueError("not a base64url multibase value")
    body = text[1:]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def multikey_from_ed25519(public_raw: bytes) -> str:
    return encode_btc(ED25519_PUB_PREFIX + public_raw)


def ed25519_from_multikey(value: str) -> bytes:
    raw = decode_btc(value)
    if not raw.startswith(ED25519_PUB_PREFIX) or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return raw[2:]
