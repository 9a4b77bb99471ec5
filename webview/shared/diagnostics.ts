// What both diagnostics views share: number formats, theme colours for charts, the "what is missing" box.
import type { MissingInput } from '../../src/protocol/diagnostics';
import { themeColor } from './charts';
import { el } from './dom';

/** 0.045 → "4.5%"; small rates keep two decimals so 0.4% does not read 0%. */
export function percent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  const value = fraction * 100;
  return `${value.toFixed(Math.abs(value) < 1 && value !== 0 ? 2 : 1)}%`;
}

/** A difference of two rates in percentage points, signed: "+1.0 pts". */
export function points(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  const value = fraction * 100;
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(Math.abs(value) < 1 && value !== 0 ? 2 : 1)} pts`;
}

/** Plain numbers as people read them: 3 significant digits, whole numbers as they are. */
export function number(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(+value.toPrecision(digits));
}

/** A VS Code theme colour for canvas drawing, optionally see-through. */
export function chartColor(name: string, alpha = 1): string {
  const fallbacks: Record<string, string> = {
    '--vscode-charts-blue': '#3794ff', '--vscode-charts-red': '#f14c4c', '--vscode-charts-orange': '#d18616', '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7', '--vscode-charts-foreground': '#cccccc', '--vscode-charts-lines': '#808080',
  };
  return withAlpha(themeColor(name, fallbacks[name] ?? '#888888'), alpha);
}

function withAlpha(color: string, alpha: number): string {
  if (alpha >= 1) return color;
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1].length <= 4 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(color.trim());
  if (rgb) {
    const [r, g, b] = rgb[1].split(/[ ,/]+/);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
}

/** What the run did not log and the line that logs it; optional items say what the view would add with them. */
export function missingBox(missing: MissingInput[], title = 'What is missing'): HTMLElement | null {
  if (!missing.length) return null;
  return el('section', { class: 'missing', 'aria-label': title },
    el('h2', {}, title),
    el('ul', {}, ...missing.map((m) => el('li', { class: m.optional ? 'optional' : 'required' },
      el('span', { class: 'what' }, m.what),
      m.optional ? el('span', { class: 'badge' }, 'optional') : null,
      el('div', { class: 'how' }, el('span', { class: 'muted' }, 'log it: '), el('code', {}, m.how)))))); 
}

export function notesList(notes: string[]): HTMLElement | null {
  if (!notes.length) return null;
  return el('ul', { class: 'notes' }, ...notes.map((n) => el('li', {}, n)));
}

/** A heading with an optional line under it saying how to read what follows. */
export function cardTitle(title: string, help?: string): HTMLElement[] {
  return [el('h2', {}, title), ...(help ? [el('p', { class: 'help' }, help)] : [])];
}

/** Sets a CSS custom property from script (CSP allows CSSOM, not style attributes). */
export function cssProp(node: HTMLElement, name: string, value: string | number): HTMLElement {
  node.style.setProperty(name, String(value));
  return node;
}
