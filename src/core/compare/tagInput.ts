import { UserError } from '../errors';
import { checkKey, tagText } from '../store/values';

/** "stage = prod" → { key: 'stage', value: 'prod' }: split at the first '=', both sides trimmed. */
export function parseTagAssignment(text: string): { key: string; value: string } {
  const at = text.indexOf('=');
  if (at < 0) throw new UserError(`write a tag as key=value, e.g. stage=baseline (got "${text.length > 40 ? `${text.slice(0, 40)}…` : text}")`);
  const key = text.slice(0, at).trim();
  if (!key) throw new UserError('a tag needs a name before the "=", e.g. stage=baseline');
  const value = text.slice(at + 1).trim();
  checkKey('tag', key);
  tagText(key, value);
  return { key, value };
}
