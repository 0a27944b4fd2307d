"""AES in CBC mode, without padding: all pdfminer asks of the `cryptography` package.

pdfminer imports `cryptography` at module level to decrypt AES-encrypted PDFs (published PDFs often
carry an owner password); the package is 11 MB of the 130 MB build for these few calls. The build
leaves it out (build.spec) and `importing/crypto_shim.py` hands pdfminer this module instead:

- OpenSSL's libcrypto through ctypes: on Linux the system's (every desktop has libcrypto.so.3 or, on
  Kylin V10 and UOS 20, .so.1.1; the build leaves its own copy out, see build.spec), elsewhere the copy
  Python's hashlib loaded, where there is one;
- else a plain Python AES (FIPS-197), slow (about 120 KB a second here: seconds for a large PDF) but
  exact, so that a PDF still opens where no libcrypto can be found.

tests/test_aes_cbc.py checks both against `cryptography` on random keys and data, and the PDF reader
on AES-128 and AES-256 PDFs with the shim in place of the package.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from functools import cache

BLOCK = 16


class AesError(ValueError):
    pass


def _check(key: bytes, iv: bytes, data: bytes) -> None:
    if len(key) not in (16, 24, 32):
        raise AesError(f"AES 密钥长度无效：{len(key)} 字节")
    if len(iv) != BLOCK:
        raise AesError(f"AES 初始向量长度无效：{len(iv)} 字节")
    if len(data) % BLOCK:
        raise AesError(f"AES-CBC 数据长度不是 16 的倍数：{len(data)} 字节")


def cbc(key: bytes, iv: bytes, data: bytes, *, encrypt: bool) -> bytes:
    """AES-CBC of `data` (a multiple of 16 bytes) with no padding added or removed."""
    _check(key, iv, data)
    if not data:
        return b""
    library = _libcrypto()
    if library is not None:
        result = _openssl_cbc(library, key, iv, data, encrypt)
        if result is not None:
            return result
    return _python_cbc(key, iv, data, encrypt)


# --- OpenSSL through ctypes ----------------------------------------------------------------------

def _library_names() -> list[str]:
    if sys.platform == "win32":
        return ["libcrypto-3-x64.dll", "libcrypto-3.dll", "libcrypto-3-arm64.dll", "libcrypto-1_1-x64.dll",
                "libcrypto-1_1.dll"]
    if sys.platform == "darwin":
        return ["libcrypto.3.dylib", "libcrypto.dylib"]
    return ["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"]


@cache
def _libcrypto() -> ctypes.CDLL | None:
    """libcrypto: the copy Python's hashlib has loaded, if any, else the system's by name."""
    with contextlib.suppress(ImportError):
        import _hashlib  # noqa: F401 - loads the bundled libcrypto, which the names below then find
    found = ctypes.util.find_library("crypto")
    for name in [*_library_names(), *([found] if found else [])]:
        try:
            library = ctypes.CDLL(name)
            _declare(library)
        except (OSError, AttributeError):
            continue
        return library
    return None


def _declare(library: ctypes.CDLL) -> None:
    pointer, integer = ctypes.c_void_p, ctypes.c_int
    library.EVP_CIPHER_CTX_new.restype = pointer
    library.EVP_CIPHER_CTX_new.argtypes = []
    library.EVP_CIPHER_CTX_free.restype = None
    library.EVP_CIPHER_CTX_free.argtypes = [pointer]
    for bits in (128, 192, 256):
        function = getattr(library, f"EVP_aes_{bits}_cbc")
        function.restype = pointer
        function.argtypes = []
    library.EVP_CipherInit_ex.restype = integer
    library.EVP_CipherInit_ex.argtypes = [pointer, pointer, pointer, ctypes.c_char_p, ctypes.c_char_p, integer]
    library.EVP_CIPHER_CTX_set_padding.restype = integer
    library.EVP_CIPHER_CTX_set_padding.argtypes = [pointer, integer]
    library.EVP_CipherUpdate.restype = integer
    library.EVP_CipherUpdate.argtypes = [pointer, ctypes.c_char_p, ctypes.POINTER(integer), ctypes.c_char_p,
                                         integer]
    library.EVP_CipherFinal_ex.restype = integer
    library.EVP_CipherFinal_ex.argtypes = [pointer, ctypes.c_char_p, ctypes.POINTER(integer)]


def _openssl_cbc(library: ctypes.CDLL, key: bytes, iv: bytes, data: bytes, encrypt: bool) -> bytes | None:
    """None when OpenSSL refuses (then the Python AES answers)."""
    context = library.EVP_CIPHER_CTX_new()
    if not context:
        return None
    try:
        cipher = getattr(library, f"EVP_aes_{len(key) * 8}_cbc")()
        if library.EVP_CipherInit_ex(context, cipher, None, key, iv, 1 if encrypt else 0) != 1:
            return None
        library.EVP_CIPHER_CTX_set_padding(context, 0)
        out = ctypes.create_string_buffer(len(data) + BLOCK)
        written, final = ctypes.c_int(0), ctypes.c_int(0)
        if library.EVP_CipherUpdate(context, out, ctypes.byref(written), data, len(data)) != 1:
            return None
        tail = ctypes.create_string_buffer(BLOCK)
        if library.EVP_CipherFinal_ex(context, tail, ctypes.byref(final)) != 1:
            return None
        return out.raw[:written.value] + tail.raw[:final.value]
    finally:
        library.EVP_CIPHER_CTX_free(context)


# --- plain Python AES (FIPS-197) -----------------------------------------------------------------

def _xtime(value: int) -> int:
    value <<= 1
    return (value ^ 0x11B) if value & 0x100 else value


def _multiply(a: int, b: int) -> int:
    product = 0
    while b:
        if b & 1:
            product ^= a
        a, b = _xtime(a), b >> 1
    return product


@cache
def _tables() -> tuple[list[int], list[int]]:
    """The S-box and its inverse, computed (multiplicative inverse in GF(2^8), then the affine map)."""
    inverse = [0] * 256
    for value in range(1, 256):
        for candidate in range(1, 256):
            if _multiply(value, candidate) == 1:
                inverse[value] = candidate
                break
    sbox = [0] * 256
    for value in range(256):
        b = inverse[value]
        s = b
        for shift in range(1, 5):
            s ^= ((b << shift) | (b >> (8 - shift))) & 0xFF
        sbox[value] = s ^ 0x63
    inverse_sbox = [0] * 256
    for value, substituted in enumerate(sbox):
        inverse_sbox[substituted] = value
    return sbox, inverse_sbox


def _round_keys(key: bytes) -> list[list[int]]:
    """The expanded key as 4(rounds + 1) words, grouped in round keys of 16 bytes."""
    sbox, _inverse = _tables()
    words_in_key = len(key) // 4
    rounds = words_in_key + 6
    words = [list(key[4 * i:4 * i + 4]) for i in range(words_in_key)]
    constant = 1
    for index in range(words_in_key, 4 * (rounds + 1)):
        word = list(words[index - 1])
        if index % words_in_key == 0:
            word = [sbox[b] for b in word[1:] + word[:1]]
            word[0] ^= constant
            constant = _xtime(constant)
        elif words_in_key > 6 and index % words_in_key == 4:
            word = [sbox[b] for b in word]
        words.append([a ^ b for a, b in zip(words[index - words_in_key], word, strict=True)])
    return [[b for word in words[4 * r:4 * r + 4] for b in word] for r in range(rounds + 1)]


@cache
def _products(factor: int) -> list[int]:
    return [_multiply(value, factor) for value in range(256)]


def _mix_state(state: list[int], factors: tuple[int, int, int, int]) -> list[int]:
    """(Inv)MixColumns: each column times the circulant matrix whose first row is `factors`."""
    tables = [_products(factor) for factor in factors]
    out = []
    for c in range(0, 16, 4):
        column = state[c:c + 4]
        out += [tables[(0 - row) % 4][column[0]] ^ tables[(1 - row) % 4][column[1]]
                ^ tables[(2 - row) % 4][column[2]] ^ tables[(3 - row) % 4][column[3]] for row in range(4)]
    return out


def _encrypt_block(block: list[int], keys: list[list[int]]) -> list[int]:
    sbox, _inverse = _tables()
    state = [b ^ k for b, k in zip(block, keys[0], strict=True)]
    for round_number in range(1, len(keys)):
        state = [sbox[b] for b in state]
        state = [state[(i + 4 * (i % 4)) % 16] for i in range(16)]  # ShiftRows (column-major state)
        if round_number != len(keys) - 1:
            state = _mix_state(state, (2, 3, 1, 1))
        state = [b ^ k for b, k in zip(state, keys[round_number], strict=True)]
    return state


def _decrypt_block(block: list[int], keys: list[list[int]]) -> list[int]:
    _sbox, inverse = _tables()
    last = len(keys) - 1
    state = [b ^ k for b, k in zip(block, keys[last], strict=True)]
    for round_number in range(last - 1, -1, -1):
        state = [state[(i - 4 * (i % 4)) % 16] for i in range(16)]  # InvShiftRows
        state = [inverse[b] for b in state]
        state = [b ^ k for b, k in zip(state, keys[round_number], strict=True)]
        if round_number != 0:
            state = _mix_state(state, (14, 11, 13, 9))
    return state


def _python_cbc(key: bytes, iv: bytes, data: bytes, encrypt: bool) -> bytes:
    keys = _round_keys(key)
    previous = list(iv)
    out = bytearray()
    step: Callable[[list[int], list[list[int]]], list[int]] = _encrypt_block if encrypt else _decrypt_block
    for start in range(0, len(data), BLOCK):
        block = list(data[start:start + BLOCK])
        if encrypt:
            previous = step([a ^ b for a, b in zip(block, previous, strict=True)], keys)
            out += bytes(previous)
        else:
            plain = step(block, keys)
            out += bytes(a ^ b for a, b in zip(plain, previous, strict=True))
            previous = block
    return bytes(out)
