/**
 * Styling for a person at a terminal only: when stdout is a file or a pipe (`npm start > start.log`), or
 * NO_COLOR is set (https://no-color.org), lines are plain text.
 */
export function colourWanted(
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

export interface Paint {
  bold(text: string): string;
  /** an SGR colour code, e.g. 36 for cyan */
  colour(code: number, text: string): string;
}

export function paint(colour = colourWanted()): Paint {
  return {
    bold: (text) => (colour ? `\x1b[1m${text}\x1b[0m` : text),
    colour: (code, text) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text),
  };
}
