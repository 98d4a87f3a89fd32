"""How the desk runs work off the UI thread: Textual workers that never end the app, and whose failures
all end in one place, the app's `WorkerEnded` handler (App.worker_ended says it in words).

`@desk_work(...)` stands for Textual's `@work(...)` and `run_desk_worker(node, fn, ...)` for
`node.run_worker(fn, ...)` (what `@work` itself calls). The worker runs with `exit_on_error=False`
(Textual's public switch: a failed worker is not the app's end); an exception it raises is posted to the
app as a typed message, then raised on, so the worker still ends in its ERROR state for whoever waits on
it. The app is told, not the node that started the work: a form closed before its save failed has no
screen left to hear of it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import NoActiveWorker, Worker, get_current_worker

if TYPE_CHECKING:
    from textual.app import App


class WorkerEnded(Message):
    """A desk worker raised `error` (a refusal to say, or a failure): posted to the app."""

    def __init__(self, error: Exception, worker: Worker[Any] | None) -> None:
        super().__init__()
        self.error = error
        self.worker = worker


def _current_worker() -> Worker[Any] | None:
    try:
        return get_current_worker()
    except NoActiveWorker:
        return None


def _telling(app: App[Any], fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn`, posting what it raises to `app` (captured on the UI thread: a closed screen has no app to find
    from the worker's thread)."""
    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            try:
                return await fn(*args, **kwargs)
            except Exception as error:
                app.post_message(WorkerEnded(error, _current_worker()))
                raise

        return run_async

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as error:
            app.post_message(WorkerEnded(error, _current_worker()))  # thread-safe
            raise

    return run


def run_desk_worker(node: DOMNode, fn: Callable[..., Any] | Awaitable[Any], **options: Any) -> Worker[Any]:
    """`node.run_worker(fn, **options)` (a function, or an awaitable), its failures told to the app. A worker
    without a description is described by nothing (Textual's default quotes the arguments: patient data)."""
    if inspect.isawaitable(fn):
        awaitable = fn

        async def awaiting() -> Any:
            return await awaitable

        fn = awaiting
    options.setdefault("description", "")
    return node.run_worker(_telling(node.app, fn), exit_on_error=False, **options)


def desk_work(**options: Any) -> Callable[[Callable[..., Any]], Callable[..., Worker[Any]]]:
    """Like Textual's `@work(**options)` on a method of a screen, a widget or the app, its failures told to
    the app."""

    def decorate(method: Callable[..., Any]) -> Callable[..., Worker[Any]]:
        @functools.wraps(method)
        def start(node: DOMNode, *args: Any, **kwargs: Any) -> Worker[Any]:
            named = {"name": method.__name__, **options}
            return run_desk_worker(node, functools.partial(method, node, *args, **kwargs), **named)

        return start

    return decorate
