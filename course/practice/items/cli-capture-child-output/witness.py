from course.practice import witness_kit


class Chunk(witness_kit.CopyCountingBytes):
    """A chunk read from the pipe; counts the bytes copied whenever something is concatenated onto it."""


class FakePipe:
    """Returns `n` lines, one short pipe read each, like a chatty child process."""

    def __init__(self, n: int) -> None:
        self.lines = [Chunk(b"test_%05d PASSED\n" % i) for i in range(n)]
        self.pos = 0

    def read1(self, size: int = -1) -> bytes:
        if self.pos == len(self.lines):
            return b""
        self.pos += 1
        return self.lines[self.pos - 1]


def _copied(impl, n: int) -> int:
    Chunk.copied = 0
    echoed = []
    output = impl.capture(FakePipe(n), echoed.append)
    assert len(echoed) == n, f"{len(echoed)} chunks echoed, expected {n}"
    assert output.startswith(b"test_00000 PASSED\ntest_00001") and output.count(b"\n") == n, "captured output is wrong"
    return Chunk.copied


def test_capturing_output_copies_each_byte_once(impl) -> None:
    witness_kit.assert_scales(lambda n: _copied(impl, n), (300, 600), at_most=3, message=(
        "capturing 300 lines copied {small:,} bytes and 600 lines copied {large:,}: every read copies "
        "all the output so far, so a build that prints 200 MB spends minutes copying its own log"
    ))
