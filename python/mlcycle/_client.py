"""The process-wide client: the store connection, the active runs, the flush timer and the exit hooks."""

import atexit
import os
import secrets
import signal
import subprocess
import sys
import threading
import time

from ._run import Run, command_line
from ._schema import connect, in_transaction, retrying
from ._values import check_key

DEFAULT_EXPERIMENT = "Default"


def _env_number(name, default, kind):
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError("%s must be a number, got %r" % (name, raw))
    if value <= 0:
        raise ValueError("%s must be positive, got %r" % (name, raw))
    return value


def _git_state(cwd):
    """(commit, branch, dirty) of the folder's git checkout, or Nones when there is none."""

    def git(*args):
        try:
            done = subprocess.run(["git"] + list(args), cwd=cwd, capture_output=True, text=True, timeout=5)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return None, None, None
    status = git("status", "--porcelain", "--untracked-files=no")
    return commit, git("rev-parse", "--abbrev-ref", "HEAD"), None if status is None else int(bool(status))


class Client:
    def __init__(self):
        self.lock = threading.Lock()
        self.path = None
        self.conn = None
        self.runs = []
        self.experiment = os.environ.get("MLCYCLE_EXPERIMENT") or DEFAULT_EXPERIMENT
        self.joined_env_run = False
        self.flush_points = _env_number("MLCYCLE_FLUSH_POINTS", 5000, int)
        self.flush_seconds = _env_number("MLCYCLE_FLUSH_SECONDS", 1.0, float)
        self.timer = None
        self.stop_timer = threading.Event()
        self.hooks_installed = False
        self.flushing_in_main = False
        self.exit_after_flush = False
        self.terminated = False
        self.uncaught = None
        self.warned = False

    # -- connection ------------------------------------------------------------------------------------------

    def connection(self):
        if self.conn is None:
            self.path = os.path.abspath(os.environ.get("MLCYCLE_DB") or os.path.join(os.getcwd(), ".mlcycle", "mlcycle.db"))
            self.conn = connect(self.path)
        return self.conn

    def next_step(self, run_id, key, context):
        with self.lock:
            row = self.connection().execute(
                "SELECT last_step FROM metric_summaries WHERE run_id = ? AND key = ? AND context = ?", (run_id, key, context)
            ).fetchone()
        return 0 if row is None else row[0] + 1

    # -- runs ------------------------------------------------------------------------------------------------

    def active_run(self):
        return self.runs[-1] if self.runs else None

    def start_run(self, name=None, experiment=None, tags=None):
        if self.runs:
            raise RuntimeError("run %s is already active; call mlcycle.end_run() first" % self.runs[-1].id)
        if name is not None:
            check_key("run", name)
        env_run = os.environ.get("MLCYCLE_RUN_ID")
        with self.lock:
            conn = self.connection()
            if env_run and not self.joined_env_run:
                self.joined_env_run = True
                run = self._join(conn, env_run, name)
            else:
                run = self._create(conn, secrets.token_hex(8), name, experiment, parent=env_run or None)
        self.runs.append(run)
        self._install_hooks()
        if tags:
            run.set_tags(tags)
        return run

    def _join(self, conn, run_id, name):
        row = conn.execute("SELECT name FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            return self._create(conn, run_id, name, None, parent=None)
        if name:
            retrying(lambda: conn.execute("UPDATE runs SET name = ? WHERE id = ?", (name, run_id)))
        return Run(self, run_id, name or row[0], owned=False)

    def _create(self, conn, run_id, name, experiment, parent):
        script = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] and os.path.isfile(sys.argv[0]) else None
        stem = os.path.splitext(os.path.basename(script))[0] if script else "run"
        name = name or "%s-%s" % (stem, run_id[:6])
        experiment = experiment or self.experiment
        check_key("experiment", experiment)
        cwd = os.getcwd()
        commit, branch, dirty = _git_state(cwd)
        now = int(time.time() * 1000)

        def insert(c):
            c.execute("INSERT OR IGNORE INTO experiments(name, created_at) VALUES (?, ?)", (experiment, now))
            (experiment_id,) = c.execute("SELECT id FROM experiments WHERE name = ?", (experiment,)).fetchone()
            c.execute(
                "INSERT INTO runs(id, experiment_id, name, status, command, cwd, script, git_commit, git_branch, git_dirty, "
                "created_at, started_at, parent_run_id) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, experiment_id, name, command_line(), cwd, script, commit, branch, dirty, now, now, parent),
            )

        in_transaction(conn, insert)
        return Run(self, run_id, name, owned=True)

    def end_run(self, status="finished", error=None):
        """Writes what the active run buffered and, for a run this process created, records how it ended."""
        if status not in ("finished", "failed", "killed"):
            raise ValueError("status must be finished, failed or killed, got %r" % (status,))
        run = self.active_run()
        if run is None:
            return
        self.flush()
        self.runs.pop()
        run.ended = True
        if run.owned:
            now = int(time.time() * 1000)
            with self.lock:
                conn = self.connection()
                in_transaction(
                    conn,
                    lambda c: c.execute(
                        "UPDATE runs SET status = ?, ended_at = ?, error = ? WHERE id = ?", (status, now, error, run.id)
                    ),
                )

    # -- writing ---------------------------------------------------------------------------------------------

    def flush(self):
        """Writes every buffered point and event; returns how many metric points were written."""
        if not self.runs:
            return 0
        main = threading.current_thread() is threading.main_thread()
        with self.lock:
            self.flushing_in_main = main
            try:
                conn = self.connection()
                written = sum(run.write_pending(conn) for run in list(self.runs))
            finally:
                self.flushing_in_main = False
        if main and self.exit_after_flush:
            raise SystemExit(128 + signal.SIGTERM)
        return written

    def _flush_in_background(self):
        while not self.stop_timer.wait(self.flush_seconds):
            try:
                self.flush()
            except Exception as error:  # the next tick or the exit flush tries again; the points stay buffered
                if not self.warned:
                    self.warned = True
                    print("mlcycle: could not write to the store yet: %s" % error, file=sys.stderr)

    # -- process hooks ---------------------------------------------------------------------------------------

    def _install_hooks(self):
        if self.timer is None:
            self.stop_timer.clear()
            self.timer = threading.Thread(target=self._flush_in_background, name="mlcycle-flush", daemon=True)
            self.timer.start()
        if self.hooks_installed:
            return
        self.hooks_installed = True
        atexit.register(self.shutdown)
        previous_hook = sys.excepthook

        def record_uncaught(kind, value, traceback):
            self.uncaught = (kind, value)
            previous_hook(kind, value, traceback)

        sys.excepthook = record_uncaught
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, self._on_sigterm)
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._after_fork)

    def _on_sigterm(self, signum, frame):
        self.terminated = True
        if self.flushing_in_main:
            self.exit_after_flush = True
            return
        raise SystemExit(128 + signum)

    def _after_fork(self):
        """A forked child must not reuse the parent's connection nor write the parent's buffered points."""
        self.lock = threading.Lock()
        self.conn = None
        self.timer = None
        for run in self.runs:
            run.drop_buffers()
            run.owned = False

    def shutdown(self):
        """At exit (normal, uncaught exception or SIGTERM): write everything and end the runs this process owns."""
        self.stop_timer.set()
        self.exit_after_flush = False
        if self.timer is not None and self.timer is not threading.current_thread():
            self.timer.join(timeout=30)
        self.timer = None
        if self.terminated or (self.uncaught and issubclass(self.uncaught[0], KeyboardInterrupt)):
            status, error = "killed", "stopped by a signal" if self.terminated else "KeyboardInterrupt"
        elif self.uncaught:
            status, error = "failed", "%s: %s" % (self.uncaught[0].__name__, self.uncaught[1])
        else:
            status, error = "finished", None
        try:
            while self.runs:
                self.end_run(status, error)
        except BaseException as failure:  # at exit there is no caller left to tell but stderr
            print("mlcycle: could not save the run at exit: %s" % failure, file=sys.stderr)


CLIENT = Client()
