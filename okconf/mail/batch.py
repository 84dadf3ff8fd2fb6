"""What the mails of one worker batch share is read once for the batch.

The worker renders a batch of mails (OUTBOX_BATCH_SIZE, a second or so of sending) one after
the other, and most of them are about the same conference: the organisers' introduction to the
confirmation, the conference's reimbursement offer and so on are the same for every one. Inside
`rendering_batch()` (the worker opens one around each batch) `once_per_batch(key, compute)`
computes a value the first time its key is asked for and gives it back after that; outside a
batch (a web request, a preview) it just computes. A change an organiser makes meanwhile reaches
the next batch, as it would have reached a mail sent a second later. Only plain values belong in
it, never ORM objects (the worker commits after every mail, which expires them). Each sending
thread has its own batch (a context variable).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_batch: ContextVar[dict | None] = ContextVar("okconf_mail_batch", default=None)


@contextmanager
def rendering_batch() -> Iterator[None]:
    """Within it, once_per_batch computes each key once."""
    token = _batch.set({})
    try:
        yield
    finally:
        _batch.reset(token)


def once_per_batch(key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), or, inside a batch, what it gave the first time for this key."""
    cache = _batch.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]
