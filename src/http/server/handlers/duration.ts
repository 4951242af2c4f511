// Go `time.ParseDuration` for the sync timeout ("10s", "1m30s", "250ms"), in milliseconds.

import { HttpError } from '../respond.ts';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseGoDuration(text: string): number {
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!m && text !== '0') throw new HttpError(400, `time: invalid duration "${text}"`);
  let total = 0;
  for (const [, num, unit] of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(num) * UNIT_MS[unit];
  return text.startsWith('-') ? -total : total;
}
