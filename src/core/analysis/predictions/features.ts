import type Database from 'better-sqlite3';

export interface FeatureSpec {
  name: string;
  kind: 'numeric' | 'categorical';
  /** JSON path of the feature in the features object. */
  path: string;
}

/** Rows sampled to find the feature names and their kinds. */
const sampleRows = 1000;

/** A quoted JSON path; null for a name SQLite cannot address (it holds a double quote). */
export function featurePath(name: string): string | null {
  return name.includes('"') ? null : `$."${name}"`;
}

/**
 * The features of a split from its first rows: numeric when every sampled value is a number, categorical
 * otherwise; nested objects and lists are left out. `wanted` picks features by name (kept in that order).
 */
export function discoverFeatures(db: Database.Database, runId: string, split: string, options: { wanted?: string[]; max?: number } = {}): { features: FeatureSpec[]; notes: string[] } {
  const rows = db.prepare(`SELECT j.key AS key, j.type AS type, COUNT(*) AS n
    FROM (SELECT features FROM predictions WHERE run_id = ? AND split = ? AND CASE WHEN json_valid(features) THEN json_type(features) END = 'object' LIMIT ${sampleRows}) p, json_each(p.features) j
    GROUP BY j.key, j.type`).all(runId, split) as { key: string; type: string }[];
  const types = new Map<string, Set<string>>();
  for (const r of rows) types.set(r.key, (types.get(r.key) ?? new Set()).add(r.type));
  const notes: string[] = [];
  const specOf = (name: string): FeatureSpec | null => {
    const seen = new Set([...(types.get(name) ?? [])].filter((t) => t !== 'null'));
    const path = featurePath(name);
    if (!path) {
      notes.push(`feature "${name}" has a double quote in its name and is left out`);
      return null;
    }
    if (seen.has('object') || seen.has('array')) {
      notes.push(`feature "${name}" holds objects or lists and is left out of cohorts`);
      return null;
    }
    const numeric = seen.size > 0 && [...seen].every((t) => t === 'integer' || t === 'real');
    return { name, kind: numeric ? 'numeric' : 'categorical', path };
  };
  if (options.wanted) {
    const unseen = options.wanted.filter((w) => !types.has(w));
    if (unseen.length) notes.push(`feature${unseen.length > 1 ? 's' : ''} ${unseen.map((u) => `"${u}"`).join(', ')} not found in the first ${sampleRows} predictions`);
    return { features: options.wanted.filter((w) => types.has(w)).map(specOf).filter((s): s is FeatureSpec => s !== null), notes };
  }
  const names = [...types.keys()].sort();
  const max = options.max ?? 20;
  if (names.length > max) notes.push(`${names.length} features logged; the first ${max} by name are analysed (choose others by name)`);
  return { features: names.slice(0, max).map(specOf).filter((s): s is FeatureSpec => s !== null), notes };
}

/** SQL for a numeric feature of predictions `p`: the number, or NULL when missing, not a number or the features are not JSON. */
export function numericFeatureSql(params: unknown[], path: string): string {
  params.push(path, path);
  return "(CASE WHEN json_valid(p.features) THEN CASE WHEN json_type(p.features, ?) IN ('integer', 'real') THEN json_extract(p.features, ?) END END)";
}

/** SQL for a categorical feature of predictions `p`: its JSON text ("\"paris\"", "true", "3"), NULL when missing. */
export function categoricalFeatureSql(params: unknown[], path: string): string {
  params.push(path);
  return "(CASE WHEN json_valid(p.features) THEN NULLIF(p.features -> ?, 'null') END)";
}

/** How a categorical JSON text reads: "\"paris\"" → paris, "true" → true. */
export function categoryLabel(jsonText: string): string {
  if (!jsonText.startsWith('"')) return jsonText;
  try {
    return String(JSON.parse(jsonText));
  } catch {
    return jsonText;
  }
}
