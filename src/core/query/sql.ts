/** A value bound to a `?` placeholder; better-sqlite3 binds these, so user text never becomes SQL. */
export type Bound = string | number;

/** A piece of SQL with its bound values in placeholder order. */
export class SqlFragment {
  constructor(
    readonly text: string,
    readonly params: readonly Bound[],
  ) {}
}

/** sql`a = ${value} AND ${fragment}`: values become `?` placeholders, fragments are inlined with their own values. */
export function sql(strings: TemplateStringsArray, ...parts: (SqlFragment | Bound)[]): SqlFragment {
  let text = strings[0];
  const params: Bound[] = [];
  parts.forEach((part, i) => {
    if (part instanceof SqlFragment) {
      text += part.text;
      params.push(...part.params);
    } else {
      text += '?';
      params.push(part);
    }
    text += strings[i + 1];
  });
  return new SqlFragment(text, params);
}

/** Trusted SQL written in this code base (column names, operators), never user text. */
export function trusted(text: string): SqlFragment {
  return new SqlFragment(text, []);
}

export function joinSql(fragments: SqlFragment[], separator: string): SqlFragment {
  return new SqlFragment(
    fragments.map((f) => f.text).join(separator),
    fragments.flatMap((f) => f.params),
  );
}
