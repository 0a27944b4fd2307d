"""Makes tests/documents/encrypted/sample_aes256.pdf: files/sample.pdf (LibreOffice's PDF of the sample
report) encrypted as publishing tools do — AES-256, an owner password, no open password — with pypdf.

The build reads AES PDFs without the `cryptography` package (importing/crypto_shim.py), so its smoke
test (dev.py) imports this file and requires the same result as from sample.pdf. Run

    .venv/bin/python -m tests.documents.make_encrypted

to remake it (AES draws a random IV: the bytes differ each time, what they decrypt to does not).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "files" / "sample.pdf"
TARGET = HERE / "encrypted" / "sample_aes256.pdf"


def make(source: Path = SOURCE, target: Path = TARGET, algorithm: str = "AES-256") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="", owner_password="nianbao-owner", algorithm=algorithm)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        writer.write(out)
    return target


if __name__ == "__main__":
    print(make())
