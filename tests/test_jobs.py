"""Background jobs: sharing by key, progress, bounded concurrency, failures and expiry."""

import threading

import pytest

from lookup.errors import UserError
from lookup.youtube.jobs import CRASH, DONE, FAILED, FAILED_MESSAGE, QUEUED, RUNNING, Jobs


@pytest.fixture
def jobs():
    pool = Jobs(max_running=1, ttl=60, max_queued=3)
    yield pool
    pool.shutdown()


def blocked(gate, result="ok"):
    """A job function that reports progress, then waits for the gate."""
    def run(progress):
        progress(5, 10)
        gate.wait(5)
        return result
    return run


def test_same_key_shares_one_job(jobs):
    gate = threading.Event()
    first = jobs.start("handle:@a", blocked(gate))
    second = jobs.start("handle:@a", blocked(gate, "other"))
    assert first.id == second.id
    gate.set()
    assert jobs.wait(first.id, 5).result == "ok"
    assert jobs.start("handle:@a", blocked(gate, "other")).id == first.id  # done, not expired


def test_progress_and_states(jobs):
    gate = threading.Event()
    job = jobs.start("k", blocked(gate))
    waiting = jobs.start("k2", blocked(gate))
    for _ in range(200):
        if jobs.get(job.id).listed == 5:
            break
        threading.Event().wait(0.01)
    running = jobs.get(job.id)
    assert (running.state, running.listed, running.total) == (RUNNING, 5, 10)
    assert jobs.get(waiting.id).state == QUEUED  # only one runs at a time
    gate.set()
    assert jobs.wait(job.id, 5).state == DONE
    assert jobs.wait(waiting.id, 5).state == DONE


def test_user_errors_keep_their_message(jobs):
    def fail(progress):
        raise UserError("That channel is private.", 410)

    state = jobs.wait(jobs.start("k", fail).id, 5)
    assert (state.state, state.error, state.result) == (FAILED, "That channel is private.", None)


def test_unexpected_errors_get_a_generic_message(jobs, caplog):
    def crash(progress):
        raise KeyError("internal detail")

    state = jobs.wait(jobs.start("k", crash).id, 5)
    assert state.error == FAILED_MESSAGE and "internal detail" not in state.error
    assert "internal detail" in caplog.text


class Private(UserError):
    """A UserError subclass with its own status, like lookup.youtube.errors'."""

    status = 410


def test_failures_keep_their_status_and_kind(jobs):
    def private(progress):
        raise Private("That channel is private.")

    def crash(progress):
        raise KeyError("internal detail")

    failed = jobs.wait(jobs.start("k", private).id, 5)
    assert (failed.state, failed.status, failed.kind, failed.error) == (
        FAILED, 410, "Private", "That channel is private.")
    crashed = jobs.wait(jobs.start("k2", crash).id, 5)
    assert (crashed.state, crashed.status, crashed.kind, crashed.error) == (
        FAILED, 500, CRASH, FAILED_MESSAGE)
    done = jobs.wait(jobs.start("k3", lambda progress: "fine").id, 5)
    assert (done.state, done.status, done.kind, done.error) == (DONE, None, "", "")


def test_fresh_start_reruns_a_finished_job(jobs):
    first = jobs.wait(jobs.start("k", lambda progress: "old").id, 5)
    fresh = jobs.start("k", lambda progress: "new", fresh=True)
    assert fresh.id != first.id and jobs.wait(fresh.id, 5).result == "new"
    assert jobs.start("k", lambda progress: "other").id == fresh.id  # the key now names it
    assert jobs.get(first.id).result == "old"  # pages polling the old job still get it


def test_fresh_start_joins_a_running_job(jobs):
    gate = threading.Event()
    running = jobs.start("k", blocked(gate))
    assert jobs.start("k", blocked(gate, "other"), fresh=True).id == running.id
    gate.set()
    assert jobs.wait(running.id, 5).result == "ok"


def test_keep_errors_shares_a_user_error_but_reruns_a_crash():
    pool = Jobs(max_running=1, ttl=60, keep_errors=True)

    def fail(progress):
        raise UserError("down", 503)

    def crash(progress):
        raise KeyError("internal detail")

    failed = pool.wait(pool.start("k", fail).id, 5)
    assert pool.start("k", lambda progress: "fine").id == failed.id
    retry = pool.start("k", lambda progress: "fine", fresh=True)
    assert retry.id != failed.id and pool.wait(retry.id, 5).result == "fine"
    crashed = pool.wait(pool.start("k2", crash).id, 5)
    assert pool.start("k2", lambda progress: "fine").id != crashed.id
    pool.shutdown()


def test_failed_job_is_retried_by_the_next_start(jobs):
    def fail(progress):
        raise UserError("down")

    failed = jobs.wait(jobs.start("k", fail).id, 5)
    retry = jobs.start("k", lambda progress: "fine")
    assert retry.id != failed.id and jobs.wait(retry.id, 5).result == "fine"


def test_too_many_waiting_jobs(jobs):
    gate = threading.Event()
    for n in range(3):
        jobs.start(f"k{n}", blocked(gate))
    with pytest.raises(UserError) as caught:
        jobs.start("one-more", blocked(gate))
    assert caught.value.status == 503
    gate.set()


def test_finished_jobs_expire():
    pool = Jobs(max_running=2, ttl=0)
    job = pool.start("k", lambda progress: "r")
    pool._pool.shutdown(wait=True)  # let it finish
    threading.Event().wait(0.01)
    assert pool.get(job.id) is None
    assert pool.get("no-such-job") is None
