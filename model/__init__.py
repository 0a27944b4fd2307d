"""The domain of nianbao: the report, the templates as data, the checks, the project file.

Pure Python: nothing here imports Qt or a file-format library (tests/test_model_purity.py).
"""

APP_NAME = "年报编制助手"
APP_ID = "nianbao"
#: The one statement of the version: pyproject.toml reads it, and so does the frozen app (no package metadata).
__version__ = "0.1.0"
