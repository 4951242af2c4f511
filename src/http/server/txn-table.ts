// Open transactions by id (`POST /tx` → `{"id"}`), looked up by the `x-defradb-tx` header and
// removed on commit or discard.

import { ErrInvalidTxnID } from '../../client/index.ts';
import type { Store, Txn } from '../../client/index.ts';

export const TX_HEADER = 'x-defradb-tx';

export class TxnTable {
  readonly #txns = new Map<string, Txn>();

  async open(store: Store, readOnly: boolean): Promise<Txn> {
    const txn = await store.newTxn(readOnly);
    this.#txns.set(String(txn.id), txn);
    return txn;
  }

  /** The txn named by a decimal id; bad or unknown ids → `invalid transaction id`. */
  get(id: string): Txn {
    const txn = /^\d+$/.test(id) ? this.#txns.get(String(BigInt(id))) : undefined;
    if (!txn) throw ErrInvalidTxnID();
    return txn;
  }

  async commit(id: string): Promise<void> {
    const txn = this.get(id);
    await txn.commit();
    this.#txns.delete(String(txn.id));
  }

  async discard(id: string): Promise<void> {
    const txn = this.get(id);
    this.#txns.delete(String(txn.id));
    await txn.discard();
  }

  get size(): number {
    return this.#txns.size;
  }

  /** Discards every open txn (server shutdown). */
  async discardAll(): Promise<void> {
    const all = [...this.#txns.values()];
    this.#txns.clear();
    await Promise.allSettled(all.map((t) => t.discard()));
  }
}
