"""The scheduler behind ``flask dsar cron``: rq's cron scheduler, without the pile-up.

rq's CronScheduler enqueues the tick every interval whether or not the previous one has run. When a
tick takes longer than the interval (a large backlog, a busy machine), ticks pile up in the queue
ahead of the mail, inspection and upload jobs, and a requester's confirmation mail waits minutes
behind sweeps that would find nothing new (the journeys against the deployed portal saw 200 ticks
queued and answers arriving after four minutes). So a tick is enqueued only once the previous one
has left the queue: at most one waits, and the interval counts on from the skipped run."""

from __future__ import annotations

from rq import Queue
from rq.cron import CronJob, CronScheduler
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.utils import now

LATER = {JobStatus.SCHEDULED, JobStatus.DEFERRED}


class CoalescingCronScheduler(CronScheduler):
    def enqueue_jobs(self) -> list[CronJob]:
        for cron_job in self.get_jobs():
            if cron_job.should_run() and self.previous_still_waiting(cron_job):
                cron_job.set_enqueue_time(now())  # skip this round, keep the rhythm
        return super().enqueue_jobs()

    def previous_still_waiting(self, cron_job: CronJob) -> bool:
        latest = cron_job.get_job_ids(self.connection, 0, 0)
        if not latest:
            return False
        try:
            job = Job.fetch(latest[0], connection=self.connection)
        except NoSuchJobError:
            return False
        status = job.get_status()
        if status == JobStatus.QUEUED:
            # A worker killed after taking the job off the queue and before starting it leaves it
            # "queued" for ever; counting it as waiting would stop every later tick (the relay,
            # the sweeps). Only a job still in its queue waits.
            queue = Queue(job.origin, connection=self.connection)
            return self.connection.lpos(queue.key, job.id) is not None
        return status in LATER
