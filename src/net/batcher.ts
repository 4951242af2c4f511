// Group commit: items added while a batch is being written (or in the same event-loop turn) are
// handed to `run` together, so N small writes cost one transaction and one disk flush instead
// of N. At most one batch runs at a time, batches keep arrival order, and each add() settles
// with its own item's result.

export type BatchResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Entry<T, R> { item: T; resolve(r: R): void; reject(e: unknown): void }

export class Batcher<T, R = void> {
  #run: (items: T[]) => Promise<BatchResult<R>[]>;
  #max: number;
  #queue: Entry<T, R>[] = [];
  #running = false;
  #scheduled = false;

  /** `run` gets the items in arrival order and returns one result per item. */
  constructor(run: (items: T[]) => Promise<BatchResult<R>[]>, maxBatch = 512) {
    this.#run = run;
    this.#max = maxBatch;
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#running || this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    // setImmediate lets every message already read from the sockets join this batch.
    setImmediate(() => { this.#scheduled = false; void this.#flush(); });
  }

  async #flush(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    const batch = this.#queue.splice(0, this.#max);
    try {
      const results = await this.#run(batch.map((e) => e.item));
      batch.forEach((e, i) => {
        const r = results[i];
        if (r?.ok) e.resolve(r.value);
        else e.reject(r ? r.error : new Error('batch returned no result'));
      });
    } catch (err) {
      for (const e of batch) e.reject(err);
    } finally {
      this.#running = false;
      this.#schedule();
    }
  }
}
