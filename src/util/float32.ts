// Float32 values in JS: the shortest decimal that rounds to the same float32, as Go prints a
// float32 (3.14, not 3.140000104904175). Encoders round with Math.fround again, so the bits
// stored never change; equality and order between float32 values are kept.

/** The double nearest to the shortest decimal form of float32(x). */
export function float32Value(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}
