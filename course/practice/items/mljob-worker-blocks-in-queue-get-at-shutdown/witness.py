import queue
import threading


class DrainedQueue:
    """An empty job queue; the pipeline shuts down while the worker is waiting for work.

    get() with a timeout behaves like queue.Queue (raises queue.Empty); without one
    it would wait for a job that never comes: the witness notes that and lets go.
    """

    def __init__(self, stop):
        self.stop = stop
        self.waiting_without_timeout = threading.Event()
        self.settled = threading.Event()
        self.release = threading.Event()

    def get(self, block=True, timeout=None):
        self.stop.set()          # shutdown arrives now
        if block and timeout is None:
            self.waiting_without_timeout.set()
            self.settled.set()
            self.release.wait()
            return {"shard": "late"}
        raise queue.Empty

    def task_done(self):
        pass


def test_worker_exits_once_stop_is_set(impl) -> None:
    stop = threading.Event()
    jobs = DrainedQueue(stop)

    def work():
        try:
            impl.run_worker(jobs, stop, lambda job: None)
        finally:
            jobs.settled.set()

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    jobs.settled.wait(1.0)               # exited, or blocked with no way out
    stuck = jobs.waiting_without_timeout.is_set()
    jobs.release.set()
    worker.join(1.0)
    assert not stuck, (
        "stop was set while the queue was empty, and the worker was blocked in jobs.get() with no timeout: "
        "it never looks at `stop` again, so the pipeline's join() waits forever and the manifest is never "
        "written"
    )
