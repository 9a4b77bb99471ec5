import { Chart, registerables, type ChartOptions } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';

Chart.register(...registerables, zoomPlugin);

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Charts follow the VS Code theme: text, grid and font from its CSS variables, re-read on theme change. */
export function applyThemeDefaults(): void {
  Chart.defaults.color = cssVar('--vscode-descriptionForeground', '#888');
  Chart.defaults.borderColor = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  Chart.defaults.font.family = cssVar('--vscode-font-family', 'sans-serif');
  Chart.defaults.animation = false;
}

/** Distinct colours for any number of series: the golden angle walks the hue circle without repeating soon. */
export function seriesColor(index: number, alpha = 1): string {
  const hue = (index * 137.508 + 210) % 360;
  return `hsla(${hue.toFixed(1)}, 70%, 55%, ${alpha})`;
}

export function themeColor(name: string, fallback: string): string {
  return cssVar(name, fallback);
}

/** Wheel and pinch zoom, drag to pan with the shift key, double-click resets (set up by the caller). */
export const zoomOptions: NonNullable<ChartOptions<'line'>['plugins']>['zoom'] = {
  zoom: { wheel: { enabled: true }, pinch: { enabled: true }, drag: { enabled: true, modifierKey: 'shift' }, mode: 'xy' },
  pan: { enabled: true, mode: 'xy', modifierKey: 'ctrl' },
};

export { Chart };

new MutationObserver(applyThemeDefaults).observe(document.body, { attributes: true, attributeFilter: ['class'] });
applyThemeDefaults();
