"""AES-CBC without the `cryptography` package (importing/aes_cbc.py, importing/crypto_shim.py): the build
leaves the package out, so pdfminer decrypts AES PDFs with these. Both engines (OpenSSL through ctypes,
plain Python) must agree with FIPS-197 and with `cryptography`, and encrypted PDFs must read the same
through the shim as through the package."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from importing import aes_cbc
from importing.aes_cbc import AesError, cbc

ROOT = Path(__file__).resolve().parent.parent

#: FIPS-197 appendix C: one block under the key 00 01 … for each key size.
FIPS_PLAIN = bytes.fromhex("00112233445566778899aabbccddeeff")
FIPS = {16: "69c4e0d86a7b0430d8cdb78070b4c55a", 24: "dda97ca4864cdfe06eaf70a0ec0d7191",
        32: "8ea2b7ca516745bfeafc49904b496089"}


def engines() -> list[str]:
    return ["openssl", "python"] if aes_cbc._libcrypto() is not None else ["python"]


def run(engine: str, key: bytes, iv: bytes, data: bytes, encrypt: bool) -> bytes:
    if engine == "python":
        return aes_cbc._python_cbc(key, iv, data, encrypt)
    return cbc(key, iv, data, encrypt=encrypt)


@pytest.mark.parametrize("engine", engines())
@pytest.mark.parametrize("size", sorted(FIPS))
def test_the_fips_197_vectors(engine: str, size: int) -> None:
    key = bytes(range(size))
    cipher = run(engine, key, bytes(16), FIPS_PLAIN, True)  # one block with a zero IV is plain AES
    assert cipher.hex() == FIPS[size]
    assert run(engine, key, bytes(16), cipher, False) == FIPS_PLAIN


@pytest.mark.parametrize("engine", engines())
def test_random_keys_and_data_agree_with_the_cryptography_package(engine: str) -> None:
    rng = random.Random(5)
    for size in (16, 24, 32):
        for blocks in (1, 2, 7, 64):
            key, iv, data = rng.randbytes(size), rng.randbytes(16), rng.randbytes(16 * blocks)
            encrypted = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor().update(data)
            assert run(engine, key, iv, data, True) == encrypted
            assert run(engine, key, iv, encrypted, False) == data


@pytest.mark.parametrize(("key", "iv", "data"), [(bytes(15), bytes(16), b""), (bytes(16), bytes(8), b""),
                                                  (bytes(32), bytes(16), bytes(17))])
def test_wrong_lengths_are_refused(key: bytes, iv: bytes, data: bytes) -> None:
    with pytest.raises(AesError):
        cbc(key, iv, data, encrypt=False)


def test_the_shim_answers_as_pdfminer_asks() -> None:
    from importing.crypto_shim import shim_modules

    modules = shim_modules()
    ciphers = modules["cryptography.hazmat.primitives.ciphers"]
    assert modules["cryptography"].hazmat.primitives.ciphers is ciphers
    key, iv = os.urandom(32), os.urandom(16)
    data = os.urandom(48)
    shimmed = ciphers.Cipher(ciphers.algorithms.AES(key), ciphers.modes.CBC(iv),
                             backend=modules["cryptography.hazmat.backends"].default_backend())
    encryptor = shimmed.encryptor()
    split = encryptor.update(data[:20]) + encryptor.update(data[20:]) + encryptor.finalize()  # any lengths
    assert split == Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor().update(data)
    assert shimmed.decryptor().update(split) == data
    partial = shimmed.encryptor()
    partial.update(data[:20])
    with pytest.raises(AesError):
        partial.finalize()


#: Runs in a child where `cryptography` cannot be imported, as in the build.
WITHOUT_CRYPTOGRAPHY = """
import importlib.abc, json, sys
class Hidden(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "cryptography" or name.startswith("cryptography."):
            raise ModuleNotFoundError(name)
        return None
sys.meta_path.insert(0, Hidden())
sys.path.insert(0, sys.argv[1])
if sys.argv[2] == "python":
    from importing import aes_cbc
    aes_cbc._libcrypto = lambda: None
from importing import crypto_shim
from importing.pdf_reader import open_pdf
from pathlib import Path
document = open_pdf(Path(sys.argv[3]))
shimmed = getattr(sys.modules["cryptography"], crypto_shim.SHIM_MARK, False)
print(json.dumps({"shim": crypto_shim.install(), "module": shimmed,
                  "texts": [b.text for b in document.blocks if hasattr(b, "text")]}, ensure_ascii=False))
"""


def encrypted_pdfs(tmp_path: Path) -> dict[str, Path]:
    """A one-page report PDF (made by reportlab) encrypted by pypdf, as agencies' publishing tools do:
    owner password only (it opens), AES-128 and both AES-256 revisions."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    plain = tmp_path / "plain.pdf"
    canvas = Canvas(str(plain))
    for line, text in enumerate(["Annual report 2024", "Requests received 12", "Decisions 11"]):
        canvas.drawString(72, 760 - 24 * line, text)
    canvas.save()
    made = {"plain": plain}
    for algorithm in ("AES-128", "AES-256-R5", "AES-256"):
        writer = PdfWriter(clone_from=PdfReader(plain))
        writer.encrypt(user_password="", owner_password="owner-secret", algorithm=algorithm)
        path = tmp_path / f"{algorithm}.pdf"
        with open(path, "wb") as out:
            writer.write(out)
        made[algorithm] = path
    return made


def read_without_cryptography(path: Path, engine: str) -> dict:
    done = subprocess.run([sys.executable, "-c", WITHOUT_CRYPTOGRAPHY, str(ROOT), engine, str(path)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("engine", engines())
def test_aes_pdfs_read_the_same_through_the_shim(tmp_path: Path, engine: str) -> None:
    from importing.pdf_reader import open_pdf

    pdfs = encrypted_pdfs(tmp_path)
    expected = [b.text for b in open_pdf(pdfs["plain"]).blocks if hasattr(b, "text")]
    assert expected and "Requests received 12" in " ".join(expected)
    for algorithm in ("AES-128", "AES-256-R5", "AES-256"):
        assert b"/AESV" in pdfs[algorithm].read_bytes()  # really AES, not RC4
        with_package = [b.text for b in open_pdf(pdfs[algorithm]).blocks if hasattr(b, "text")]
        shimmed = read_without_cryptography(pdfs[algorithm], engine)
        assert shimmed["shim"] and shimmed["module"], algorithm
        assert shimmed["texts"] == with_package == expected, algorithm


def test_the_smoke_tests_aes_256_pdf_is_the_sample_pdf_encrypted(tmp_path: Path) -> None:
    """dev.py's smoke test reads it in the build, where only the shim can decrypt it."""
    from importing.pdf_reader import open_pdf
    from tests.documents import make_encrypted

    fixture = make_encrypted.TARGET
    assert b"/AESV3" in fixture.read_bytes() and b"/V 5" in fixture.read_bytes()
    texts = [b.text for b in open_pdf(make_encrypted.SOURCE).blocks if hasattr(b, "text")]
    assert [b.text for b in open_pdf(fixture).blocks if hasattr(b, "text")] == texts
    assert read_without_cryptography(fixture, engines()[0])["texts"] == texts
    remade = make_encrypted.make(target=tmp_path / "again.pdf")  # the generator still works
    assert [b.text for b in open_pdf(remade).blocks if hasattr(b, "text")] == texts
