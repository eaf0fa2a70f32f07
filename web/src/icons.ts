// Inline stroke icons (24×24 grid) built as SVG elements: no image requests, no inline styles.

const PATHS = {
  shield: 'M12 3l7 3v6c0 4.2-3 7.8-7 9-4-1.2-7-4.8-7-9V6z',
  shieldCheck: 'M12 3l7 3v6c0 4.2-3 7.8-7 9-4-1.2-7-4.8-7-9V6z M9 12l2 2 4-4',
  shieldOff: 'M12 3l7 3v6c0 4.2-3 7.8-7 9-4-1.2-7-4.8-7-9V6z M12 8v4 M12 16h.01',
  git: 'M6 3v12 M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M18 9a9 9 0 0 1-9 9',
  play: 'M7 4l13 8-13 8z',
  stop: 'M6 6h12v12H6z',
  trash: 'M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13',
  external: 'M14 4h6v6 M20 4l-9 9 M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5',
  copy: 'M9 9h11v11H9z M5 15H4V4h11v1',
  pause: 'M8 5v14 M16 5v14',
  follow: 'M12 4v14 M6 12l6 6 6-6 M5 21h14',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z M21 21l-5-5',
  sun: 'M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M12 2v2 M12 20v2 M4.9 4.9l1.4 1.4 M17.7 17.7l1.4 1.4 M2 12h2 M20 12h2 M4.9 19.1l1.4-1.4 M17.7 6.3l1.4-1.4',
  moon: 'M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z',
  monitor: 'M3 4h18v12H3z M8 20h8 M12 16v4',
  logout: 'M9 21H5a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h4 M16 17l5-5-5-5 M21 12H9',
  doctor: 'M22 12h-4l-3 9L9 3l-3 9H2',
  ghost:
    'M9 10h.01 M15 10h.01 M12 2a8 8 0 0 0-8 8v12l3-3 2.5 3 2.5-3 2.5 3 2.5-3 3 3V10a8 8 0 0 0-8-8z',
  folder: 'M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z',
  file: 'M6 3h8l4 4v14H6z M14 3v4h4 M9 12h6 M9 16h6',
  download: 'M12 3v12 M7 10l5 5 5-5 M4 20h16',
  back: 'M19 12H5 M12 19l-7-7 7-7',
  close: 'M18 6L6 18 M6 6l12 12',
  check: 'M4 12l5 5L20 6',
  alert: 'M12 3l10 18H2z M12 10v4 M12 17h.01',
  refresh: 'M20 11a8 8 0 0 0-14.7-4.4L4 8 M4 4v4h4 M4 13a8 8 0 0 0 14.7 4.4L20 16 M20 20v-4h-4',
  info: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z M12 16v-4 M12 8h.01',
  help: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3 M12 17h.01',
  archive: 'M3 4h18v4H3z M5 8v12h14V8 M10 12h4',
  terminal: 'M4 17l6-5-6-5 M12 19h8',
  clock: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z M12 6v6l4 2',
  chevron: 'M9 6l6 6-6 6',
  bell: 'M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z M10 21h4',
  bellOff: 'M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z M10 21h4 M3 3l18 18',
  settings: 'M4 6h16 M4 12h16 M4 18h16 M9 4v4 M15 10v4 M7 16v4',
  logo: 'M12 2.5a3 3 0 1 0 0 6 3 3 0 0 0 0-6z M5 15.5a3 3 0 1 0 0 6 3 3 0 0 0 0-6z M19 15.5a3 3 0 1 0 0 6 3 3 0 0 0 0-6z M10.6 8.2l-4.1 7.5 M13.4 8.2l4.1 7.5 M8 18.5h8',
} as const;

export type IconName = keyof typeof PATHS;

/** Narrows a string (e.g. a data-icon attribute) to a known icon name. */
export function isIconName(name: string): name is IconName {
  return Object.hasOwn(PATHS, name);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An aria-hidden icon; the control that holds it carries the label. */
export function icon(name: IconName, className = 'icon'): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.appendChild(path);
  return svg;
}
