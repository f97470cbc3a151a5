// Minimal SVG charts written by the report generator itself: horizontal bars, one row per
// comparison, with a reference line. Plain SVG 1.1: renders on GitHub and in any browser.

export interface Bar {
  label: string;
  value: number;
  /** Drawn in the "worse" colour. */
  worse?: boolean;
  note?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Bars from 0 to max(values, reference); a dashed line marks `reference` (e.g. ratio 1.0). */
/** With `cap`, longer bars stop at the cap (their label still gives the value, marked ▸). */
export function barChart(title: string, bars: Bar[], opts: { reference?: number; unit?: string; width?: number; cap?: number } = {}): string {
  const width = opts.width ?? 900;
  const labelW = 430;
  const rowH = 26;
  const top = 40;
  const height = top + bars.length * rowH + 30;
  const shown = (v: number) => (opts.cap !== undefined ? Math.min(v, opts.cap) : v);
  const max = Math.max(opts.reference ?? 0, ...bars.map((b) => shown(b.value))) * 1.1 || 1;
  const plotW = width - labelW - 90;
  const x = (v: number) => labelW + (v / max) * plotW;
  const rows = bars
    .map((b, i) => {
      const y = top + i * rowH;
      const w = Math.max(1, x(shown(b.value)) - labelW);
      const fill = b.worse ? '#d9534f' : '#2e7d32';
      const value = `${b.value >= 100 ? Math.round(b.value).toLocaleString('en-US') : b.value.toPrecision(3)}${opts.unit ?? ''}${b.note ? ` ${b.note}` : ''}${shown(b.value) < b.value ? ' ▸' : ''}`;
      return `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end" font-size="12">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${fill}"/>` +
        `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 17}" font-size="12">${esc(value)}</text>`;
    })
    .join('\n');
  const ref = opts.reference === undefined ? '' :
    `<line x1="${x(opts.reference).toFixed(1)}" y1="${top - 6}" x2="${x(opts.reference).toFixed(1)}" y2="${top + bars.length * rowH}" stroke="#555" stroke-dasharray="4 3"/>` +
    `<text x="${x(opts.reference).toFixed(1)}" y="${top - 10}" text-anchor="middle" font-size="11" fill="#555">${opts.reference}${opts.unit ?? ''}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="22" font-size="15" font-weight="bold">${esc(title)}</text>
${ref}
${rows}
</svg>
`;
}
