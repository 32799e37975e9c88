"""The language of a new customer's first message: the detector lives in
`frontdesk.core.languages` so every channel uses the same one (L2)."""

from __future__ import annotations

from frontdesk.core.languages import MIN_CONFIDENCE, MIN_LETTERS, detect_language, supported_codes

__all__ = ["MIN_CONFIDENCE", "MIN_LETTERS", "detect_language", "supported_codes"]
