// Renderer benchmark in real Chromium against the real core (the e2e harness):
// opening a 2000-item session, then streaming ~5000 text deltas per second from
// the scripted model into that thread while every frame is timed.
// Run through bench/renderer.mjs (bundles this file); prints figures, asserts nothing.
import { build } from 'vite';
import { join } from 'node:path';
import { responses as R } from '../tests/support/scriptedServer.js';
import { startHarness, startThread } from '../e2e/support/harness.js';
import { chromiumAvailable } from '../e2e/support/browser.js';
import { writeLongSession } from '../e2e/support/longSession.js';
import { REPO_ROOT } from '../e2e/support/buildRenderer.js';

const ITEMS = 2000;
const DELTAS_PER_SECOND = 5000;
const STREAM_SECONDS = 4;
const OPEN_RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function runRendererBench(): Promise<void> {
  if (!chromiumAvailable()) {
    console.log('\nRenderer benchmark skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');
    return;
  }
  await build({ configFile: join(REPO_ROOT, 'vite.renderer.config.ts'), logLevel: 'warn' });
  const h = await startHarness();
  try {
    const openMs: number[] = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      const id = `019a0000-0000-7000-8000-00000000${String(run).padStart(4, '0')}`;
      const title = `long session ${run}`;
      writeLongSession(h.home, h.workspace, { id, title, count: ITEMS });
      await h.page.getByRole('button', { name: 'Refresh threads' }).click();
      await h.page.getByRole('button', { name: new RegExp(title) }).waitFor();
      // From an empty thread, so only the opened session's rows can end the wait.
      await startThread(h.page, h.workspace);
      // Timed in the page: from the click to the frame that shows the newest answer.
      openMs.push(
        await h.page.evaluate(async (t) => {
          const button = [...document.querySelectorAll('ul.threads button')].find((b) => b.textContent?.includes(t)) as HTMLElement;
          const t0 = performance.now();
          button.click();
          await new Promise<void>((resolve) => {
            const check = () =>
              [...document.querySelectorAll('.vrow')].some((r) => r.textContent?.includes('answer 1999')) ? resolve() : requestAnimationFrame(check);
            check();
          });
          return performance.now() - t0;
        }, title),
      );
    }

    // Stream into the last long thread, timing every frame.
    const plain = await streamOnce(h, 'stream a lot');
    const total = DELTAS_PER_SECOND * STREAM_SECONDS;
    const fps = plain.intervals;

    console.log(`\nRenderer in Chromium (real core, scripted model; ${ITEMS}-item thread)\n`);
    console.log('| measure | figure | target |');
    console.log('|---|---|---|');
    console.log(
      `| open a ${ITEMS}-item session, click to first screen (median of ${OPEN_RUNS}) | ${median(openMs).toFixed(0)} ms (min ${Math.min(...openMs).toFixed(0)}, max ${Math.max(...openMs).toFixed(0)}) | < 300 ms |`,
    );
    console.log(
      `| streaming: deltas rendered | ${plain.delivered} of ${total} in ${(plain.ms / 1000).toFixed(1)} s (${(plain.delivered / (plain.ms / 1000)).toFixed(0)}/s) | 5000/s |`,
    );
    console.log(
      `| streaming: frame interval median (60 Hz: 16.7 ms is on time) | ${median(fps).toFixed(1)} ms over ${fps.length} frames | < 16 ms of work: frames on time |`,
    );
    console.log(`| streaming: frame interval p95 / longest | ${pct(fps, 0.95).toFixed(1)} ms / ${Math.max(...fps).toFixed(1)} ms | longest < 50 ms |`);
    console.log(
      `| streaming: frames over 50 ms (long animation frames) | ${plain.longFrames.length ? `${plain.longFrames.length}, longest ${Math.max(...plain.longFrames).toFixed(0)} ms` : 'none'} | none |`,
    );
  } finally {
    await h.close();
  }
}

type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * Sends `prompt` in the open thread; the model answers with DELTAS_PER_SECOND ×
 * STREAM_SECONDS one-word deltas (frames of 20 every 4 ms), in paragraphs of 60
 * words with a line break every 12, as a model writes. Timed in the page until the
 * turn ends.
 */
async function streamOnce(h: Harness, prompt: string) {
  const total = DELTAS_PER_SECOND * STREAM_SECONDS;
  const deltas = Array.from({ length: total }, (_, i) => (i % 60 === 59 ? 'word\n\n' : i % 12 === 11 ? 'word\n' : 'word '));
  const reply = R.reply(R.message(deltas.join(''), { deltas }));
  const perFrame = 20;
  const frameBytes = Buffer.byteLength(JSON.stringify(reply.frames.slice(1, 2))) + 16;
  h.model.enqueue({ ...reply, chunkSize: frameBytes * perFrame, frameDelayMs: Math.round((1000 * perFrame) / DELTAS_PER_SECOND) });
  await h.page.getByLabel('Message', { exact: true }).fill(prompt);
  // BENCH_PROFILE=1 prints the renderer's hottest functions while streaming (CPU profile).
  const cdp = process.env.BENCH_PROFILE ? await h.page.context().newCDPSession(h.page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const frames = await h.page.evaluate(async () => {
    // Frame times as the browser paces them: requestAnimationFrame intervals (60 Hz
    // here, so 16.7 ms is a frame on time), and every frame over 50 ms as the browser
    // itself reports it (Long Animation Frames: script, style, layout and paint).
    const intervals: number[] = [];
    const longFrames: number[] = [];
    const observer = new PerformanceObserver((list) => longFrames.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'long-animation-frame' });
    let last = performance.now();
    let done = false;
    const tick = (now: number) => {
      intervals.push(now - last);
      last = now;
      if (!done) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    (document.querySelector('form.composer button[type=submit]') as HTMLElement).click();
    const started = performance.now();
    // Until the turn ends (Send is back) after the stream.
    await new Promise<void>((resolve) => {
      const poll = () => {
        const sendBack = [...document.querySelectorAll('button')].some((b) => b.textContent === 'Send');
        if (performance.now() - started > 500 && sendBack) resolve();
        else setTimeout(poll, 50);
      };
      setTimeout(poll, 200);
    });
    done = true;
    observer.disconnect();
    return { intervals: intervals.slice(1), longFrames, ms: performance.now() - started };
  });
  if (cdp) printHotFunctions(((await cdp.send('Profiler.stop')) as any).profile);
  const streamed = await h.page
    .getByTestId('agent-message')
    .last()
    .textContent({ timeout: 10_000 })
    .catch((err: Error) => {
      throw new Error(
        `no streamed answer: ${err.message}\nhost: ${h.hostLog.join('\n')}\npage: ${h.pageErrors.join('\n')}\nmodel requests: ${h.model.requests.length}, unexpected: ${JSON.stringify(h.model.unexpected)}`,
      );
    });
  return { ...frames, delivered: (streamed?.match(/word/g) ?? []).length };
}

function printHotFunctions(profile: any): void {
  const self = new Map<string, number>();
  const dt = new Map<number, number>();
  profile.samples.forEach((id: number, i: number) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0));
  }
  console.log(
    [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([n, ms]) => `${ms.toFixed(0)} ms  ${n}`)
      .join('\n'),
  );
}
