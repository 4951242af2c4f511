// An exclusive lock on a root dir, so two nodes never share one store (LMDB itself would let
// them, and both would then write the same data and keyring). The lock file holds the owner's
// pid; a lock whose pid is no longer alive is stale and taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class RootdirInUseError extends Error {
  readonly code = 'rootdir-in-use';
  readonly pid: number;
  constructor(rootdir: string, pid: number) {
    super(`root directory ${rootdir} is already in use by another defradb process (pid ${pid})`);
    this.name = 'RootdirInUseError';
    this.pid = pid;
  }
}

export interface RootdirLock {
  readonly path: string;
  release(): void;
}

const LOCK_NAME = 'LOCK.pid';
/** Lock files held by this process: a second node in the same process must fail too. */
const held = new Set<string>();

/** True when a process with this pid exists (EPERM means it exists but is not ours). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number {
  try {
    return Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
  } catch {
    return NaN;
  }
}

/** Takes the lock or throws RootdirInUseError. */
export function lockRootdir(rootdir: string, pid = process.pid): RootdirLock {
  mkdirSync(rootdir, { recursive: true });
  const path = join(rootdir, LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readPid(path);
      if (held.has(path) || (owner !== pid && alive(owner))) throw new RootdirInUseError(rootdir, owner);
      // Stale (owner died without cleanup) or half-written: remove and retry.
      try { unlinkSync(path); } catch { /* another process removed it first */ }
      continue;
    }
    try {
      writeSync(fd, `${pid}\n`);
    } finally {
      closeSync(fd);
    }
    return makeLock(path, pid);
  }
  throw new RootdirInUseError(rootdir, readPid(path));
}

function makeLock(path: string, pid: number): RootdirLock {
  held.add(path);
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      held.delete(path);
      if (readPid(path) === pid) {
        try { unlinkSync(path); } catch { /* already gone */ }
      }
    },
  };
}
