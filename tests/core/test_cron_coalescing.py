"""The periodic tick never piles up in the queue: while one waits for a worker, the cron scheduler
enqueues no other, so mail and upload jobs are never stuck behind a backlog of sweeps. The
deployed journeys saw answers take four minutes behind 200 queued ticks on a busy worker."""

from __future__ import annotations

from datetime import timedelta

from redis import Redis
from rq import Queue
from rq.job import Job

from dsar.core.cron import CoalescingCronScheduler
from dsar.core.periodic import tick


def due_again(cron_job) -> None:
    """The interval has passed (no clock involved: the due time is moved back)."""
    cron_job.next_enqueue_time = cron_job.latest_enqueue_time - timedelta(seconds=1)


def test_a_tick_is_not_enqueued_while_the_previous_one_still_waits(redis_server):
    connection = Redis.from_url(redis_server.url)
    queue = Queue("dsar", connection=connection)
    scheduler = CoalescingCronScheduler(connection=connection)
    cron_job = scheduler.register(tick, queue_name="dsar", interval=60)

    scheduler.enqueue_jobs()
    assert queue.count == 1
    due_again(cron_job)
    scheduler.enqueue_jobs()
    assert queue.count == 1  # the first still waits: no second one behind it

    # A worker takes the waiting tick: the next one is enqueued when it is due.
    job = Job.fetch(queue.pop_job_id(), connection=connection)
    job.set_status("started")
    due_again(cron_job)
    scheduler.enqueue_jobs()
    assert queue.count == 1 and queue.job_ids[0] != job.id


def test_a_tick_a_dying_worker_took_off_the_queue_does_not_stop_the_next_ones(redis_server):
    """rq marks a job started only after a worker took it off the queue: a worker killed in between
    leaves it "queued" but in no queue. The scheduler then enqueues the next tick when it is due."""
    connection = Redis.from_url(redis_server.url)
    queue = Queue("dsar", connection=connection)
    scheduler = CoalescingCronScheduler(connection=connection)
    cron_job = scheduler.register(tick, queue_name="dsar", interval=60)
    scheduler.enqueue_jobs()
    lost = queue.pop_job_id()  # taken by the worker that is then killed: its status stays "queued"
    assert Job.fetch(lost, connection=connection).get_status() == "queued" and queue.count == 0

    due_again(cron_job)
    scheduler.enqueue_jobs()
    assert queue.count == 1 and queue.job_ids[0] != lost
