"""SQLite write transactions queue on a file lock (provisor.store.writers)."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from provisor.store import make_engine
from provisor.store.engine import begin, release_writer, writer_queue
from provisor.store.uow import SqlUnitOfWork
from provisor.store.writers import WriterQueue, queue_for


def _locked_elsewhere(path: str) -> bool:
    """Whether another open file description holds the flock (this one cannot take it)."""
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def test_a_write_transaction_holds_the_queue_until_it_commits_or_rolls_back(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path}/q.db")
    lock = f"{tmp_path}/q.db.writers"
    with SqlUnitOfWork(engine, write=True) as uow:
        assert _locked_elsewhere(lock)
        uow.conn.execute(text("CREATE TABLE t (x INTEGER)"))
        uow.commit()
        assert not _locked_elsewhere(lock)  # released at commit, before the unit ends
    with SqlUnitOfWork(engine, write=True):
        assert _locked_elsewhere(lock)
    assert not _locked_elsewhere(lock)  # rolled back on exit
    with SqlUnitOfWork(engine, write=False):
        assert not _locked_elsewhere(lock)  # readers never queue
    with SqlUnitOfWork(engine, write=True):
        with SqlUnitOfWork(engine, write=False):
            pass  # a read that ends while the thread's write is open...
        assert _locked_elsewhere(lock)  # ...leaves the write in the queue
    with pytest.raises(RuntimeError), SqlUnitOfWork(engine, write=True):
        raise RuntimeError("a failed use case")
    assert not _locked_elsewhere(lock)
    engine.dispose()


def test_threads_of_one_process_take_turns(tmp_path: Path):
    queue = WriterQueue(f"{tmp_path}/t.writers")
    queue.acquire()
    entered = threading.Event()

    def second() -> None:
        queue.acquire()
        entered.set()
        queue.release()

    thread = threading.Thread(target=second)
    thread.start()
    assert not entered.wait(0.2)  # waits while the first holds it
    queue.release()
    assert entered.wait(10)
    thread.join(10)
    queue.release()  # idempotent: not the owner any more


def _hold(path: str, ready: multiprocessing.synchronize.Event) -> None:
    queue = WriterQueue(path)
    queue.acquire()
    ready.set()
    signal.pause()  # killed while holding the lock


def test_the_kernel_frees_the_queue_of_a_killed_process(tmp_path: Path):
    path = f"{tmp_path}/k.writers"
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold, args=(path, ready))
    holder.start()
    try:
        assert ready.wait(30)
        assert _locked_elsewhere(path)
    finally:
        holder.kill()
        holder.join(30)
    queue = WriterQueue(path)
    queue.acquire()  # would block forever if the dead holder kept it
    assert _locked_elsewhere(path)
    queue.release()


def test_writes_from_many_threads_all_commit(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path}/w.db", pool_size=8)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE n (x INTEGER)"))

    def writer() -> None:
        for _ in range(25):
            conn, tx = begin(engine, write=True)
            try:
                conn.execute(text("INSERT INTO n VALUES (1)"))
                tx.commit()
            finally:
                conn.close()
                release_writer(engine)

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM n")).scalar() == 200
    engine.dispose()


def test_in_memory_databases_have_no_queue():
    assert queue_for(":memory:") is None
    assert queue_for(None) is None
    assert queue_for("/var/lib/provisor/p.db") is not None


def test_commits_wake_the_checkpoint_thread(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path}/c.db")
    queue = writer_queue(engine)
    assert queue is not None and queue.checkpointer is not None
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE c (x TEXT)"))
    for _ in range(20):
        with SqlUnitOfWork(engine, write=True) as uow:
            uow.conn.execute(text("INSERT INTO c VALUES (:x)"), {"x": "y" * 2000})
            uow.commit()
    deadline = time.monotonic() + 20
    while queue.checkpointer.runs == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert queue.checkpointer.runs > 0
    engine.dispose()
