// Key layout shared by the crash test and its child: txn n writes keysPer(n) keys
// "t/<n>/<i>" whose values encode (n, i) plus padding, and sets "last" to n.
const enc = new TextEncoder();

export const LAST_KEY = enc.encode('last');
export const TXN_PREFIX = enc.encode('t/');

export const keysPer = (n: number): number => 3 + ((n * 7) % 20);

export function crashTxnKeys(n: number): Uint8Array[] {
  const keys: Uint8Array[] = [];
  for (let i = 0; i < keysPer(n); i++) keys.push(enc.encode(`t/${String(n).padStart(8, '0')}/${String(i).padStart(2, '0')}`));
  return keys;
}

export function crashValue(n: number, i: number): Uint8Array {
  return enc.encode(`${n}:${i}:`.padEnd(16 + ((n * 131 + i * 17) % 900), 'x'));
}

export function encodeNumber(n: number): Uint8Array { return enc.encode(String(n)); }
export function decodeNumber(b: Uint8Array): number { return Number(new TextDecoder().decode(b)); }
