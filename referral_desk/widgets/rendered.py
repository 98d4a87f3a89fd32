"""A long Rich renderable (a record's details, the keys' list) drawn once for its width.

Textual's Static renders its content again for each question asked of it: once to measure its height,
again for every frame that shows a part of it. The details of a request and the `?` list are Rich tables
whose every line folds Chinese text: drawing them was 10-30 ms each time, three or four times before the
first frame (issue 25). Here the lines are made once per width and style, by the function Textual's own
widgets draw with (the same lines as a Static, tests/test_rendered.py), and every frame copies them.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget


class RenderedOnce(Widget):
    DEFAULT_CSS = "RenderedOnce { height: auto; }"

    def __init__(self, renderable: RenderableType, **kwargs) -> None:
        super().__init__(**kwargs)
        self.renderable = renderable
        # By (width, style): a layout may measure at two widths (with and without the scrollbar's room).
        self._drawn: dict[tuple, list[Strip]] = {}

    def render(self) -> RenderableType:
        return self.renderable

    @property
    def content(self) -> RenderableType:
        """What it shows, as a Static's `content` says."""
        return self.renderable

    def update(self, renderable: RenderableType) -> None:
        """Another content: measured and drawn again."""
        self.renderable = renderable
        self._drawn.clear()
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Strip]:
        style = self.visual_style
        key = (width, style)
        strips = self._drawn.get(key)
        if strips is None:
            if len(self._drawn) >= 4:
                self._drawn.clear()
            strips = self._drawn[key] = Visual.to_strips(self, visualize(self, self.renderable, markup=False),
                                                         width, None, style)
        return strips

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._lines(width)
        return lines[y] if 0 <= y < len(lines) else Strip.blank(width, self.visual_style.rich_style)
