// Copies of small byte strings packed into shared 64 KiB buffers. V8 allocates and tracks every
// ArrayBuffer on its own (the cost of `slice()` on a 60-byte key is mostly that), and lmdb-js
// resolves each value's ArrayBuffer address once per buffer; a slab pays both once per 64 KiB.
// A copy keeps its slab alive, so only short-lived copies (a transaction's writes) belong here.

const SLAB_BYTES = 64 * 1024;
/** Larger copies get a buffer of their own: they would waste a slab's tail. */
const MAX_SLAB_COPY = 2048;

let slab = new Uint8Array(SLAB_BYTES);
let used = 0;

/** `n` zero bytes (a view into a shared slab when small): for short-lived buffers only. */
export function allocBytes(n: number): Uint8Array {
  if (n > MAX_SLAB_COPY) return new Uint8Array(n);
  if (used + n > SLAB_BYTES) { slab = new Uint8Array(SLAB_BYTES); used = 0; }
  const out = slab.subarray(used, used + n); // never handed out before: still zero
  used += (n + 7) & ~7; // 8-byte aligned starts, as separate allocations would be
  return out;
}

/** A private copy of `bytes` (a view into a shared slab when small). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const out = allocBytes(bytes.length);
  out.set(bytes);
  return out;
}
