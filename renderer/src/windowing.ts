// The arithmetic of the virtualised conversation: which rows to mount for a
// scroll position, given measured heights (or an estimate for rows not yet seen).

export interface WindowInput {
  count: number;
  /** measured height of row i, or undefined when not measured yet */
  heightOf: (i: number) => number | undefined;
  estimate: number;
  scrollTop: number;
  viewportHeight: number;
  /** extra pixels rendered above and below the viewport */
  overscanPx: number;
}
export interface WindowResult {
  start: number;
  /** exclusive */
  end: number;
  /** offset of row `start` from the top of the list */
  offsetTop: number;
  totalHeight: number;
}

/** Prefix sums of row heights: offsets[i] is the top of row i, offsets[count] the total. */
export function rowOffsets(count: number, heightOf: (i: number) => number | undefined, estimate: number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + (heightOf(i) ?? estimate);
  return offsets;
}

/** First index whose bottom is below `y` (binary search over offsets). */
function rowAt(offsets: Float64Array, count: number, y: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1]! <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function computeWindow(input: WindowInput, offsets = rowOffsets(input.count, input.heightOf, input.estimate)): WindowResult {
  const { count } = input;
  const totalHeight = offsets[count]!;
  if (count === 0) return { start: 0, end: 0, offsetTop: 0, totalHeight };
  const top = Math.max(0, input.scrollTop - input.overscanPx);
  const bottom = input.scrollTop + input.viewportHeight + input.overscanPx;
  const start = Math.min(rowAt(offsets, count, top), count - 1);
  let end = start;
  while (end < count && offsets[end]! < bottom) end++;
  return { start, end: Math.max(end, start + 1), offsetTop: offsets[start]!, totalHeight };
}
