"""The bordered boxes the desk's dialogs are drawn in, with their look (keep ids for the tests).

Each carries the `framed` class: the frame every dialog shares is the theme's (styles/app.tcss), its size
the box's own DEFAULT_CSS or its screen's CSS. (Textual inherits DEFAULT_CSS along the first base only, so the
frame cannot be a shared base class.)"""

from __future__ import annotations

from textual.containers import Vertical, VerticalScroll


class FramedBox(Vertical):
    """A dialog's box, sized by its screen's CSS (the roster import, a call's result)."""

    DEFAULT_CLASSES = "framed"


class DetailBox(VerticalScroll):
    """Most of the screen, scrolling: a record's details, the keys' list."""

    DEFAULT_CLASSES = "framed"

    DEFAULT_CSS = "DetailBox { width: 90%; max-width: 110; height: 90%; }"


class DetailFrame(Vertical):
    """As DetailBox, for content that scrolls itself (a table)."""

    DEFAULT_CLASSES = "framed"

    DEFAULT_CSS = "DetailFrame { width: 90%; max-width: 110; height: 90%; }"


class PromptBox(Vertical):
    """A question over the screen: as high as its content. A `.prompt-help` line is muted."""

    DEFAULT_CLASSES = "framed"

    DEFAULT_CSS = """
    PromptBox { width: 70%; max-width: 80; height: auto; }
    PromptBox > .prompt-help { color: $text-muted; }
    """


class FormBox(Vertical):
    """The booking form's box and what is in it, shared by the referral form. The refusals' box is
    form_base.PROBLEM_LINES (+1) high; on a short terminal each form screen's own CSS makes the form and the
    refusals smaller (tests/test_forms_keep_work.py checks the heights)."""

    DEFAULT_CLASSES = "framed"

    DEFAULT_CSS = """
    FormBox { width: 90%; max-width: 96; height: auto; max-height: 94%; }
    FormBox #form-fields { height: auto; max-height: 30; }
    FormBox .form-row { height: 1; margin: 0 0 1 0; }
    FormBox .form-label { width: 10; text-style: bold; }
    FormBox .form-label-wide { text-style: bold; margin: 0 0 0 0; }
    FormBox .form-row Input { width: 1fr; }
    FormBox .form-row Select { width: 1fr; }
    FormBox #booking-specialist { padding: 0 0 0 10; height: auto; margin: 0 0 1 0; }
    FormBox #form-problems { height: auto; max-height: 8; }
    FormBox #eligibility { height: auto; padding: 0 0 0 10; margin: 0 0 1 0; }
    FormBox #quota { height: auto; padding: 0 0 0 10; margin: 0 0 1 0; }
    FormBox #slots { height: auto; padding: 0 0 0 10; margin: 0 0 1 0; }
    FormBox #form-fields Checkbox { margin: 0 0 0 10; }
    FormBox #form-fields .form-row Checkbox { margin: 0 2 0 0; }
    """
