// In-process ordering: a queue that runs async jobs one at a time, and the
// same per key (jobs with different keys run side by side).

/** run(job): job() starts after every job queued before it has settled. */
export function serialQueue() {
  let tail = Promise.resolve();
  return (job) => {
    const result = tail.then(job);
    tail = result.then(() => {}, () => {});
    return result;
  };
}

/** run(key, job): one job per key at a time; idle keys hold no memory. */
export function keyedQueue() {
  const tails = new Map();
  return (key, job) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(job);
    const settled = result.then(() => {}, () => {});
    tails.set(key, settled);
    settled.then(() => {
      if (tails.get(key) === settled) tails.delete(key);
    });
    return result;
  };
}
