import { UserError } from '../errors';

/** Longest key (param, tag, metric, context) the store accepts: a name, not a payload. */
export const MAX_KEY_LENGTH = 250;
/** Largest param or tag value, in UTF-8 bytes of its stored text. Bigger values belong in an artifact. */
export const MAX_VALUE_BYTES = 1_000_000;

function shown(key: string): string {
  return key.length > 60 ? `${JSON.stringify(key.slice(0, 40))}… (${key.length} characters)` : JSON.stringify(key);
}

/** A key must be a non-empty string of at most MAX_KEY_LENGTH characters; it is refused, never cut. */
export function checkKey(kind: string, key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw new UserError(`a ${kind} name must be a non-empty string, got ${JSON.stringify(key) ?? String(key)}`);
  if (key.length > MAX_KEY_LENGTH) throw new UserError(`${kind} name ${shown(key)} is longer than ${MAX_KEY_LENGTH} characters; use a shorter name`);
  return key;
}

/** A metric context ('train', 'dev', …) may be empty: that is the series without a context. */
export function checkContext(context: unknown): string {
  if (typeof context !== 'string') throw new UserError(`a metric context must be a string, got ${JSON.stringify(context) ?? typeof context}`);
  if (context.length > MAX_KEY_LENGTH) throw new UserError(`metric context ${shown(context)} is longer than ${MAX_KEY_LENGTH} characters; use a shorter name`);
  return context;
}

function checkSize(kind: string, key: string, text: string): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_VALUE_BYTES) {
    throw new UserError(`${kind} ${shown(key)} is ${bytes} bytes, over the 1 MB limit; it was not stored. Log large values as an artifact instead.`);
  }
  return text;
}

/** JSON has no NaN or Infinity: they are kept as the strings "NaN", "Infinity", "-Infinity" rather than lost to null. */
function nonFiniteAsString(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A param's stored text: JSON of any JSON type. */
export function paramText(key: string, value: unknown): string {
  checkKey('param', key);
  let text: string | undefined;
  try {
    text = JSON.stringify(value, nonFiniteAsString);
  } catch (error) {
    throw new UserError(`param ${shown(key)} cannot be stored as JSON: ${(error as Error).message}`);
  }
  if (text === undefined) throw new UserError(`param ${shown(key)} has no JSON value (got ${typeof value})`);
  return checkSize('param', key, text);
}

export function tagText(key: string, value: unknown): string {
  checkKey('tag', key);
  if (value === null || value === undefined || typeof value === 'object') {
    throw new UserError(`tag ${shown(key)} must be a string, number or boolean, got ${value === null ? 'null' : typeof value}`);
  }
  return checkSize('tag', key, String(value));
}

/** Reads a stored param back; text that is not JSON (written by another tool) is returned as the string it is. */
export function parseParam(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A metric value as SQLite keeps it: NaN becomes NULL, everything else (±Infinity included) as is. */
export function storedMetricValue(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

export function readMetricValue(value: number | null): number {
  return value === null ? Number.NaN : value;
}

/**
 * A prediction label as text, the same in the Python client: strings as they are, numbers as JavaScript prints them
 * (so 1 and 1.0 both become "1" and compare equal), booleans as true/false, anything else as JSON.
 */
export function labelText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value, nonFiniteAsString);
}
