"""The yardstick for start-up: a bare Textual app importing the libraries the desk
imports on its way to the first frame, showing one empty table, and leaving as
soon as it has drawn it. (pypinyin is left out on both sides: the desk loads it
only when it writes a search key.)"""

import time

import platformdirs  # noqa: F401
import pydantic  # noqa: F401
import sqlalchemy  # noqa: F401
import sqlmodel  # noqa: F401
import uuid6  # noqa: F401
from textual.app import App
from textual.widgets import DataTable


class Bare(App):
    def compose(self):
        yield DataTable()

    def on_mount(self) -> None:
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        self.ready_at = time.time()
        self.exit()


if __name__ == "__main__":
    app = Bare()
    app.run(headless=True)
    print(f"READY {app.ready_at:.6f}")
