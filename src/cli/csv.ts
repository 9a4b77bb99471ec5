/** One RFC 4180 line: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(field: string | number | null | undefined): string {
  if (field === null || field === undefined) return '';
  const text = typeof field === 'number' ? String(field) : field;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
