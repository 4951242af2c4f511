// CLI output: JSON on stdout pretty-printed with two spaces (as DefraDB's writeJSON does), big
// integers kept exact; errors as one `Error: <message>` line on stderr with a non-zero exit.

type ReviverContext = { source?: string };
const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** JSON.parse keeping integers beyond 2^53 exact (bigint). */
export function parseJSON(text: string): unknown {
  const revive = (_k: string, v: unknown, ctx?: ReviverContext) =>
    typeof v === 'number' && !Number.isSafeInteger(v) && ctx?.source && /^-?\d+$/.test(ctx.source) ? BigInt(ctx.source) : v;
  return JSON.parse(text, revive as (k: string, v: unknown) => unknown);
}

export function stringifyJSON(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? rawJSON(v.toString()) : v), indent);
}

export interface Output {
  json(value: unknown): void;
  text(line: string): void;
  /** Informational lines that must not pollute stdout (e.g. the query results header). */
  note(line: string): void;
}

export const stdio: Output = {
  json: (v) => { process.stdout.write(stringifyJSON(v, 2) + '\n'); },
  text: (line) => { process.stdout.write(line + '\n'); },
  note: (line) => { process.stderr.write(line + '\n'); },
};

/** An error a command reports as `Error: <message>` (no stack, no usage). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Parses a JSON argument with a message naming what it was. */
export function parseJSONArg(text: string, what: string): unknown {
  try {
    return parseJSON(text);
  } catch (e) {
    throw new CliError(`invalid JSON for ${what}: ${(e as Error).message}`);
  }
}
