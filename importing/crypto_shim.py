"""What pdfminer imports from `cryptography`, answered by importing/aes_cbc.py when the package is absent.

pdfminer.pdfdocument does, at module level,

    from cryptography.hazmat.backends import default_backend
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

and uses `Cipher(algorithms.AES(key), modes.CBC(iv), backend=...)` with `.decryptor().update(data)` and
`.encryptor().update(data) + .finalize()`: AES-CBC, no padding. The build leaves the 11 MB package out
(build.spec, issue 18), so `install()` (called before pdfminer is imported) registers modules of those
names with exactly that much — only when the real package cannot be imported, so development and the
tests with `cryptography` installed use it.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from typing import Any

from importing.aes_cbc import BLOCK, AesError, cbc

#: The modules pdfminer imports from.
MODULES = ("cryptography", "cryptography.hazmat", "cryptography.hazmat.backends", "cryptography.hazmat.primitives",
           "cryptography.hazmat.primitives.ciphers")
SHIM_MARK = "__nianbao_shim__"


class _AES:
    name = "AES"
    block_size = BLOCK * 8

    def __init__(self, key: bytes) -> None:
        if len(key) not in (16, 24, 32):
            raise ValueError(f"Invalid key size ({len(key) * 8}) for AES.")
        self.key = bytes(key)


class _CBC:
    name = "CBC"

    def __init__(self, initialization_vector: bytes) -> None:
        self.initialization_vector = bytes(initialization_vector)


class _Context:
    """`update` may be called with any lengths (pdfminer passes whole blocks); the blocks go through
    in order, chained, and `finalize` refuses a partial block as `cryptography` does without padding."""

    def __init__(self, key: bytes, iv: bytes, encrypt: bool) -> None:
        self._key, self._chain, self._encrypt, self._pending = key, iv, encrypt, b""

    def update(self, data: bytes) -> bytes:
        data = self._pending + bytes(data)
        whole = len(data) - len(data) % BLOCK
        self._pending = data[whole:]
        if not whole:
            return b""
        out = cbc(self._key, self._chain, data[:whole], encrypt=self._encrypt)
        self._chain = (out if self._encrypt else data[:whole])[-BLOCK:]
        return out

    def finalize(self) -> bytes:
        if self._pending:
            raise AesError("AES-CBC 数据长度不是 16 的倍数")
        return b""


class _Cipher:
    def __init__(self, algorithm: _AES, mode: _CBC, backend: Any = None) -> None:
        if not isinstance(algorithm, _AES) or not isinstance(mode, _CBC):
            raise TypeError("only AES-CBC")
        self.algorithm, self.mode = algorithm, mode

    def decryptor(self) -> _Context:
        return _Context(self.algorithm.key, self.mode.initialization_vector, encrypt=False)

    def encryptor(self) -> _Context:
        return _Context(self.algorithm.key, self.mode.initialization_vector, encrypt=True)


def _default_backend() -> None:
    return None


def shim_modules() -> dict[str, types.ModuleType]:
    made = {name: types.ModuleType(name, "nianbao: AES-CBC for pdfminer (importing/crypto_shim.py)")
            for name in MODULES}
    for module in made.values():
        setattr(module, SHIM_MARK, True)
    made["cryptography.hazmat.backends"].default_backend = _default_backend  # type: ignore[attr-defined]
    ciphers = made["cryptography.hazmat.primitives.ciphers"]
    ciphers.Cipher = _Cipher  # type: ignore[attr-defined]
    ciphers.algorithms = types.SimpleNamespace(AES=_AES)  # type: ignore[attr-defined]
    ciphers.modes = types.SimpleNamespace(CBC=_CBC)  # type: ignore[attr-defined]
    for name in MODULES[1:]:
        parent, _dot, child = name.rpartition(".")
        setattr(made[parent], child, made[name])
    return made


def install() -> bool:
    """Registers the stand-in modules unless `cryptography` can be imported; whether it did."""
    if "cryptography" in sys.modules:
        return bool(getattr(sys.modules["cryptography"], SHIM_MARK, False))
    try:
        if importlib.util.find_spec("cryptography") is not None:
            return False
    except (ImportError, ValueError):
        pass
    sys.modules.update(shim_modules())
    return True
