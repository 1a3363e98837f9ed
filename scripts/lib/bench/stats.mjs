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

/**
 * Each function's median time over `runs` rounds, the functions taking turns
 * within a round (who goes first rotates): a ratio between them then holds
 * while the machine's speed drifts, as it does here by half within minutes.
 */
export async function timeMediansInTurn(fns, runs) {
  for (const fn of fns) await fn();
  const times = fns.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (round + k) % fns.length;
      const start = performance.now();
      await fns[i]();
      times[i].push(performance.now() - start);
    }
  }
  return times.map(median);
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

/**
 * The machine's own tail: `latency` of fixed, allocation-free JavaScript
 * work calibrated to take about `medianUs`. A call's p99 can be no better
 * than this on the same machine in the same run, whatever the call does.
 */
export function floorLatency(medianUs, calls) {
  let sink = 0;
  const work = (iterations) => () => {
    let s = sink;
    for (let i = 0; i < iterations; i++) s += Math.sqrt(i + (s % 7));
    sink = s % 3;
  };
  let iterations = 1000;
  for (let round = 0; round < 5; round++) {
    const once = work(iterations);
    const start = performance.now();
    for (let i = 0; i < 200; i++) once();
    const each = ((performance.now() - start) * 1000) / 200;
    iterations = Math.max(1, Math.round((iterations * medianUs) / Math.max(each, 0.1)));
  }
  return { ...latency(work(iterations), calls), iterations };
}
