"""Marks for tests that need something only some machines have."""

from __future__ import annotations

import pytest

from referral_desk.files.slip_pdf import find_font


def _has_font() -> bool:
    try:
        find_font()
    except Exception:
        return False
    return True


needs_font = pytest.mark.skipif(not _has_font(), reason="no Chinese font on this machine (.ci/run installs one)")
