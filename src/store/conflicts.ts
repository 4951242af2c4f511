// Optimistic conflict detection in the manner of Badger's oracle. Every commit gets a sequence
// number; a transaction remembers the sequence it started at and fingerprints of the keys it
// read. At commit it conflicts when a transaction that committed after its start wrote one of
// those keys. The log of recent write sets is kept only as far back as the oldest open txn.

/** 53-bit fingerprint of a key (two 32-bit FNV-style lanes). A collision only costs a retry. */
export function keyFingerprint(key: Uint8Array): number {
  let h1 = 0x811c9dc5, h2 = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const b = key[i];
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

interface CommittedWrites { seq: number; keys: Set<number> }

export class ConflictOracle {
  /** Sequence of the last commit. */
  private seq = 0;
  /** startSeq → number of open transactions that started there. */
  private readonly open = new Map<number, number>();
  private log: CommittedWrites[] = [];
  /** Open transactions in all. */
  private openCount = 0;

  get lastCommit(): number { return this.seq; }

  begin(): number {
    this.openCount++;
    this.open.set(this.seq, (this.open.get(this.seq) ?? 0) + 1);
    return this.seq;
  }

  end(startSeq: number): void {
    this.openCount--;
    const n = (this.open.get(startSeq) ?? 0) - 1;
    if (n > 0) { this.open.set(startSeq, n); return; }
    this.open.delete(startSeq);
    this.prune();
  }

  /** Whether a transaction that started at startSeq and read `reads` must abort. */
  conflicts(startSeq: number, reads: Set<number>): boolean {
    if (reads.size === 0) return false;
    for (let i = this.log.length - 1; i >= 0; i--) {
      const c = this.log[i];
      if (c.seq <= startSeq) break;
      const [small, big] = c.keys.size < reads.size ? [c.keys, reads] : [reads, c.keys];
      for (const k of small) if (big.has(k)) return true;
    }
    return false;
  }

  /**
   * Whether a commit must record its write set: only when another transaction is open (the
   * committing one is still open when it asks), so a lone writer skips fingerprinting its keys.
   */
  get othersOpen(): boolean { return this.openCount > 1; }

  /** Records a commit's write set (undefined: nobody else open to check it); call after the writes are applied. */
  commit(writes: Set<number> | undefined): void {
    this.seq++;
    if (writes === undefined) return;
    // only transactions that started before this commit can ever check against it
    for (const s of this.open.keys()) if (s < this.seq) { this.log.push({ seq: this.seq, keys: writes }); return; }
  }

  private prune(): void {
    if (this.log.length === 0) return;
    let oldest = Infinity;
    for (const s of this.open.keys()) if (s < oldest) oldest = s;
    let drop = 0;
    while (drop < this.log.length && this.log[drop].seq <= oldest) drop++;
    if (drop > 0) this.log = this.log.slice(drop);
  }
}
