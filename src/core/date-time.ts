// DateTime values as Go handles them: parsed with time.Parse(time.RFC3339, s) (fractional seconds
// accepted) and written back with Format(time.RFC3339Nano): the parsed zone offset is kept, the
// fraction loses trailing zeros, a zero offset becomes `Z` (datamodel.md §1.3, §7.5).

import { DefraError } from '../client/index.ts';

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const re = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** A parsed instant: seconds since the Unix epoch, nanoseconds, and the zone offset in seconds. */
export interface ParsedDateTime { unixSeconds: number; nanos: number; offsetSeconds: number }

/** Seconds from 0001-01-01T00:00:00Z to the Unix epoch (Go's zero time). */
const ZERO_TIME_UNIX = -62135596800;

export const ErrInvalidDateTime = (s: string) =>
  new DefraError('invalid-datetime', `parsing time ${JSON.stringify(s)} as "${RFC3339}": cannot parse ${JSON.stringify(s)} as "2006"`);

function daysFromCivil(y: number, m: number, d: number): number {
  // Howard Hinnant's algorithm; valid for every proleptic Gregorian year.
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const daysIn = (y: number, m: number): number =>
  m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

export function parseDateTime(s: string): ParsedDateTime {
  const m = re.exec(s);
  if (!m) throw ErrInvalidDateTime(s);
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || se > 59) throw ErrInvalidDateTime(s);
  const nanos = m[7] ? Number(m[7].padEnd(9, '0')) : 0;
  let offsetSeconds = 0;
  if (!m[8]) {
    const oh = Number(m[10]), om = Number(m[11]);
    if (oh > 24 || om > 59) throw ErrInvalidDateTime(s);
    offsetSeconds = (oh * 3600 + om * 60) * (m[9] === '-' ? -1 : 1);
  }
  const local = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  return { unixSeconds: local - offsetSeconds, nanos, offsetSeconds };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Go `Format(time.RFC3339Nano)` of an instant in a fixed zone. */
export function formatDateTime(t: ParsedDateTime): string {
  const local = t.unixSeconds + t.offsetSeconds;
  const days = Math.floor(local / 86400);
  let rem = local - days * 86400;
  const [y, mo, d] = civilFromDays(days);
  const h = Math.floor(rem / 3600); rem -= h * 3600;
  const mi = Math.floor(rem / 60);
  const se = rem - mi * 60;
  let out = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(se)}`;
  if (t.nanos) out += '.' + pad(t.nanos, 9).replace(/0+$/, '');
  if (t.offsetSeconds === 0) return out + 'Z';
  const off = Math.abs(t.offsetSeconds);
  return `${out}${t.offsetSeconds < 0 ? '-' : '+'}${pad(Math.floor(off / 3600))}:${pad(Math.floor((off % 3600) / 60))}`;
}

/** Go time.IsZero: the instant 0001-01-01T00:00:00Z, whatever the zone. */
export const isZeroTime = (t: ParsedDateTime): boolean => t.unixSeconds === ZERO_TIME_UNIX && t.nanos === 0;

/** Parse and re-format; undefined for Go's zero time (stored as null). */
export function normalizeDateTime(s: string): string | null {
  const t = parseDateTime(s);
  return isZeroTime(t) ? null : formatDateTime(t);
}
