// An explicit transaction (`client.Txn`): every call runs in the same KV transaction; events
// are published when it commits and dropped when it is discarded.

import type { Txn as ClientTxn } from '../client/index.ts';
import { ErrTxnDiscarded } from '../client/index.ts';
import type { TxnContext } from './context.ts';
import { DbOps } from './db-ops.ts';

export class Txn extends DbOps implements ClientTxn {
  readonly ctx: TxnContext;
  #done = false;

  constructor(ctx: TxnContext) {
    super();
    this.ctx = ctx;
  }

  get id(): number { return this.ctx.id; }
  get readOnly(): boolean { return this.ctx.kv.readOnly; }

  async run<T>(fn: (ctx: TxnContext) => T | Promise<T>): Promise<T> {
    if (this.#done) throw ErrTxnDiscarded();
    return fn(this.ctx);
  }

  async commit(): Promise<void> {
    if (this.#done) throw ErrTxnDiscarded();
    this.#done = true;
    try {
      await this.ctx.kv.commit();
    } catch (e) {
      try { this.ctx.kv.discard(); } catch { /* already finished */ }
      throw e;
    }
    this.ctx.flush();
  }

  async discard(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.ctx.kv.discard();
  }
}
