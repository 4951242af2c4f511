// An activity line on stderr for long client operations (backup export/import run on the node, so
// the CLI shows what it waits on and for how long). Only on a terminal: pipes and logs stay clean.

export interface ProgressTarget {
  isTTY?: boolean;
  write(s: string): boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export const formatBytes = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024 ** 3).toFixed(2)} GiB`;

/**
 * Runs `work`; when it takes longer than `delayMs` and `out` is a terminal, redraws
 * `<spinner> <label> <seconds>s` every `everyMs` and clears the line at the end.
 */
export async function withProgress<T>(
  label: string, work: () => Promise<T>,
  opts: { out?: ProgressTarget; delayMs?: number; everyMs?: number; now?: () => number } = {},
): Promise<T> {
  const out = opts.out ?? process.stderr;
  if (!out.isTTY) return work();
  const now = opts.now ?? Date.now;
  const start = now();
  let frame = 0;
  let drawn = false;
  const draw = () => {
    drawn = true;
    out.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label} ${((now() - start) / 1000).toFixed(1)}s`);
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  const delay = setTimeout(() => { draw(); timer = setInterval(draw, opts.everyMs ?? 200); }, opts.delayMs ?? 400);
  try {
    return await work();
  } finally {
    clearTimeout(delay);
    if (timer) clearInterval(timer);
    if (drawn) out.write('\r\x1b[2K');
  }
}
