/**
 * ANSI styling for plain-text renderers. Whether to colour is decided once by the caller (renderer,
 * --no-color, NO_COLOR), so this applies codes unconditionally rather than second-guessing the stream.
 */
const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39] } as const;

export type Style = keyof typeof CODES;

export function painter(enabled: boolean): (style: Style, text: string) => string {
  if (!enabled) return (_style, text) => text;
  return (style, text) => `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m`;
}
