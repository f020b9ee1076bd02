// Fan-out of a process's output chunks: listeners, a replay of what arrived
// before the first subscriber (so a late subscriber loses nothing), and an
// async-iterator view that ends when the process has exited and drained.

export type OutputStream = 'stdout' | 'stderr' | 'pty';

export interface OutputChunk {
  chunk: Buffer;
  stream: OutputStream;
}

/** Fan-out of output chunks with replay for the first subscriber and an async-queue view. */
export class OutputHub {
  private listeners = new Set<(c: OutputChunk) => void>();
  private early: OutputChunk[] | null = [];
  private ended = false;
  private endWaiters: (() => void)[] = [];

  emit(c: OutputChunk): void {
    if (this.ended) return;
    if (this.early) this.early.push(c);
    else for (const l of this.listeners) l(c);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const w of this.endWaiters.splice(0)) w();
  }

  subscribe(l: (c: OutputChunk) => void): () => void {
    this.listeners.add(l);
    if (this.early) {
      const replay = this.early;
      this.early = null;
      for (const c of replay) l(c);
    }
    return () => this.listeners.delete(l);
  }

  onEnd(cb: () => void): void {
    if (this.ended) cb();
    else this.endWaiters.push(cb);
  }

  iterate(): AsyncIterableIterator<OutputChunk> {
    const queue: OutputChunk[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    const unsubscribe = this.subscribe((c) => {
      queue.push(c);
      wake?.();
    });
    this.onEnd(() => {
      done = true;
      wake?.();
    });
    const it: AsyncIterableIterator<OutputChunk> = {
      async next() {
        while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
        wake = null;
        const value = queue.shift();
        if (value) return { value, done: false };
        unsubscribe();
        return { value: undefined, done: true };
      },
      async return() {
        unsubscribe();
        done = true;
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }
}
