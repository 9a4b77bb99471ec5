"""Writing buffered metric points: the same rows, summaries and rollups as src/core/store/metricsWriter.ts."""

from bisect import bisect_left

#: Bucket widths (in steps) of metric_rollups; metricsWriter.ts uses the same.
ROLLUP_WIDTHS = (64, 1024, 16384)
ROWS_PER_INSERT = 100

_COLUMNS = "INSERT INTO metrics(run_id, key, context, step, ts, value) VALUES "
# The series' names are bound once per statement (?1, ?2, ?3); each row adds its step, ts and value.
INSERT_MANY = _COLUMNS + ", ".join(
    "(?1, ?2, ?3, ?%d, ?%d, ?%d)" % (4 + 3 * r, 5 + 3 * r, 6 + 3 * r) for r in range(ROWS_PER_INSERT)
)
INSERT_ONE = _COLUMNS + "(?, ?, ?, ?, ?, ?)"

UPSERT_ROLLUP = """
INSERT INTO metric_rollups(run_id, key, context, width, bucket, count, min_value, min_step, min_ts, max_value, max_step, max_ts, nan_step, nan_ts)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(run_id, key, context, width, bucket) DO UPDATE SET
  count = count + excluded.count,
  min_value = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_value ELSE min_value END,
  min_step = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_step ELSE min_step END,
  min_ts = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_ts ELSE min_ts END,
  max_value = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_value ELSE max_value END,
  max_step = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_step ELSE max_step END,
  max_ts = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_ts ELSE max_ts END,
  nan_ts = CASE WHEN nan_step IS NULL THEN excluded.nan_ts ELSE nan_ts END,
  nan_step = coalesce(nan_step, excluded.nan_step)"""

UPSERT_SUMMARY = """
INSERT INTO metric_summaries(run_id, key, context, last_value, last_step, min_value, max_value, count)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(run_id, key, context) DO UPDATE SET
  last_value = excluded.last_value,
  last_step = excluded.last_step,
  min_value = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_value ELSE min_value END,
  max_value = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_value ELSE max_value END,
  count = count + excluded.count"""

# An envelope: [bucket, count, min_value, min_step, min_ts, max_value, max_step, max_ts, nan_step, nan_ts]
BUCKET, COUNT, MIN_V, MIN_S, MIN_T, MAX_V, MAX_S, MAX_T, NAN_S, NAN_T = range(10)


def _empty(bucket):
    return [bucket, 0, None, None, None, None, None, None, None, None]


def _add(e, step, ts, value):
    e[COUNT] += 1
    if value is None:
        if e[NAN_S] is None:
            e[NAN_S], e[NAN_T] = step, ts
        return
    if e[MIN_V] is None or value < e[MIN_V]:
        e[MIN_V], e[MIN_S], e[MIN_T] = value, step, ts
    if e[MAX_V] is None or value > e[MAX_V]:
        e[MAX_V], e[MAX_S], e[MAX_T] = value, step, ts


def _merge(target, e):
    target[COUNT] += e[COUNT]
    if e[MIN_V] is not None and (target[MIN_V] is None or e[MIN_V] < target[MIN_V]):
        target[MIN_V], target[MIN_S], target[MIN_T] = e[MIN_V], e[MIN_S], e[MIN_T]
    if e[MAX_V] is not None and (target[MAX_V] is None or e[MAX_V] > target[MAX_V]):
        target[MAX_V], target[MAX_S], target[MAX_T] = e[MAX_V], e[MAX_S], e[MAX_T]
    if target[NAN_S] is None and e[NAN_S] is not None:
        target[NAN_S], target[NAN_T] = e[NAN_S], e[NAN_T]


def _fine_envelopes(steps, tss, values):
    """Envelopes of the finest width; with sorted steps and no NaN, min/max/index run at C speed per bucket."""
    width = ROLLUP_WIDTHS[0]
    if None in values or steps != sorted(steps):
        buckets = {}
        for step, ts, value in zip(steps, tss, values):
            bucket = step // width
            e = buckets.get(bucket)
            if e is None:
                e = buckets[bucket] = _empty(bucket)
            _add(e, step, ts, value)
        return list(buckets.values())
    envelopes = []
    lo, n = 0, len(steps)
    while lo < n:
        bucket = steps[lo] // width
        hi = bisect_left(steps, (bucket + 1) * width, lo, n)
        chunk = values[lo:hi]
        low, high = min(chunk), max(chunk)
        i, j = lo + chunk.index(low), lo + chunk.index(high)
        envelopes.append([bucket, hi - lo, low, steps[i], tss[i], high, steps[j], tss[j], None, None])
        lo = hi
    return envelopes


def write_series(conn, run_id, key, context, steps, tss, values):
    """Inserts one series' points (columns in logging order) with its summary and rollups."""
    n = len(values)
    full = n - n % ROWS_PER_INSERT
    if full:
        flat = [None] * (3 * full)
        flat[0::3], flat[1::3], flat[2::3] = steps[:full], tss[:full], values[:full]
        head = [run_id, key, context]
        width = 3 * ROWS_PER_INSERT
        conn.executemany(INSERT_MANY, (head + flat[i : i + width] for i in range(0, len(flat), width)))
    if full < n:
        conn.executemany(INSERT_ONE, [(run_id, key, context, s, t, v) for s, t, v in zip(steps[full:], tss[full:], values[full:])])
    fine = _fine_envelopes(steps, tss, values)
    rows = []
    whole = _empty(0)
    for e in fine:
        _merge(whole, e)
        rows.append((run_id, key, context, ROLLUP_WIDTHS[0]) + tuple(e))
    for coarse_width in ROLLUP_WIDTHS[1:]:
        coarse = {}
        for e in fine:
            bucket = e[BUCKET] * ROLLUP_WIDTHS[0] // coarse_width
            target = coarse.get(bucket)
            if target is None:
                target = coarse[bucket] = _empty(bucket)
            _merge(target, e)
        rows.extend((run_id, key, context, coarse_width) + tuple(e) for e in coarse.values())
    conn.executemany(UPSERT_ROLLUP, rows)
    conn.execute(UPSERT_SUMMARY, (run_id, key, context, values[-1], steps[-1], whole[MIN_V], whole[MAX_V], whole[COUNT]))
