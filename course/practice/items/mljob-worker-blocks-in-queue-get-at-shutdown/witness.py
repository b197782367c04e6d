import queue
import threading

from course.practice import witness_kit


class DrainedQueue:
    """An empty job queue; the pipeline shuts down while the worker is waiting for work.

    get() with a timeout behaves like queue.Queue (raises queue.Empty); without one
    it would wait for a job that never comes: the witness notes that and lets go.
    """

    def __init__(self, stop):
        self.stop = stop
        self.trap = witness_kit.EndlessWait()

    def get(self, block=True, timeout=None):
        self.stop.set()          # shutdown arrives now
        if block and timeout is None:
            self.trap.hold()
            return {"shard": "late"}
        raise queue.Empty

    def task_done(self):
        pass


def test_worker_exits_once_stop_is_set(impl) -> None:
    stop = threading.Event()
    jobs = DrainedQueue(stop)

    def work():
        impl.run_worker(jobs, stop, lambda job: None)

    stuck = witness_kit.waits_forever(jobs.trap, work)
    assert not stuck, (
        "stop was set while the queue was empty, and the worker was blocked in jobs.get() with no timeout: "
        "it never looks at `stop` again, so the pipeline's join() waits forever and the manifest is never "
        "written"
    )
