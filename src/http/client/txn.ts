// A transaction over HTTP: `POST /tx` opened it; every call carries `x-defradb-tx: <id>`.

import type { Txn } from '../../client/index.ts';
import { HttpDB } from './db.ts';
import type { Transport } from './transport.ts';

export class HttpTxn extends HttpDB implements Txn {
  readonly readOnly: boolean;

  constructor(transport: Transport, id: string, readOnly: boolean) {
    super(transport, id);
    this.readOnly = readOnly;
  }

  get id(): number {
    return Number(this.txnID);
  }

  /** The id exactly as the server gave it (ids may exceed 2^53). */
  get idText(): string {
    return this.txnID as string;
  }

  async commit(): Promise<void> {
    await this.transport.text('POST', `/tx/${this.txnID}`);
  }

  async discard(): Promise<void> {
    await this.transport.text('DELETE', `/tx/${this.txnID}`);
  }
}
