// The shared measuring helpers: repeated timing with warm-up, medians, and the result record
// with its ratio against the physical limit (1.0 = as fast as the raw store allows).

export interface Result {
  name: string;
  unit: string;
  value: number;
  limit: number;
  /** value/limit for rates, limit/value for times: 1.0 is the best possible. */
  ratio: number;
  /** Context printed beside the figures (write amplification, keys read…); not in the JSON. */
  note?: string;
}

export interface MeasureOptions {
  /** Untimed runs first (JIT, page cache). */
  warmup?: number;
  /** Keep repeating until this many ms have been spent… */
  minMs?: number;
  /** …and at least this many timed runs… */
  minRuns?: number;
  /** …but never more than this many. */
  maxRuns?: number;
}

/** Times `fn` repeatedly; returns the per-run durations in ms. */
export async function measure(fn: () => unknown, opts: MeasureOptions = {}): Promise<number[]> {
  const { warmup = 1, minMs = 0, minRuns = 1, maxRuns = Infinity } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < maxRuns && (samples.length < minRuns || performance.now() - start < minMs)) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Items per second for `count` items done in `ms`. */
export const perSecond = (count: number, ms: number): number => count / (ms / 1000);

/** A rate result (higher is better). */
export function rateResult(name: string, unit: string, value: number, limit: number, note?: string): Result {
  return { name, unit, value, limit, ratio: value / limit, note };
}

/** A time result (lower is better). */
export function timeResult(name: string, value: number, limit: number, note?: string): Result {
  return { name, unit: 'ms', value, limit, ratio: limit / value, note };
}
