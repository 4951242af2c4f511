// Reading a command's payload the DefraDB way: the literal argument, `-` for stdin, or `-f file`
// (files win over the argument when both are given, as in DefraDB's `schema add`).
import { readFileSync } from 'node:fs';
import { CliError } from './output.ts';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function readFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`failed to read file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export interface PayloadOptions {
  arg?: string;
  files?: string | string[];
  what: string;
  /** Read stdin when neither an argument nor a file is given and stdin is not a terminal. */
  stdinWhenEmpty?: boolean;
}

export async function readPayload(o: PayloadOptions): Promise<string> {
  const files = (Array.isArray(o.files) ? o.files : o.files ? [o.files] : [])
    .flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f !== '');
  if (files.length > 0) return files.map(readFile).join('\n');
  if (o.arg === '-') return readStdin();
  if (o.arg !== undefined) return o.arg;
  if (o.stdinWhenEmpty && !process.stdin.isTTY) return readStdin();
  throw new CliError(`missing ${o.what}: give it as an argument, with -f <file>, or - for stdin`);
}

/** Comma/space separated list from repeatable options (`-c a,b -c c`). */
export function listArg(v: string | string[] | undefined): string[] {
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return items.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** Commander collector for repeatable options. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
