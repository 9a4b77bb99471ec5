import os
import sqlite3
import unittest

import support
from mlcycle import _schema
from mlcycle._schema import LATEST_SCHEMA_VERSION, StoreError, connect


def store_with_a_run():
    _, db = support.workspace()
    conn = connect(db)
    conn.execute("INSERT INTO experiments(name, created_at) VALUES ('Default', 0)")
    conn.execute("INSERT INTO runs(id, experiment_id, name, status, created_at) VALUES ('keep', 1, 'r', 'running', 0)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class ConnectTest(unittest.TestCase):
    def test_creates_the_store_with_the_shared_schema_in_wal_mode(self):
        _, db = support.workspace()
        conn = connect(db)
        self.assertEqual(conn.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        self.assertEqual(conn.execute("PRAGMA foreign_keys").fetchone()[0], 1)
        self.assertEqual(conn.execute("PRAGMA user_version").fetchone()[0], LATEST_SCHEMA_VERSION)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.assertTrue({"runs", "metrics", "metric_summaries", "metric_rollups", "predictions", "run_datasets"} <= tables)
        self.assertIn("CREATE TABLE metrics", _schema.MIGRATIONS[0][2])
        conn.close()

    def test_refuses_a_newer_schema_and_leaves_the_file_unchanged(self):
        db = store_with_a_run()
        raw = sqlite3.connect(db)
        raw.execute("PRAGMA user_version = %d" % (LATEST_SCHEMA_VERSION + 1))
        raw.close()
        before = read_bytes(db)
        with self.assertRaisesRegex(StoreError, "%s was written by a newer mlcycle" % db):
            connect(db)
        self.assertEqual(read_bytes(db), before)

    def test_refuses_garbage_truncation_and_foreign_databases_without_writing(self):
        _, garbage = support.workspace()
        os.makedirs(os.path.dirname(garbage))
        with open(garbage, "w") as f:
            f.write("not a database\n" * 100)
        with self.assertRaisesRegex(StoreError, "%s is not an mlcycle store" % garbage):
            connect(garbage)
        self.assertEqual(read_bytes(garbage), b"not a database\n" * 100)

        truncated = store_with_a_run()
        with open(truncated, "r+b") as f:
            f.truncate(os.path.getsize(truncated) // 2)
        before = read_bytes(truncated)
        with self.assertRaisesRegex(StoreError, "%s is truncated" % truncated):
            connect(truncated)
        self.assertEqual(read_bytes(truncated), before)

        _, foreign = support.workspace()
        os.makedirs(os.path.dirname(foreign))
        raw = sqlite3.connect(foreign)
        raw.execute("CREATE TABLE customers (id INTEGER)")
        raw.close()
        with self.assertRaisesRegex(StoreError, "not an mlcycle store"):
            connect(foreign)

    def test_copies_the_file_before_migrating_it(self):
        db = store_with_a_run()
        extra = (LATEST_SCHEMA_VERSION + 1, "colour", "ALTER TABLE runs ADD COLUMN colour TEXT;\n")
        saved = (_schema.MIGRATIONS, _schema.LATEST_SCHEMA_VERSION)
        _schema.MIGRATIONS, _schema.LATEST_SCHEMA_VERSION = saved[0] + [extra], extra[0]
        try:
            connect(db).close()
        finally:
            _schema.MIGRATIONS, _schema.LATEST_SCHEMA_VERSION = saved
        backup = "%s.bak-v%d" % (db, LATEST_SCHEMA_VERSION)
        self.assertEqual(support.query(backup, "PRAGMA user_version"), [(LATEST_SCHEMA_VERSION,)])
        self.assertEqual(support.query(backup, "SELECT id FROM runs"), [("keep",)])
        self.assertEqual(support.query(db, "PRAGMA user_version"), [(LATEST_SCHEMA_VERSION + 1,)])
        self.assertEqual(support.query(db, "SELECT id, colour FROM runs"), [("keep", None)])


if __name__ == "__main__":
    unittest.main()
