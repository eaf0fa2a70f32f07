// The log box is dark in both themes (web/static/css/base.css --log-bg): its quiet text
// (.log-empty) takes the one --log-muted colour, never a copy of a hex value, and that colour
// keeps WCAG AA contrast (4.5:1) on the log's background in the light and the dark theme.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

const CSS = new URL('../../web/static/css/', import.meta.url);

/** The value of custom property `name` in base.css. */
async function variable(name: string): Promise<string> {
  const css = await readFile(new URL('base.css', CSS), 'utf8');
  const match = new RegExp(`${name}:\\s*([^;]+);`).exec(css);
  assert.ok(match?.[1], `${name} is defined in base.css`);
  return match[1].trim();
}

/** The [light, dark] hex colours of `light-dark(#a, #b)` or of a plain `#c`. */
function themes(value: string): [string, string] {
  const pair = /^light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)$/i.exec(value);
  if (pair?.[1] && pair[2]) return [pair[1], pair[2]];
  assert.match(value, /^#[0-9a-f]{6}$/i);
  return [value, value];
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const c = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((high ?? 0) + 0.05) / ((low ?? 0) + 0.05);
}

describe('log colours', () => {
  it('.log-empty uses --log-muted, readable on the log in both themes', async () => {
    const bridge = await readFile(new URL('bridge.css', CSS), 'utf8');
    const rule = /\.log \.log-empty \{([^}]*)\}/.exec(bridge)?.[1] ?? '';
    assert.match(rule, /color:\s*var\(--log-muted\);/);
    const [muted] = themes(await variable('--log-muted'));
    const backgrounds = themes(await variable('--log-bg'));
    for (const background of backgrounds) {
      const ratio = contrast(muted, background);
      assert.ok(ratio >= 4.5, `${muted} on ${background}: ${ratio.toFixed(2)}:1`);
    }
  });
});
