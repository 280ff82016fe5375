import 'server-only';

/**
 * A set of seq numbers as a bit per number (20M rows: 2.5 MB), growing as larger ones arrive; a
 * number beyond 2^28 (a forged one, or a log of more than 268M rows) is kept apart instead of
 * growing the bits.
 */
export class SeqSet {
  private bits = new Uint8Array(1 << 16);
  private readonly outliers = new Set<number>();
  private static readonly MAX_BITS = 2 ** 28;

  has(seq: number): boolean {
    if (seq >= SeqSet.MAX_BITS) return this.outliers.has(seq);
    const byte = seq >>> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (seq & 7))) !== 0;
  }

  add(seq: number): void {
    if (seq >= SeqSet.MAX_BITS) {
      this.outliers.add(seq);
      return;
    }
    const byte = seq >>> 3;
    if (byte >= this.bits.length) {
      let size = this.bits.length;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte]! |= 1 << (seq & 7);
  }

  /** How many numbers in [from, to] are not in the set, and the first `limit` of them. */
  missingBetween(from: number, to: number, limit: number): { count: number; first: number[] } {
    let present = 0;
    for (const seq of this.outliers) if (seq >= from && seq <= to) present += 1;
    const bitsTo = Math.min(to, this.bits.length * 8 - 1);
    for (let seq = from; seq <= bitsTo; ) {
      if ((seq & 7) === 0 && seq + 7 <= bitsTo) {
        present += POPCOUNT[this.bits[seq >>> 3]!]!;
        seq += 8;
      } else {
        if (this.has(seq)) present += 1;
        seq += 1;
      }
    }
    const first: number[] = [];
    for (let seq = from; seq <= to && first.length < limit; seq++) if (!this.has(seq)) first.push(seq);
    return { count: to - from + 1 - present, first };
  }
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, byte) => {
  let n = 0;
  for (let b = byte; b; b >>= 1) n += b & 1;
  return n;
});
