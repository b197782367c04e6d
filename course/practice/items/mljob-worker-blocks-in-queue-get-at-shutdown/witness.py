import queue
import threading


class DrainedQueue:
    """An empty job queue; the pipeline shuts down while the worker is waiting for work.

    get() with a timeout behaves like queue.Queue (raises queue.Empty); without
    one it waits until the witness lets go.
    """

    def __init__(self, stop):
        self.stop = stop
        self.release = threading.Event()

    def get(self, block=True, timeout=None):
        self.stop.set()          # shutdown arrives now
        if block and timeout is None:
            self.release.wait()
            return {"shard": "late"}
        raise queue.Empty

    def task_done(self):
        pass


def test_worker_exits_once_stop_is_set(impl) -> None:
    stop = threading.Event()
    jobs = DrainedQueue(stop)
    worker = threading.Thread(target=impl.run_worker, args=(jobs, stop, lambda job: None), daemon=True)
    worker.start()
    worker.join(0.05)
    stuck = worker.is_alive()
    jobs.release.set()
    worker.join(0.05)
    assert not stuck, (
        "stop was set while the queue was empty, and the worker was still blocked in jobs.get(): it never "
        "looks at `stop` again, so the pipeline's join() waits forever and the manifest is never written"
    )
