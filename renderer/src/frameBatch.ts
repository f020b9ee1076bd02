// Collects pushed events and hands them over once per frame: a model streaming
// thousands of deltas a second then costs one store update and one render per
// frame instead of one per delta. A timer backs up requestAnimationFrame, which
// a hidden window does not run, so state never falls far behind.
const FALLBACK_MS = 250;

export interface FrameBatch<T> {
  push(event: T): void;
  /** Applies what is queued now (e.g. before reading state that depends on it). */
  flush(): void;
  dispose(): void;
}

export function frameBatch<T>(apply: (events: T[]) => void): FrameBatch<T> {
  let queue: T[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = timer = null;
    if (queue.length === 0) return;
    const events = queue;
    queue = [];
    apply(events);
  };
  return {
    push(event) {
      queue.push(event);
      if (frame === null) frame = requestAnimationFrame(flush);
      if (timer === null) timer = setTimeout(flush, FALLBACK_MS);
    },
    flush,
    dispose() {
      flush();
    },
  };
}
