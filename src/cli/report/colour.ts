/** ANSI styling, or none; every function returns its text unchanged when colour is off. */
export interface Colour {
  enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const FORCING = new Set(['', '1', '2', '3', 'true']);

/**
 * Colour as Node.js decides it (https://nodejs.org/api/cli.html#force_color1-2-3): FORCE_COLOR set to 1, 2, 3, true
 * or empty forces it, any other value turns it off, and either way NO_COLOR is then ignored; otherwise a non-empty
 * NO_COLOR (https://no-color.org) or TERM=dumb turns it off, and a terminal turns it on.
 */
export function colourEnabled(env: Record<string, string | undefined>, isTerminal: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return FORCING.has(force);
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return isTerminal;
}

export function colour(enabled: boolean): Colour {
  const sgr = (open: number, close: number) => (text: string) =>
    enabled && text ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    enabled,
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    dim: sgr(2, 22),
    bold: sgr(1, 22),
  };
}
