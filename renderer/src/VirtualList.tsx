// A windowed list: only the rows near the viewport are mounted, each measured
// after it renders (unmeasured rows count with an estimate). Follows new output
// while the user is at the bottom, like a terminal.
import { useCallback, useLayoutEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { computeWindow, rowOffsets } from './windowing.js';

export interface VirtualListProps<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
  estimate?: number;
  overscanPx?: number;
  className?: string;
  label?: string;
  /** Keep to the bottom as rows arrive (a conversation); false starts and stays where the user scrolls (a diff). */
  follow?: boolean;
}

const BOTTOM_SLACK_PX = 40;

export function VirtualList<T>({ items, keyOf, render, estimate = 72, overscanPx = 800, className, label, follow = true }: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const rowsEl = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measured, bump] = useReducer((x: number) => x + 1, 0);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const stick = useRef(follow);

  const offsets = useMemo(
    () => rowOffsets(items.length, (i) => heights.current.get(keyOf(items[i]!)), estimate),
    // `measured` is not read inside: it changes when a row's height does, which
    // is what must recompute the offsets (the heights live in a ref).
    [items, measured, estimate],
  );
  const win = computeWindow(
    { count: items.length, heightOf: () => undefined, estimate, scrollTop: viewport.top, viewportHeight: viewport.height, overscanPx },
    offsets,
  );

  const measure = useCallback(() => {
    const el = rowsEl.current;
    if (!el) return;
    let changed = false;
    for (const child of Array.from(el.children) as HTMLElement[]) {
      const key = child.dataset.key;
      if (key === undefined) continue;
      const h = child.offsetHeight;
      if (heights.current.get(key) !== h) {
        heights.current.set(key, h);
        changed = true;
      }
    }
    if (changed) bump();
  }, []);

  // Measure what just rendered, then keep following the bottom when stuck to it.
  useLayoutEffect(() => {
    measure();
    const s = scroller.current;
    if (s && stick.current) s.scrollTop = s.scrollHeight;
  });

  useLayoutEffect(() => {
    const s = scroller.current;
    if (!s) return;
    const onScroll = () => {
      stick.current = follow && s.scrollHeight - s.scrollTop - s.clientHeight < BOTTOM_SLACK_PX;
      setViewport((v) => (v.top === s.scrollTop && v.height === s.clientHeight ? v : { top: s.scrollTop, height: s.clientHeight }));
    };
    onScroll();
    s.addEventListener('scroll', onScroll, { passive: true });
    // Rows change height on their own (details opened, images loaded) and so does the viewport.
    const ro = new ResizeObserver(() => {
      measure();
      onScroll();
    });
    ro.observe(s);
    if (rowsEl.current) ro.observe(rowsEl.current);
    return () => {
      s.removeEventListener('scroll', onScroll);
      ro.disconnect();
    };
  }, [measure, follow]);

  const visible = items.slice(win.start, win.end);
  return (
    <div ref={scroller} className={className} aria-label={label} role="log" data-testid="virtual-list" data-count={items.length}>
      <div style={{ height: win.totalHeight, position: 'relative' }}>
        <div ref={rowsEl} style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${win.offsetTop}px)` }}>
          {visible.map((item, i) => {
            const key = keyOf(item);
            return (
              <div key={key} data-key={key} data-index={win.start + i} className="vrow">
                {render(item)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
