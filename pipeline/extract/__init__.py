"""Release body -> figures: the pure extraction stage (rules live in lexicons/*.yaml)."""

from pipeline.extract.core import extract_figures
from pipeline.extract.figure import Figure

EXTRACTOR_VERSION = "extract-0.4.0"

__all__ = ["EXTRACTOR_VERSION", "Figure", "extract_figures"]
