"""The preview's typing pause, importable without loading QtPdf."""

#: Typing pause after which the preview is regenerated (milliseconds).
PAUSE_MS = 300
