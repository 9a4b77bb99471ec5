"""Opening the store file: the same checks and migrations as src/core/store (migrate.ts, sqliteFile.ts).

The schema SQL is read from python/mlcycle/migrations/NNN_name.sql, the one copy the TypeScript store reads too.
"""

import os
import re
import sqlite3
import struct
import time

BUSY_TIMEOUT_SECONDS = 10.0
#: Beyond SQLite's own busy timeout, a write is retried this long before "database is locked" is raised.
RETRY_SECONDS = 120.0
MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")
_SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """A store file mlcycle cannot use; the message names the file and says what to do."""


def load_migrations(directory=MIGRATIONS_DIR):
    found = []
    for name in os.listdir(directory):
        match = re.match(r"^(\d+)_(.+)\.sql$", name)
        if match:
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                found.append((int(match.group(1)), match.group(2).replace("_", " "), f.read()))
    found.sort()
    for index, (version, _, _) in enumerate(found):
        if version != index + 1:
            raise StoreError("mlcycle is incomplete: migration %d is missing from %s" % (index + 1, directory))
    return found


MIGRATIONS = load_migrations()
LATEST_SCHEMA_VERSION = MIGRATIONS[-1][0]


def is_locked(error):
    message = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in message or "busy" in message)


def retrying(write):
    """Runs write(); while the store stays locked past the busy timeout, waits and tries again."""
    deadline = time.monotonic() + RETRY_SECONDS
    pause = 0.005
    while True:
        try:
            return write()
        except sqlite3.OperationalError as error:
            if not is_locked(error) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.25)


def in_transaction(conn, write):
    """write(conn) inside BEGIN IMMEDIATE ... COMMIT, rolled back on any error, retried while locked."""

    def attempt():
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = write(conn)
            conn.execute("COMMIT")
            return result
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    return retrying(attempt)


def check_sqlite_file(path):
    """Refuses a file that is not SQLite or is shorter than its header says, before SQLite can write to it."""
    if os.path.isdir(path):
        raise StoreError("%s is a folder, not a store file; point MLCYCLE_DB at a file such as %s" % (path, os.path.join(path, "mlcycle.db")))
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        header = f.read(100)
    if len(header) < 100 or header[:16] != _SQLITE_HEADER:
        raise StoreError(
            "%s is not an mlcycle store (not a SQLite database%s). Nothing was changed; point MLCYCLE_DB at the "
            "right file, or move this one away." % (path, ", or truncated" if len(header) < 100 else "")
        )
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    wal = path + "-wal"
    wal_pending = os.path.exists(wal) and os.path.getsize(wal) > 0
    if change_counter == valid_for and page_count > 0 and not wal_pending and size < page_count * page_size:
        raise StoreError(
            "%s is truncated: it holds %d bytes, its header says %d. Nothing was changed; restore it from a backup."
            % (path, size, page_count * page_size)
        )


def _corruption(path, error):
    message = str(error)
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return StoreError(
            "%s is damaged (%s). Nothing was changed; restore it from a backup or point MLCYCLE_DB at another file."
            % (path, message)
        )
    return None


def user_version(conn):
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _refuse_unknown(conn, path, version):
    if version > LATEST_SCHEMA_VERSION:
        raise StoreError(
            "%s was written by a newer mlcycle (store schema version %d; this mlcycle knows up to %d). Update mlcycle "
            "to open it; the file was not changed." % (path, version, LATEST_SCHEMA_VERSION)
        )
    if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0:
        raise StoreError("%s is a SQLite database but not an mlcycle store. Nothing was changed." % path)


def _statements(sql):
    """Splits a migration into statements: executescript would commit the surrounding transaction."""
    pending = ""
    for line in sql.splitlines(True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending
            pending = ""


def _back_up(conn, path, version):
    target = "%s.bak-v%d" % (path, version)
    if os.path.exists(target):
        target = "%s.bak-v%d-%d" % (path, version, int(time.time() * 1000))
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()


def _migrate(conn, path):
    start = user_version(conn)
    if start == LATEST_SCHEMA_VERSION:
        return
    if start > 0:
        _back_up(conn, path, start)
    for version, _, sql in MIGRATIONS:
        if version <= start:
            continue

        def apply(c, version=version, sql=sql):
            current = user_version(c)
            _refuse_unknown(c, path, current)
            if current < version:
                for statement in _statements(sql):
                    c.execute(statement)
                c.execute("PRAGMA user_version = %d" % version)

        in_transaction(conn, apply)


def connect(path):
    """Opens (creating it and its folder if needed) the store at path, ready for writing."""
    if sqlite3.sqlite_version_info < (3, 24, 0):
        raise StoreError("mlcycle needs SQLite 3.24 or newer; this Python has SQLite %s" % sqlite3.sqlite_version)
    path = os.path.abspath(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    check_sqlite_file(path)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        _refuse_unknown(conn, path, user_version(conn))
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            retrying(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, path)
        return conn
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _corruption(path, error) or error
    except BaseException:
        conn.close()
        raise
