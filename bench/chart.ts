/** @module bench/chart — a small SVG line chart of the dirty fan-out: response time against rendered components. */

/**
 * Mean response time against dirty components, with the straight line through the ends: a
 * quadratic step would show as the curve leaving the line.
 *
 * @example
 * writeFileSync('fan-out.svg', fanOutChart([{ cells: 1, mean: 0.4 }, { cells: 100, mean: 3 }]))
 */
export function fanOutChart (points: Array<{ cells: number, mean: number, bytes: number }>): string {
  const W = 480
  const H = 260
  const pad = 48
  const maxX = Math.max(...points.map((p) => p.cells))
  const maxY = Math.max(...points.map((p) => p.mean)) * 1.15
  const x = (v: number): number => pad + (v / maxX) * (W - 2 * pad)
  const y = (v: number): number => H - pad - (v / maxY) * (H - 2 * pad)
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.cells).toFixed(1)},${y(p.mean).toFixed(1)}`).join(' ')
  const first = points[0]
  const last = points[points.length - 1]
  const dots = points.map((p) => `<circle cx="${x(p.cells).toFixed(1)}" cy="${y(p.mean).toFixed(1)}" r="3"/><text x="${(x(p.cells) + 6).toFixed(1)}" y="${(y(p.mean) - 6).toFixed(1)}">${p.cells}: ${p.mean.toFixed(2)} ms, ${(p.bytes / 1024).toFixed(1)} KB</text>`).join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#999"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="#999"/>
<text x="${W / 2}" y="${H - 12}" text-anchor="middle">dirty components re-rendered in one response</text>
<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">mean response time, ms</text>
<path d="M${x(first.cells).toFixed(1)},${y(first.mean).toFixed(1)} L${x(last.cells).toFixed(1)},${y(last.mean).toFixed(1)}" stroke="#bbb" stroke-dasharray="4 3" fill="none"/>
<path d="${line}" stroke="#0a58ca" stroke-width="2" fill="none"/>
<g fill="#0a58ca">${dots}</g>
</svg>
`
}
