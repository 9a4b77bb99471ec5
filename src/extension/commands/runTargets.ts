/** What a run command may be given: a run id, a tree node or anything carrying `runId`, or a list of these. */
export type RunTarget = string | { runId?: string } | readonly (string | { runId?: string })[] | undefined;

function idOf(target: string | { runId?: string } | undefined): string | undefined {
  return typeof target === 'string' ? target : typeof target?.runId === 'string' ? target.runId : undefined;
}

/**
 * The runs a command acts on. A tree's context menu passes the clicked node and then every selected node: the
 * selection counts when it includes the clicked one (VS Code's convention), else the clicked node alone.
 */
export function runIdsOf(target: RunTarget, selection?: unknown): string[] {
  const clicked = Array.isArray(target) ? target.map(idOf) : [idOf(target as string | { runId?: string } | undefined)];
  const ids = clicked.filter((id): id is string => id !== undefined);
  if (Array.isArray(selection) && ids.length === 1) {
    const selected = selection.map(idOf).filter((id): id is string => id !== undefined);
    if (selected.includes(ids[0])) return [...new Set(selected)];
  }
  return [...new Set(ids)];
}

/** A filter string literal: the query language's double quotes with \" and \\ escapes. */
export function filterString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
