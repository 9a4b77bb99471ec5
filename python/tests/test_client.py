import hashlib
import math
import os
import signal
import unittest

import support
from mlcycle._schema import connect


def only_run(db):
    rows = support.query(db, "SELECT id, name, status, error, ended_at, git_commit IS NOT NULL FROM runs")
    assert len(rows) == 1, rows
    return rows[0]


class OwnRunTest(unittest.TestCase):
    def test_a_script_run_by_hand_creates_and_finishes_its_own_run(self):
        _, db = support.workspace()
        done = support.run_script(
            """
            import mlcycle
            with mlcycle.start_run(name="baseline", tags={"team": "vision"}):
                mlcycle.log_params({"lr": 0.1, "layers": [64, 64], "opt": {"name": "adam"}, "bad": float("nan")})
                mlcycle.log_param("epochs", 3)
                mlcycle.set_tag("stage", True)
                for step in range(5):
                    mlcycle.log_metric("loss", 1.0 / (step + 1), context="train")
                mlcycle.log_metrics({"loss": float("nan"), "acc": float("inf")}, step=10, context="dev")
                mlcycle.log_metric("loss", 0.1, context="dev")
                mlcycle.log_metric("plain", 1.0)
                mlcycle.log_metric("plain", 2.0, context="")
                try:
                    mlcycle.log_metric("plain", None)
                except ValueError as error:
                    print(error)
            """,
            db,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        run_id, name, status, error, ended_at, _ = only_run(db)
        self.assertEqual((name, status, error), ("baseline", "finished", None))
        self.assertIsNotNone(ended_at)
        self.assertEqual(len(run_id), 16)
        params = dict(support.query(db, "SELECT key, value FROM params"))
        self.assertEqual(params, {"lr": "0.1", "layers": "[64,64]", "opt": '{"name":"adam"}', "bad": '"NaN"', "epochs": "3"})
        self.assertEqual(dict(support.query(db, "SELECT key, value FROM tags")), {"team": "vision", "stage": "true"})
        self.assertEqual(done.stdout.strip(), "metric 'plain': value must be a number, got None")
        self.assertEqual(support.query(db, "SELECT step, value FROM metrics WHERE key = 'plain'"), [(0, 1.0), (1, 2.0)])
        series = support.query(db, "SELECT context, key, step, value FROM metrics WHERE key != 'plain' ORDER BY context, key, step")
        self.assertEqual(series[:3], [("dev", "acc", 10, math.inf), ("dev", "loss", 10, None), ("dev", "loss", 11, 0.1)])
        self.assertEqual([row[2] for row in series[3:]], [0, 1, 2, 3, 4])
        summaries = support.query(db, "SELECT context, key, last_value, last_step, min_value, max_value, count FROM metric_summaries WHERE key != 'plain' ORDER BY context, key")
        self.assertEqual(summaries, [("dev", "acc", math.inf, 10, math.inf, math.inf, 1), ("dev", "loss", 0.1, 11, 0.1, 0.1, 2), ("train", "loss", 0.2, 4, 0.2, 1.0, 5)])

    def test_an_exception_fails_the_run_with_its_message(self):
        _, db = support.workspace()
        done = support.run_script(
            """
            import mlcycle
            mlcycle.log_metric("loss", 0.5)
            raise ValueError("learning rate too high")
            """,
            db,
        )
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("ValueError: learning rate too high", done.stderr)
        _, _, status, error, _, _ = only_run(db)
        self.assertEqual((status, error), ("failed", "ValueError: learning rate too high"))
        self.assertEqual(support.query(db, "SELECT count(*) FROM metrics"), [(1,)])

    def test_sigterm_writes_the_buffer_and_marks_the_run_killed(self):
        _, db = support.workspace()
        done = support.run_script(
            """
            import os, signal, mlcycle
            for step in range(1234):
                mlcycle.log_metric("loss", 1.0, step=step)
            os.kill(os.getpid(), signal.SIGTERM)
            while True:
                pass
            """,
            db,
            MLCYCLE_FLUSH_SECONDS="600",
        )
        self.assertEqual(done.returncode, 128 + signal.SIGTERM, done.stderr)
        self.assertEqual(only_run(db)[2], "killed")
        self.assertEqual(support.query(db, "SELECT count(*), max(step) FROM metrics"), [(1234, 1233)])

    def test_points_are_written_every_second_without_waiting_for_the_end(self):
        root, db = support.workspace()
        go = os.path.join(root, "go")
        writer = support.spawn_script(
            """
            import os, time, mlcycle
            mlcycle.log_metric("loss", 0.5)
            while not os.path.exists(%r):
                time.sleep(0.01)
            """
            % go,
            db,
        )
        try:
            support.wait_for(lambda: support.stored_points(db) == 1)
            self.assertIsNone(writer.poll())
        finally:
            open(go, "w").close()
            writer.communicate(timeout=30)


class JoinedRunTest(unittest.TestCase):
    def test_a_script_launched_by_mlcycle_logs_to_the_launchers_run_and_leaves_its_status_alone(self):
        _, db = support.workspace()
        conn = connect(db)
        conn.execute("INSERT INTO experiments(name, created_at) VALUES ('Default', 0)")
        conn.execute("INSERT INTO runs(id, experiment_id, name, status, created_at) VALUES ('launched', 1, 'queued-name', 'running', 0)")
        conn.execute("INSERT INTO metric_summaries VALUES ('launched', 'loss', '', 0.9, 4, 0.9, 0.9, 1)")
        conn.close()
        done = support.run_script(
            """
            import mlcycle
            with mlcycle.start_run(name="from-script") as run:
                print(run.id)
                mlcycle.log_metric("loss", 0.5)
            with mlcycle.start_run() as child:
                mlcycle.log_metric("loss", 0.1)
            """,
            db,
            MLCYCLE_RUN_ID="launched",
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.split()[0], "launched")
        rows = support.query(db, "SELECT id, name, status, parent_run_id FROM runs ORDER BY created_at")
        self.assertEqual(rows[0], ("launched", "from-script", "running", None))
        self.assertEqual((rows[1][2], rows[1][3]), ("finished", "launched"))
        self.assertEqual(support.query(db, "SELECT step, value FROM metrics WHERE run_id = 'launched'"), [(5, 0.5)])


class FilesAndPredictionsTest(unittest.TestCase):
    def test_artifacts_are_copied_with_their_hash_and_datasets_versioned_by_content(self):
        root, db = support.workspace()
        os.makedirs(os.path.join(root, "out", "plots"))
        for path, text in (("model.bin", "weights"), ("out/plots/a.txt", "A"), ("train.csv", "x,y\n1,2\n"), ("dev.csv", "x,y\n1,2\n")):
            with open(os.path.join(root, path), "w") as f:
                f.write(text)
        done = support.run_script(
            """
            import mlcycle
            with mlcycle.start_run() as run:
                mlcycle.log_artifact("model.bin")
                mlcycle.log_artifacts("out", artifact_path="extra")
                mlcycle.log_dataset("train.csv", "train")
                mlcycle.log_dataset("dev.csv", role="dev")
                print(run.artifact_dir)
            """,
            db,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        sha = lambda text: hashlib.sha256(text.encode()).hexdigest()
        artifacts = support.query(db, "SELECT path, sha256, size FROM artifacts ORDER BY path")
        self.assertEqual(artifacts, [("extra/out/plots/a.txt", sha("A"), 1), ("model.bin", sha("weights"), 7)])
        artifact_dir = done.stdout.strip()
        self.assertEqual(artifact_dir, os.path.join(root, ".mlcycle", "artifacts", only_run(db)[0]))
        with open(os.path.join(artifact_dir, "extra", "out", "plots", "a.txt")) as f:
            self.assertEqual(f.read(), "A")
        datasets = support.query(
            db,
            "SELECT d.path, v.sha256, rd.role FROM run_datasets rd JOIN dataset_versions v ON v.id = rd.version_id JOIN datasets d ON d.id = v.dataset_id ORDER BY rd.role",
        )
        self.assertEqual(datasets, [(os.path.join(root, "dev.csv"), sha("x,y\n1,2\n"), "dev"), (os.path.join(root, "train.csv"), sha("x,y\n1,2\n"), "train")])

    def test_predictions_keep_labels_comparable_and_features_as_json(self):
        _, db = support.workspace()
        done = support.run_script(
            """
            import mlcycle
            mlcycle.log_predictions([1, 2, "c"], [1, 0, "cat"], [1.0, 1, "dog"], scores=[[0.2, 0.8], 0.4, None],
                                    features=[{"age": 31, "x": float("nan")}, None, {"s": "t"}], split="test")
            """,
            db,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        rows = support.query(db, "SELECT split, example_id, y_true, y_pred, score, features FROM predictions ORDER BY example_id")
        self.assertEqual(rows, [("test", "1", "1", "1", 0.8, '{"age":31,"x":"NaN"}'), ("test", "2", "0", "1", 0.4, None), ("test", "c", "cat", "dog", None, '{"s":"t"}')])

    def test_a_value_too_large_is_refused_at_the_call_naming_the_key(self):
        _, db = support.workspace()
        done = support.run_script(
            """
            import mlcycle
            mlcycle.log_param("ok", 1)
            try:
                mlcycle.log_param("vocabulary", "w" * 2000000)
            except ValueError as error:
                print(error)
            """,
            db,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn('param "vocabulary" is 2000002 bytes, over the 1 MB limit', done.stdout)
        self.assertEqual(support.query(db, "SELECT key FROM params"), [("ok",)])


class RollupTest(unittest.TestCase):
    def test_rollups_and_summaries_match_the_points_whatever_the_order_and_nan(self):
        _, db = support.workspace()
        done = support.run_script(
            """
            import random, mlcycle
            random.seed(3)
            for step in list(range(3000)) + [50, 7000, -5]:
                value = float("nan") if random.random() < 0.01 else random.random()
                mlcycle.log_metric("m", value, step=step)
                if step % 700 == 0:
                    mlcycle.flush()
            """,
            db,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        for width in (64, 1024, 16384):
            expected = support.query(
                db,
                "SELECT CASE WHEN step >= 0 THEN step / ?1 ELSE -((?1 - 1 - step) / ?1) END AS b, count(*), min(value), "
                "max(value), min(CASE WHEN value IS NULL THEN step END) FROM metrics GROUP BY b ORDER BY b",
                (width,),
            )
            stored = support.query(db, "SELECT bucket, count, min_value, max_value, nan_step FROM metric_rollups WHERE width = ? ORDER BY bucket", (width,))
            self.assertEqual(stored, expected, width)
        self.assertEqual(
            support.query(db, "SELECT last_value IS NULL OR last_value = (SELECT value FROM metrics WHERE step = -5), last_step, count FROM metric_summaries"),
            [(1, -5, 3003)],
        )


if __name__ == "__main__":
    unittest.main()
