"""A long Rich renderable drawn once for its width (widgets/rendered.py, issue 25: the details and the
`?` list were drawn three or four times before their first frame)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Static

from referral_desk.widgets.rendered import RenderedOnce


def _table(rows: int) -> Table:
    table = Table(title="本屏按键", title_justify="left", show_edge=False, header_style="bold")
    table.add_column("按键", no_wrap=True)
    table.add_column("作用", overflow="fold")
    for n in range(rows):
        what = "撤销本人2分钟内的上一项更改（审核、拒绝、约定时间、催办记录、床位预留/需协调/取消）"
        table.add_row(f"k{n}", what * (n % 3 + 1))
    return table


class _Both(App):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self):
        with VerticalScroll():
            yield self.widget


async def _lines(widget, size=(60, 50)) -> tuple[list[str], int]:
    app = _Both(widget)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        return [strip.text for strip in strips], widget.size.height


async def test_it_looks_as_a_static_and_is_as_high():
    for content in (_table(12), Text("正在读取…"), Text("很长的一行" * 40, overflow="fold")):
        ours, high = await _lines(RenderedOnce(content))
        theirs, their_high = await _lines(Static(content))
        assert ours == theirs and high == their_high


async def test_it_is_drawn_once_for_a_width_and_again_for_another_or_new_content(monkeypatch):
    widget = RenderedOnce(_table(30))
    content = _table(30)
    drawn: list[int] = []
    app = _Both(widget)
    async with app.run_test(size=(60, 20)) as pilot:
        import referral_desk.widgets.rendered as rendered

        original = rendered.visualize

        def counting(widget_, obj, markup=True):
            if obj is content:
                drawn.append(widget_.size.width)
            return original(widget_, obj, markup=markup)

        monkeypatch.setattr(rendered, "visualize", counting)
        widget.update(content)
        await pilot.pause()
        for _ in range(5):  # scrolled: every frame copies the lines drawn
            app.query_one(VerticalScroll).scroll_down(animate=False)
            await pilot.pause()
        assert len(drawn) <= 2  # measured for its width, perhaps again for the scrollbar's room; not per frame
        before = len(drawn)
        await pilot.resize_terminal(80, 20)
        await pilot.pause()
        assert before < len(drawn) <= before + 2
