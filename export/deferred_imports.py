"""Import-time work of third-party modules that nianbao's PDFs never use, moved to first use (issue 18).

- reportlab.platypus.paragraph compiles, when imported, a URL pattern (`uri_pat`) that only Paragraph's
  splitting of long words reads. nianbao lays out its own text and never builds a Paragraph, but every
  `import reportlab.platypus` imports the module, and the pattern — case-insensitive over \\xa1-\\uffff —
  costs about 320 M instructions, 14 % of a whole `export --pdf` process. `defer_reportlab_patterns()`
  (export/__init__.py) has it compiled on its first use instead: the same pattern, the same flags.
- reportlab.lib.utils imports PIL.Image, for images a PDF may embed; nianbao's PDFs embed none (the charts
  are vector drawings), and Pillow's C core with its codec libraries costs 10 to 15 ms. `defer_pillow()`
  registers PIL.Image as a lazy module (the standard library's importlib.util.LazyLoader) for the
  single-threaded command line only: on Python 3.11 a lazy module is not safe to first use from two
  threads at once, and the window renders and imports on worker threads.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

#: The module whose import compiles the pattern, and the pattern's flags there.
PARAGRAPH_MODULE = "reportlab.platypus.paragraph"
URI_PATTERN_FLAGS = re.IGNORECASE
#: How the pattern starts (reportlab 4 and 5): only a pattern so made is deferred.
URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"


class DeferredPattern:
    """A compiled pattern made on its first use; every attribute is the real pattern's."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def compiled(self) -> re.Pattern[str]:
        with self._lock:
            if self._compiled is None:
                self._compiled = re.compile(*self._source)
            return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"DeferredPattern({self._source[0][:40]!r}…, compiled={self._compiled is not None})"


def _compile_deferring_uri(original: Any) -> Any:
    def compile_(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(URI_PATTERN_START) and flags == URI_PATTERN_FLAGS:
            return DeferredPattern(pattern, flags)
        return original(pattern, flags)
    return compile_


# The loader and the finder follow importlib's protocols without importlib.abc's base classes: importing
# importlib.abc costs 16 ms (it loads importlib.resources), more than is saved.
class _DeferringLoader:
    """Runs the paragraph module with re.compile deferring the URL pattern, and only while it runs."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def __getattr__(self, name: str) -> Any:  # get_source, get_code, is_package…: the wrapped loader's
        return getattr(self.loader, name)

    def exec_module(self, module: ModuleType) -> None:
        original = re.compile
        re.compile = _compile_deferring_uri(original)
        try:
            self.loader.exec_module(module)
        finally:
            re.compile = original


class _ParagraphFinder:
    """Finds reportlab.platypus.paragraph as the finders after it do (a venv or the frozen build), and
    wraps its loader; every other module is left to them."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != PARAGRAPH_MODULE:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _DeferringLoader(spec.loader)  # type: ignore[assignment]
                return spec
        return None


_FINDER = _ParagraphFinder()


def defer_reportlab_patterns() -> None:
    """Have reportlab's URL pattern compiled on first use (once per process; nothing if already imported)."""
    if PARAGRAPH_MODULE not in sys.modules and _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def defer_pillow() -> bool:
    """Register PIL.Image as a lazy module unless it is loaded already or Pillow is missing; whether it did."""
    if "PIL.Image" in sys.modules:
        return False
    spec = importlib.util.find_spec("PIL.Image")  # imports the small PIL package itself
    if spec is None or spec.loader is None:
        return False
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    spec.loader.exec_module(module)
    setattr(sys.modules["PIL"], "Image", module)  # noqa: B010 - as a finished import of PIL.Image leaves it
    return True
