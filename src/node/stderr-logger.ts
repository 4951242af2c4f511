// The node's log sink (config `log.*`): text or JSON lines on stderr (or stdout), filtered by
// level. Text lines look like DefraDB's corelog output: `Jan 02 15:04:05.000 INF node msg k=v`.
import type { Logger, LogLevel } from '../util/index.ts';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, error: 2, fatal: 3 };
const TAG: Record<LogLevel, string> = { debug: 'DBG', info: 'INF', error: 'ERR', fatal: 'FTL' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface LogOptions {
  level?: string;
  format?: string;
  output?: string;
  name?: string;
  /** Injected for tests. */
  write?: (line: string) => void;
  now?: () => Date;
}

export function parseLogLevel(s: string | undefined): LogLevel {
  const v = (s ?? 'info').toLowerCase();
  if (v === 'debug' || v === 'info' || v === 'error' || v === 'fatal') return v;
  if (v === 'warn' || v === 'warning') return 'info';
  throw new Error(`invalid log level: ${s} (expected debug, info, error or fatal)`);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function stamp(d: Date): string {
  return `${MONTHS[d.getMonth()]} ${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function fmtValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  const s = typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return s !== undefined && /[\s"=]/.test(s) ? JSON.stringify(s) : String(s);
}

/** A Logger that writes lines at or above the configured level. */
export function createLogger(opts: LogOptions = {}): Logger & { fatal(msg: string, fields?: Record<string, unknown>): void; child(name: string): Logger } {
  const min = RANK[parseLogLevel(opts.level)];
  const json = (opts.format ?? 'text') === 'json';
  const write = opts.write ?? ((line: string) => {
    (opts.output === 'stdout' ? process.stdout : process.stderr).write(line + '\n');
  });
  const now = opts.now ?? (() => new Date());
  const make = (name: string) => {
    const log = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}) => {
      if (RANK[level] < min) return;
      if (json) {
        const rec = { time: now().toISOString(), level: level.toUpperCase(), name, msg, ...fields };
        write(JSON.stringify(rec, (_k, x) => (x instanceof Error ? x.message : typeof x === 'bigint' ? x.toString() : x)));
        return;
      }
      const kv = Object.entries(fields).map(([k, v]) => ` ${k}=${fmtValue(v)}`).join('');
      write(`${stamp(now())} ${TAG[level]} ${name} ${msg}${kv}`);
    };
    return {
      debug: (m: string, f?: Record<string, unknown>) => log('debug', m, f),
      info: (m: string, f?: Record<string, unknown>) => log('info', m, f),
      error: (m: string, f?: Record<string, unknown>) => log('error', m, f),
      fatal: (m: string, f?: Record<string, unknown>) => log('fatal', m, f),
      child: (n: string): Logger => make(n),
    };
  };
  return make(opts.name ?? 'node');
}
