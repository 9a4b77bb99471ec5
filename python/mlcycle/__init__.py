"""mlcycle: log runs to the local mlcycle store from Python (standard library only, Python 3.8+).

    import mlcycle
    with mlcycle.start_run(name="baseline"):
        mlcycle.log_params({"lr": 0.1, "layers": [64, 64]})
        for step in range(100):
            mlcycle.log_metric("loss", loss, step=step, context="train")

Launched by mlcycle, a script joins the run named in MLCYCLE_RUN_ID; launched by hand it creates its own run in
MLCYCLE_DB (default: .mlcycle/mlcycle.db under the working folder). Points are buffered and written in batches
(every MLCYCLE_FLUSH_POINTS points, every MLCYCLE_FLUSH_SECONDS seconds, at exit and on SIGTERM).
"""

from ._client import CLIENT as _CLIENT
from ._schema import LATEST_SCHEMA_VERSION, StoreError

__version__ = "0.1.0"
__all__ = [
    "StoreError", "LATEST_SCHEMA_VERSION", "start_run", "end_run", "active_run", "set_experiment", "flush",
    "log_param", "log_params", "log_metric", "log_metrics", "set_tag", "set_tags", "log_artifact", "log_artifacts",
    "log_dataset", "log_predictions",
]


def start_run(name=None, experiment=None, tags=None, run_name=None):
    """Starts (or, under mlcycle, joins) a run; use it as a context manager or call end_run()."""
    return _CLIENT.start_run(name or run_name, experiment, tags)


def end_run(status="finished"):
    """Writes the active run's buffered data; a run this process created is marked finished, failed or killed."""
    _CLIENT.end_run(status)


def active_run():
    return _CLIENT.active_run()


def set_experiment(name):
    """The experiment the next runs are created in (default "Default", or MLCYCLE_EXPERIMENT)."""
    from ._values import check_key

    _CLIENT.experiment = check_key("experiment", name)


def flush():
    """Writes everything buffered now; returns how many metric points were written."""
    return _CLIENT.flush()


def _run():
    return _CLIENT.active_run() or _CLIENT.start_run()


def log_param(key, value):
    _run().log_param(key, value)


def log_params(params):
    _run().log_params(params)


def log_metric(key, value, step=None, context=None):
    """Logs one point; step defaults to one past the series' last step, context ("train", "dev", ...) to none."""
    runs = _CLIENT.runs
    (runs[-1] if runs else _run()).log_metric(key, value, step, context)


def log_metrics(metrics, step=None, context=None):
    _run().log_metrics(metrics, step, context)


def set_tag(key, value):
    _run().set_tag(key, value)


def set_tags(tags):
    _run().set_tags(tags)


def log_artifact(local_path, artifact_path=None):
    _run().log_artifact(local_path, artifact_path)


def log_artifacts(local_dir, artifact_path=None):
    _run().log_artifact(local_dir, artifact_path)


def log_dataset(path, role):
    _run().log_dataset(path, role)


def log_predictions(ids, y_true, y_pred, scores=None, features=None, split="dev"):
    _run().log_predictions(ids, y_true, y_pred, scores, features, split)
