"""A run being logged: buffers points and events and writes them in batches, one transaction per batch."""

import hashlib
import json
import operator
import os
import sys
import time

from . import _metrics
from ._schema import in_transaction
from ._values import check_context, check_key, json_text, label_text, param_text, score_value, tag_text, check_size


def _now_ms():
    return int(time.time() * 1000)


class _Series:
    """A series' buffer as three columns: no tuple per point, so nothing for the garbage collector to trace.

    log_metric appends to steps, then tss, then values; a flush takes n = len(values) first, so the first n of
    each column always belong together, even while another thread appends.
    """

    __slots__ = ("key", "context", "steps", "tss", "values", "next_step")

    def __init__(self, key, context, next_step):
        self.key = key
        self.context = context
        self.steps = []
        self.tss = []
        self.values = []
        self.next_step = next_step


def copy_hashing(source, target):
    """Copies a file and returns (sha256, size) of what was copied."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as src, open(target, "wb") as dst:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
            dst.write(block)
            size += len(block)
    return digest.hexdigest(), size


def hash_file(path):
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


class Run:
    """One run in the store. Use the module functions (mlcycle.log_metric, ...) or this object's methods."""

    def __init__(self, client, run_id, name, owned):
        self._client = client
        self.id = run_id
        self.name = name
        #: A run this process created ends with it; a run it joined (MLCYCLE_RUN_ID) is ended by its launcher.
        self.owned = owned
        self.ended = False
        self.flushed_points = 0
        self._series = {}
        self._events = []

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if self.ended:
            return False
        if kind is None or (issubclass(kind, SystemExit) and value.code in (None, 0) and not self._client.terminated):
            status, error = "finished", None
        elif issubclass(kind, (KeyboardInterrupt, SystemExit)):
            status, error = "killed", "stopped by a signal" if self._client.terminated else kind.__name__
        else:
            status, error = "failed", "%s: %s" % (kind.__name__, value)
        self.end(status, error)
        return False

    def end(self, status="finished", error=None):
        """Ends this run if it is the active one (see mlcycle.end_run)."""
        if not self.ended and self._client.active_run() is self:
            self._client.end_run(status, error)

    @property
    def artifact_dir(self):
        """`<store dir>/artifacts/<run id>/`, where logged artifacts are copied."""
        return os.path.join(os.path.dirname(self._client.path), "artifacts", self.id)

    # -- logging ---------------------------------------------------------------------------------------------

    def log_metric(self, key, value, step=None, context=None, _time_ns=time.time_ns):
        series = self._series.get((key, context))
        if series is None:
            series = self._new_series(key, context)
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError("metric %r: value must be a number, got %r" % (key, value)) from None
        if value != value:
            value = None
        if step is None:
            step = series.next_step
        elif type(step) is not int:
            step = _integer_step(key, step)
        series.next_step = step + 1
        series.steps.append(step)
        series.tss.append(_time_ns() // 1000000)
        values = series.values
        values.append(value)
        if len(values) >= self._client.flush_points:
            self._client.flush()

    def log_metrics(self, metrics, step=None, context=None):
        for key, value in metrics.items():
            self.log_metric(key, value, step, context)

    def log_param(self, key, value):
        self._queue(("param", key, param_text(key, value)))

    def log_params(self, params):
        texts = [(key, param_text(key, value)) for key, value in params.items()]
        for key, text in texts:
            self._queue(("param", key, text))

    def set_tag(self, key, value):
        self._queue(("tag", key, tag_text(key, value)))

    def set_tags(self, tags):
        texts = [(key, tag_text(key, value)) for key, value in tags.items()]
        for key, text in texts:
            self._queue(("tag", key, text))

    def log_artifact(self, local_path, artifact_path=None):
        """Copies a file (or a folder's files) to artifact_dir/[artifact_path/]<name>, recording each sha256."""
        if not os.path.exists(local_path):
            raise FileNotFoundError("artifact %s does not exist" % local_path)
        folder = os.path.normpath(os.path.join(self.artifact_dir, artifact_path or ""))
        if not (folder + os.sep).startswith(os.path.normpath(self.artifact_dir) + os.sep) and folder != os.path.normpath(self.artifact_dir):
            raise ValueError("artifact_path %r must stay inside the run's artifact folder" % artifact_path)
        base = os.path.join(folder, os.path.basename(os.path.normpath(local_path)))
        if os.path.isdir(local_path):
            pairs = []
            for root, _, files in os.walk(local_path):
                for name in sorted(files):
                    source = os.path.join(root, name)
                    pairs.append((source, os.path.join(base, os.path.relpath(source, local_path))))
        else:
            pairs = [(local_path, base)]
        for source, target in pairs:
            sha256, size = copy_hashing(source, target)
            relative = os.path.relpath(target, self.artifact_dir).replace(os.sep, "/")
            self._queue(("artifact", relative, sha256, size, _now_ms()))

    def log_dataset(self, path, role):
        """Records the file's content version (sha256) and that this run used it in `role` (train, dev, test...)."""
        check_key("dataset role", role)
        sha256, size = hash_file(path)
        self._queue(("dataset", os.path.abspath(path), sha256, size, role, _now_ms()))

    def log_predictions(self, ids, y_true, y_pred, scores=None, features=None, split="dev"):
        """One row per example for error analysis; labels stored as text, features (dicts) as JSON."""
        check_key("prediction split", split)
        ids, y_true, y_pred = list(ids), list(y_true), list(y_pred)
        scores = list(scores) if scores is not None else [None] * len(ids)
        features = list(features) if features is not None else [None] * len(ids)
        lengths = {len(ids), len(y_true), len(y_pred), len(scores), len(features)}
        if len(lengths) != 1:
            raise ValueError("log_predictions: ids, y_true, y_pred, scores and features must have the same length")
        rows = []
        for example_id, truth, predicted, score, feature in zip(ids, y_true, y_pred, scores, features):
            example = label_text(example_id)
            feature_text = None if feature is None else check_size("features of prediction", example, json_text(feature))
            rows.append((split, example, label_text(truth), label_text(predicted), score_value(score, example_id), feature_text))
        self._queue(("predictions", rows))

    # -- writing ---------------------------------------------------------------------------------------------

    def _new_series(self, key, context):
        check_key("metric", key)
        stored_context = check_context("" if context is None else context)
        # None and "" are the same series: one buffer, one step counter.
        same = self._series.get((key, "" if context is None else None))
        if same is None:
            next_step = self._client.next_step(self.id, key, stored_context) if not self.owned else 0
            same = _Series(key, stored_context, next_step)
        self._series[(key, context)] = same
        return same

    def _queue(self, event):
        if self.ended:
            raise RuntimeError("run %s has ended; start a new run to log more" % self.id)
        self._events.append(event)

    def write_pending(self, conn):
        """Writes what was buffered when called; returns how many metric points were written. Caller holds the lock."""
        taken = [(s, len(s.values)) for s in {id(s): s for s in list(self._series.values())}.values() if s.values]
        event_count = len(self._events)
        if not taken and not event_count:
            return 0
        events = self._events[:event_count]

        def write(c):
            for series, n in taken:
                _metrics.write_series(c, self.id, series.key, series.context, series.steps[:n], series.tss[:n], series.values[:n])
            for event in events:
                _write_event(c, self.id, event)

        in_transaction(conn, write)
        # Only now: a batch interrupted before COMMIT stays buffered and is written by the next flush.
        for series, n in taken:
            del series.steps[:n], series.tss[:n], series.values[:n]
        del self._events[:event_count]
        written = sum(n for _, n in taken)
        self.flushed_points += written
        return written

    def drop_buffers(self):
        self._series = {}
        self._events = []


def _integer_step(key, step):
    try:
        return operator.index(step)
    except TypeError:
        if isinstance(step, float) and step.is_integer():
            return int(step)
        raise ValueError("metric %r: step must be an integer, got %r" % (key, step))


def _write_event(conn, run_id, event):
    kind = event[0]
    if kind == "param":
        conn.execute(
            "INSERT INTO params(run_id, key, value) VALUES (?, ?, ?) ON CONFLICT(run_id, key) DO UPDATE SET value = excluded.value",
            (run_id, event[1], event[2]),
        )
    elif kind == "tag":
        conn.execute(
            "INSERT INTO tags(run_id, key, value) VALUES (?, ?, ?) ON CONFLICT(run_id, key) DO UPDATE SET value = excluded.value",
            (run_id, event[1], event[2]),
        )
    elif kind == "artifact":
        conn.execute(
            "INSERT INTO artifacts(run_id, path, kind, sha256, size, created_at) VALUES (?, ?, 'file', ?, ?, ?) "
            "ON CONFLICT(run_id, path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, created_at = excluded.created_at",
            (run_id,) + event[1:],
        )
    elif kind == "dataset":
        _, path, sha256, size, role, now = event
        conn.execute("INSERT OR IGNORE INTO datasets(path, created_at) VALUES (?, ?)", (path, now))
        (dataset_id,) = conn.execute("SELECT id FROM datasets WHERE path = ?", (path,)).fetchone()
        conn.execute(
            "INSERT OR IGNORE INTO dataset_versions(dataset_id, sha256, size, created_at) VALUES (?, ?, ?, ?)",
            (dataset_id, sha256, size, now),
        )
        (version_id,) = conn.execute(
            "SELECT id FROM dataset_versions WHERE dataset_id = ? AND sha256 = ?", (dataset_id, sha256)
        ).fetchone()
        conn.execute("INSERT OR IGNORE INTO run_datasets(run_id, version_id, role) VALUES (?, ?, ?)", (run_id, version_id, role))
    elif kind == "predictions":
        conn.executemany(
            "INSERT OR REPLACE INTO predictions(run_id, split, example_id, y_true, y_pred, score, features) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(run_id,) + row for row in event[1]],
        )


def command_line():
    return json.dumps([sys.executable] + sys.argv)
