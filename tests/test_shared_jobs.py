"""Channel jobs queued through the cache file and run by the channel worker (data synthetic).

Two Channels over one cache file stand for two gunicorn workers, and a third, running
lookup.youtube.worker in a thread, for the channel worker; the last tests run real processes.
The fake YouTube counts requests, so a second listing would show.
"""

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lookup.ids import parse
from lookup.youtube.channels import Channels
from lookup.youtube.jobs import CRASH, DONE, FAILED, FAILED_MESSAGE, QUEUED, RUNNING
from lookup.youtube.shared_jobs import QueueFull, SharedJobs
from lookup.youtube import worker
from lookup.youtube.worker import Worker
from tests.helpers import channel_worker
from tests.test_channel_pages import make_app, wait_done
from tests.youtube_fake import FakeYouTube, channel_id, video_ids

ROOT = Path(__file__).resolve().parent.parent
KEY = "fake-key-123"
CID = channel_id(7)
IDS = video_ids(80, seed=7)  # two playlistItems pages of 50


@pytest.fixture
def fake():
    server = FakeYouTube(KEY)
    server.start()
    server.add_channel(CID, "Synthetic Seven", IDS, handle="@seven")
    yield server
    server.stop()


def settings(fake, tmp_path, **extra):
    return {"YOUTUBE_API_KEY": KEY, "YOUTUBE_API_BASE": fake.api_base, "YTDLP_ENABLED": False,
            "CHANNEL_CACHE_PATH": str(tmp_path / "channels.db"),
            "METADATA_PATH": str(tmp_path / "none.db"), **extra}


@pytest.fixture
def workers(fake, tmp_path):
    """Two Channels over the same cache file, as two web workers have them, and the channel
    worker running their jobs."""
    pair = [Channels(settings(fake, tmp_path)) for _ in range(2)]
    with channel_worker(Channels(settings(fake, tmp_path))):
        yield pair


def endpoints(fake):
    return [path.rsplit("/", 1)[-1] for path, _, _ in fake.requests]


def test_two_workers_share_one_listing(workers, fake):
    first, second = workers
    fake.slow = 0.3
    job = first.start(parse("@seven"))
    assert second.start(parse("@Seven")).id == job.id
    deadline = time.monotonic() + 10
    while second.poll(job.id).listed < 50 and time.monotonic() < deadline:
        time.sleep(0.01)
    polled = second.poll(job.id)
    assert (polled.state, polled.listed, polled.total) == (RUNNING, 50, 80)
    done = second.jobs.wait(job.id, 10)
    assert (done.state, done.listed, done.total, done.error) == (DONE, 80, 80, "")
    result = done.result
    assert (result.channel_id, result.title, result.handle, result.video_ids, result.source) == (
        CID, "Synthetic Seven", "@seven", tuple(IDS), "youtube-api")
    assert first.poll(job.id) == done
    assert endpoints(fake) == ["channels", "playlistItems", "playlistItems"]
    assert second.start(parse("@seven")).id == job.id  # finished, not expired: still shared
    assert len(fake.requests) == 3


def test_a_failure_is_shared_with_its_status_and_kind(workers, fake):
    first, second = workers
    failed = first.jobs.wait(first.start(parse("@nobody")).id, 5)
    joined = second.start(parse("@nobody"))
    assert joined == failed
    assert (joined.state, joined.status, joined.kind) == (FAILED, 404, "ChannelMissing")
    assert joined.error.startswith("YouTube has no channel @nobody.")
    assert endpoints(fake) == ["channels"]  # the second worker did not ask YouTube again
    assert second.start(parse("@nobody"), fresh=True).id != failed.id


def test_a_refresh_on_one_worker_is_the_job_every_worker_joins(workers, fake):
    first, second = workers
    old = first.jobs.wait(first.start(parse("@seven")).id, 5)
    fresh = second.start(parse("@seven"), fresh=True)
    assert fresh.id != old.id and first.start(parse("@seven")).id == fresh.id
    assert first.jobs.wait(fresh.id, 5).state == DONE
    assert second.poll(old.id) == old  # a page still watching the old run gets its answer
    assert endpoints(fake).count("playlistItems") == 4


