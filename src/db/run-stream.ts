// Streams a synchronous producer that needs a transaction (e.g. a key scan) to an async consumer
// without collecting everything first: the producer runs inside `run` and hands over batches,
// waiting for the consumer to take each one (backpressure), so the transaction's snapshot stays
// open exactly as long as the consumer keeps pulling. Stopping early ends the transaction.

import type { TxnContext } from './context.ts';
import type { Runner } from './db-ops.ts';

export async function* streamFromRun<T>(run: Runner, produce: (ctx: TxnContext) => Iterable<T>, batchSize = 256): AsyncGenerator<T> {
  type Slot = { batch: T[]; taken: () => void };
  let offer: ((s: Slot | null) => void) | undefined;
  const offers: (Slot | null)[] = [];
  let stopped = false;
  let failure: { error: unknown } | undefined;

  const hand = (s: Slot | null): void => {
    if (offer) { const o = offer; offer = undefined; o(s); } else offers.push(s);
  };
  const handBatch = (batch: T[]) => new Promise<void>((taken) => hand({ batch, taken }));

  const producer = run(async (ctx) => {
    let batch: T[] = [];
    for (const item of produce(ctx)) {
      batch.push(item);
      if (batch.length < batchSize) continue;
      await handBatch(batch);
      batch = [];
      if (stopped) return;
    }
    if (batch.length && !stopped) await handBatch(batch);
  }, { readOnly: true }).then(
    () => hand(null),
    (error: unknown) => { failure = { error }; hand(null); },
  );

  try {
    for (;;) {
      const slot = offers.length ? offers.shift()! : await new Promise<Slot | null>((r) => { offer = r; });
      if (!slot) break;
      slot.taken();
      yield* slot.batch;
    }
    if (failure) throw failure.error;
  } finally {
    stopped = true;
    // release a producer waiting on a batch nobody will take, then let its transaction end
    for (const s of offers.splice(0)) s?.taken();
    await producer;
  }
}
