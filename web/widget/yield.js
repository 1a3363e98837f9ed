// Ends the current task and resumes the caller in a new one, so that the
// widget's work comes in pieces the page can answer input between, none a
// long task (over 50 ms) by itself. scheduler.yield() resumes ahead of the
// page's other queued tasks where the browser has it; a zero timeout elsewhere.
export const yieldToMain = () => (globalThis.scheduler?.yield
  ? globalThis.scheduler.yield()
  : new Promise((resolve) => setTimeout(resolve, 0)));
