export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Timed with performance.now() so the page under test imports this same file
// (served at /bench/stats.mjs) instead of carrying its own copy of the loop.

/** Runs `fn` `runs` times (after one warm-up) and returns the median milliseconds. */
export async function timeMedian(fn, runs) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Calls the synchronous `once` `calls` times after `warmup` untimed calls; median and p99 in microseconds. */
export function latency(once, calls, warmup = 200) {
  for (let i = 0; i < warmup; i++) once();
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    once();
    samples.push((performance.now() - start) * 1000);
  }
  return { median: median(samples), p99: percentile(samples, 99) };
}