def test_unknown_jobs_are_none(workers):
    assert workers[1].poll("no-such-job") is None


def test_a_poll_on_another_worker_is_answered(index_path, catalogue_path, tmp_path, fake):
    apps = [make_app(index_path, catalogue_path, tmp_path, YOUTUBE_API_KEY=KEY,
                     YOUTUBE_API_BASE=fake.api_base, CHANNEL_WAIT=0) for _ in range(2)]
    one, two = (app.test_client() for app in apps)
    fake.slow = 0.2
    job = one.get("/api/v1/lookup?q=@seven").get_json()["job"]
    joined = two.get("/api/v1/channels/handle:@seven")
    assert joined.status_code == 202 and joined.get_json()["job"]["id"] == job["id"]
    assert two.get(job["poll_url"]).status_code == 200  # was a 404 from another worker
    assert wait_done(two, job["id"])[-1]["listed"] == 80
    body = two.get("/api/v1/channels/handle:@seven").get_json()
    assert (body["job"]["id"], body["channel"]["listed"], body["channel"]["handle"]) == (
        job["id"], 80, "@seven")
    assert endpoints(fake).count("playlistItems") == 2
    for app in apps:
        app.extensions["lookup.channels"].shutdown()


def held(gate, result="ok"):
    """A worker's job function that waits for the gate without reporting progress."""
    def run(key, fresh, progress):
        gate.wait(5)
        return result
    return run


def pair(tmp_path, stale):
    """Two bare SharedJobs over one file, with string results."""
    return [SharedJobs(tmp_path / "jobs.db", str, str, stale=stale) for _ in range(2)]


def test_a_slow_job_whose_worker_lives_is_not_taken_over(tmp_path):
    # Margins of a second: under a loaded machine's scheduling a heartbeat can be tenths late.
    web, worker = pair(tmp_path, stale=1.0)
    worker.serve()
    gate = threading.Event()
    job = web.start("k")
    assert worker.work(held(gate)) == 1
    time.sleep(1.6)  # quiet for longer than stale; the owner's heartbeat vouches for it
    assert web.start("k").id == job.id
    assert web.get(job.id).state == RUNNING
    gate.set()
    assert web.wait(job.id, 5).result == "ok"
    web.shutdown(), worker.shutdown()


def test_a_stale_claim_is_taken_over(tmp_path):
    # Margins of a second: on a loaded machine a live heartbeat can be late by a few tenths.
    first, second = pair(tmp_path, stale=1.0)
    first.serve()
    gate = threading.Event()
    job = second.start("k")
    first.work(held(gate))
    first._stop.set()  # its heartbeat stops, as if the process had died
    time.sleep(2.0)
    dead = second.get(job.id)
    assert (dead.state, dead.status, dead.kind, dead.error) == (FAILED, 500, CRASH,
                                                                FAILED_MESSAGE)
    second.serve()  # another worker comes up
    again = second.start("k")
    assert again.id != job.id and second.work(held(gate, "new")) == 1
    assert first.start("k").id == again.id
    gate.set()
    assert second.wait(again.id, 5).result == "new"
    first.shutdown()  # the old owner finishes late: its write must not revive the old run
    assert second.get(job.id).state == FAILED and second.get(job.id).result is None
    second.shutdown()


def test_without_a_live_worker_nothing_is_queued(tmp_path):
    web, worker = pair(tmp_path, stale=1.0)  # a second's margin, as in the tests above
    with pytest.raises(QueueFull) as refused:
        web.start("k")
    assert (refused.value.status, refused.value.retry_after) == (503, 300)
    assert "channel worker is not running" in refused.value.message
    worker.serve()
    assert web.start("k").state == QUEUED
    worker._stop.set()
    time.sleep(1.5)
    with pytest.raises(QueueFull):
        web.start("other")
    assert web.start("ready", ready=lambda: "cached").result == "cached"  # no worker needed
    web.shutdown(), worker.shutdown()


