"""Agency names as the batch matches them: one spelling for the ways one body's name is written.

A hierarchy file says 「某某市政府」 where the report says 「某某市 人民政府」, or 「某某区（开发区）」 with
half-width brackets. The key keeps apart what are different bodies: 「某某市人民政府办公室」 is the
government's office, not the government.
"""

from __future__ import annotations

import re
import unicodedata

_WHITE_SPACE = re.compile(r"\s+")
#: Bracket forms published names use, after NFKC (which already folds （） to ()).
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "[": "(", "]": ")", "〈": "(", "〉": ")"})
#: 「政府」 not preceded by 「人民」: the short form of 人民政府 (市政府 = 市人民政府, 市政府办公室 = 市人民政府办公室).
_SHORT_GOVERNMENT = re.compile(r"(?<!人民)政府")


def normalise_agency(name: str) -> str:
    """The matching key of an agency name: NFKC, no white space, one form of brackets, 政府 as 人民政府.

    Only the spelling is folded; every word that names another body (办公室, 局, 街道办事处) stays."""
    text = _WHITE_SPACE.sub("", unicodedata.normalize("NFKC", name)).translate(_BRACKETS)
    return _SHORT_GOVERNMENT.sub("人民政府", text).casefold()
