"""Shared helpers: each scenario runs the client in a fresh Python process, as a user's script would."""

import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)


def workspace():
    """A fresh folder with the default store path under it."""
    root = tempfile.mkdtemp(prefix="mlcycle-py-")
    return root, os.path.join(root, ".mlcycle", "mlcycle.db")


def script_env(db, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLCYCLE_")}
    env["PYTHONPATH"] = PYTHON_DIR + os.pathsep + env.get("PYTHONPATH", "")
    env["MLCYCLE_DB"] = db
    env.update(extra)
    return env


def run_script(code, db, cwd=None, timeout=60, **env):
    """Runs code as a script file (so sys.argv[0] is a real file); returns the CompletedProcess."""
    folder = cwd or os.path.dirname(os.path.dirname(db))
    path = os.path.join(folder, "train_%d.py" % int(time.time() * 1e6))
    with open(path, "w") as f:
        f.write(textwrap.dedent(code))
    return subprocess.run(
        [sys.executable, path], cwd=folder, env=script_env(db, **env), capture_output=True, text=True, timeout=timeout
    )


def spawn_script(code, db, **env):
    folder = os.path.dirname(os.path.dirname(db))
    path = os.path.join(folder, "writer_%d.py" % int(time.time() * 1e6))
    with open(path, "w") as f:
        f.write(textwrap.dedent(code))
    return subprocess.Popen(
        [sys.executable, path], cwd=folder, env=script_env(db, **env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def query(db, sql, params=()):
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def stored_points(db):
    """How many metric points the store holds, 0 while the file or its schema does not exist yet."""
    if not os.path.exists(db):
        return 0
    try:
        return query(db, "SELECT count(*) FROM metrics")[0][0]
    except sqlite3.OperationalError:
        return 0


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met within %.0f s" % timeout)
        time.sleep(0.01)
