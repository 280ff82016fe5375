/** Timing helpers shared by the benchmarks: repeated runs after a warm-up, p50/p95 in ms. */

export interface Summary {
  runs: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of already-collected samples (ms). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    runs: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
  };
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, returning each run's wall time in ms. */
export async function measure(fn: () => Promise<unknown>, { warmup = 5, runs = 50 } = {}): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}
