"""How values become store text: the same rules as src/core/store/values.ts."""

import json
import math
from decimal import Decimal

MAX_KEY_LENGTH = 250
MAX_VALUE_BYTES = 1000000


def _shown(key):
    return "%s... (%d characters)" % (json.dumps(key[:40]), len(key)) if len(key) > 60 else json.dumps(key)


def check_key(kind, key):
    if not isinstance(key, str) or not key:
        raise ValueError("a %s name must be a non-empty string, got %r" % (kind, key))
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError("%s name %s is longer than %d characters; use a shorter name" % (kind, _shown(key), MAX_KEY_LENGTH))
    return key


def check_context(context):
    if not isinstance(context, str):
        raise ValueError("a metric context must be a string, got %r" % (context,))
    if len(context) > MAX_KEY_LENGTH:
        raise ValueError("metric context %s is longer than %d characters" % (_shown(context), MAX_KEY_LENGTH))
    return context


def check_size(kind, key, text):
    size = len(text.encode("utf-8"))
    if size > MAX_VALUE_BYTES:
        raise ValueError(
            "%s %s is %d bytes, over the 1 MB limit; it was not stored. Log large values as an artifact instead."
            % (kind, _shown(key), size)
        )
    return text


def _scalar(value):
    """numpy and other array-library scalars and arrays become plain Python values."""
    if hasattr(value, "tolist") and callable(value.tolist):
        return value.tolist()
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def plain(value):
    """A JSON-ready copy: NaN and ±Infinity as the strings "NaN"/"Infinity"/"-Infinity", unknown objects as str."""
    value = _scalar(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else js_number_text(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return str(value)


def json_text(value):
    return json.dumps(plain(value), allow_nan=False, separators=(",", ":"), ensure_ascii=False)


def param_text(key, value):
    check_key("param", key)
    return check_size("param", key, json_text(value))


def tag_text(key, value):
    check_key("tag", key)
    value = _scalar(value)
    if value is None or isinstance(value, (dict, list, tuple)):
        raise ValueError("tag %s must be a string, number or boolean, got %s" % (_shown(key), type(value).__name__))
    return check_size("tag", key, scalar_text(value))


def js_number_text(x):
    """A float printed as JavaScript prints it, so labels and tags compare equal whichever client wrote them."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(x)).normalize().as_tuple()
    digits = "".join(map(str, digits))
    k, n = len(digits), exponent + len(digits)
    prefix = "-" if sign else ""
    if k <= n <= 21:
        return prefix + digits + "0" * (n - k)
    if 0 < n <= 21:
        return prefix + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return prefix + "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return "%s%se%s%d" % (prefix, mantissa, "+" if e >= 0 else "-", abs(e))


def scalar_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return js_number_text(value)
    return str(value)


def label_text(value):
    """A prediction label as stored text: the same as labelText in values.ts."""
    value = _scalar(value)
    if value is None:
        return None
    if isinstance(value, (str, bool, int, float)):
        return scalar_text(value)
    return json_text(value)


def score_value(value, example_id):
    """A prediction's score: a number; a row of class probabilities keeps its largest (the model's confidence)."""
    value = _scalar(value)
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = max(value) if value else None
        if value is None:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError("prediction %r: score must be a number or a list of numbers, got %r" % (example_id, value))
    return None if math.isnan(number) else number
