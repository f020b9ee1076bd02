// Bounded capture of a process's output: keeps the first and the last bytes and
// counts what fell out of the middle, so a command printing gigabytes cannot
// exhaust memory while the model still sees how the output began and ended.
//
// Observed on Codex 0.169 (`seq 1 200000`, 1 288 895 bytes; `yes | head -c 5000000`):
// the capture holds 1 MiB (head 512 KiB + tail 512 KiB); the rendered text is
// head + "\n... N bytes omitted ...\n" + tail, N = total − 1 MiB (240319, 3951424),
// and the item's aggregated_output is exactly that rendering (1 048 606 bytes).

/** 1 MiB, split evenly between head and tail (Codex 0.169). */
export const OUTPUT_CAPTURE_MAX_BYTES = 1024 * 1024;

export class HeadTailBuffer {
  private readonly headMax: number;
  private readonly tailMax: number;
  private head: Buffer[] = [];
  private headLen = 0;
  // The tail is a list of chunks trimmed from the front; cheap for the common
  // case of many small chunks.
  private tail: Buffer[] = [];
  private tailLen = 0;
  private omitted = 0;
  private total = 0;

  constructor(maxBytes: number = OUTPUT_CAPTURE_MAX_BYTES) {
    this.headMax = Math.floor(maxBytes / 2);
    this.tailMax = maxBytes - this.headMax;
  }

  push(data: Buffer | string): void {
    let buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (buf.length === 0) return;
    this.total += buf.length;
    if (this.headLen < this.headMax) {
      const take = Math.min(this.headMax - this.headLen, buf.length);
      this.head.push(buf.subarray(0, take));
      this.headLen += take;
      buf = buf.subarray(take);
      if (buf.length === 0) return;
    }
    this.tail.push(buf);
    this.tailLen += buf.length;
    while (this.tailLen > this.tailMax) {
      const excess = this.tailLen - this.tailMax;
      const first = this.tail[0]!;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailLen -= first.length;
        this.omitted += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailLen -= excess;
        this.omitted += excess;
      }
    }
  }

  /** Bytes ever pushed, including the omitted ones. */
  get totalBytes(): number {
    return this.total;
  }

  /** Bytes dropped from the middle. */
  get omittedBytes(): number {
    return this.omitted;
  }

  get isEmpty(): boolean {
    return this.total === 0;
  }

  /** head + marker + tail, as bytes (the marker only when something was dropped). */
  toBuffer(): Buffer {
    const parts = [...this.head];
    if (this.omitted > 0) parts.push(Buffer.from(`\n... ${this.omitted} bytes omitted ...\n`, 'utf8'));
    parts.push(...this.tail);
    return Buffer.concat(parts);
  }

  /** The rendering decoded as UTF-8; invalid bytes become U+FFFD, as Codex does. */
  toText(): string {
    return this.toBuffer().toString('utf8');
  }

  clear(): void {
    this.head = [];
    this.headLen = 0;
    this.tail = [];
    this.tailLen = 0;
    this.omitted = 0;
    this.total = 0;
  }
}
