"""Console progress and step timings for long bench commands."""

import time


class Progress:
    """A hand-written progress bar with rate and ETA, on stderr (a line per 10 % when not a terminal).

    `stream` is a command's OutputWrapper (self.stderr), written to without its styling or line ending.
    """

    WIDTH = 30

    def __init__(self, total, stream):
        self.total = max(total, 1)
        self.stream = stream
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self.last_decile = -1

    def write(self, text):
        self.stream.write(text, style_func=str, ending="")

    def update(self, done):
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - done) / rate if rate > 0 else 0.0
        fraction = min(done / self.total, 1.0)
        filled = int(self.WIDTH * fraction)
        line = (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:>9,}/{self.total:,} {fraction:6.1%} "
            f"{rate:8,.0f}/s  elapsed {_clock(elapsed)}  ETA {_clock(eta)}"
        )
        if self.tty:
            self.write("\r" + line + ("\n" if done >= self.total else ""))
        else:
            decile = int(fraction * 10)
            if decile != self.last_decile or done >= self.total:
                self.last_decile = decile
                self.write(line + "\n")
        self.stream.flush()


class Timings:
    """Seconds spent in each named step (a step may run on the writer's thread), for the summary line."""

    def __init__(self):
        self.seconds = {}

    def timed(self, name, function):
        def run(*args):
            started = time.monotonic()
            try:
                return function(*args)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - started

        return run

    def __str__(self):
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.seconds.items())


def _clock(seconds):
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