def test_the_queue_is_bounded_and_a_claimed_job_makes_room(tmp_path):
    web = SharedJobs(tmp_path / "jobs.db", str, str, max_queued=3, max_running=1)
    web.serve()
    jobs = [web.start(f"k{n}") for n in range(3)]
    with pytest.raises(QueueFull) as refused:
        web.start("k3")
    assert (refused.value.status, refused.value.retry_after) == (503, 60)
    assert web.start("k0").id == jobs[0].id  # joining a queued listing needs no room
    gate = threading.Event()
    assert web.work(held(gate)) == 1  # one thread: one claimed, two still queued
    assert [web.get(j.id).state for j in jobs] == [RUNNING, QUEUED, QUEUED]
    assert web.start("k3").state == QUEUED
    gate.set()
    web.shutdown()


# Real processes. Spawned children import this module, so these helpers are module-level.

def _list_channel(settings, barrier, answers):
    channels = Channels(settings)
    barrier.wait(20)
    job = channels.jobs.wait(channels.start(parse("@seven")).id, 20)
    answers.put((job.id, job.state, job.listed))


def _work_and_hang(settings):
    Worker(Channels(settings)).run()  # the fake's first answer hangs until the child is killed


def _wait_for_a_worker(jobs_path, seconds=30):
    """Until a worker process has said it is alive in the jobs file (its workers table)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(jobs_path) as conn:
                if conn.execute("SELECT count(*) FROM workers").fetchone()[0]:
                    return
        except sqlite3.OperationalError:  # not created yet
            pass
        time.sleep(0.05)
    raise AssertionError("the channel worker did not start")


def test_two_processes_share_one_listing_run_by_the_worker_script(fake, tmp_path):
    spawn = multiprocessing.get_context("spawn")
    barrier, answers = spawn.Barrier(2), spawn.Queue()
    fake.slow = 0.2
    config = settings(fake, tmp_path)
    env = {**os.environ, **{f"FLASK_{k}": json.dumps(v) for k, v in config.items()}}
    worker = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "channel_worker.py")],
                              env=env, cwd=ROOT)
    try:
        _wait_for_a_worker(tmp_path / "channels.db")  # its start-up may take seconds
        procs = [spawn.Process(target=_list_channel, args=(config, barrier, answers))
                 for _ in range(2)]
        for proc in procs:
            proc.start()
        got = [answers.get(timeout=30) for _ in procs]
        for proc in procs:
            proc.join(10)
    finally:
        worker.terminate()
        assert worker.wait(10) == 0  # SIGTERM: the worker finishes its listings and exits
    assert got[0] == got[1] and got[0][1:] == (DONE, 80)
    assert endpoints(fake) == ["channels", "playlistItems", "playlistItems"]


def test_a_killed_worker_s_listing_is_run_again(fake, tmp_path):
    spawn = multiprocessing.get_context("spawn")
    fake.slow = 30  # the child's first request hangs until it is killed
    config = settings(fake, tmp_path, JOBS_STALE=1.0)
    child = spawn.Process(target=_work_and_hang, args=(config,))
    child.start()
    channels = Channels(config)
    _wait_for_a_worker(tmp_path / "channels.db")
    job = channels.start(parse("@seven"))
    deadline = time.monotonic() + 30
    while channels.poll(job.id).state != RUNNING and time.monotonic() < deadline:
        time.sleep(0.05)
    assert channels.start(parse("@seven")).id == job.id  # alive: joined, not taken over
    child.kill()
    child.join(10)
    fake.slow = 0
    time.sleep(1.2)
    assert channels.poll(job.id).kind == CRASH
    with channel_worker(Channels(config)):
        again = channels.jobs.wait(channels.start(parse("@seven")).id, 10)
    assert again.id != job.id and (again.state, again.listed) == (DONE, 80)


def test_stop_threads_ends_every_worker_thread_and_its_heartbeat(tmp_path):
    before = set(threading.enumerate())
    for n in range(2):
        Worker(Channels({"YTDLP_ENABLED": False, "YOUTUBE_API_KEY": None,
                         "CHANNEL_CACHE_PATH": str(tmp_path / f"channels{n}.db"),
                         "METADATA_PATH": str(tmp_path / "none.db")})).start_thread()
    started = set(threading.enumerate()) - before
    assert sorted(t.name for t in started) == ["channel-worker", "channel-worker",
                                               "job-heartbeat", "job-heartbeat"]
    worker.stop_threads()
    for thread in started:
        thread.join(5)
    assert not any(t.is_alive() for t in started)
