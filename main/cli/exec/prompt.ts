// The prompt of `codex exec`: an argument, stdin, or both (stdin appended in a
// <stdin> block), decoded as Codex does.
import type { ExecIo } from './run.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** Decodes stdin bytes: UTF-8 (BOM stripped) or UTF-16 with a BOM; anything else is an error. */
export function decodeStdin(buf: Buffer): string {
  if (
    buf.length >= 4 &&
    ((buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) || (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff))
  ) {
    throw new Error('input is UTF-32, which is not supported; convert it to UTF-8');
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  else if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  else if (buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new Error('input is not valid UTF-8');
  }
}

export type PromptResult = { ok: true; text: string } | { ok: false; error: string };

export async function readPromptInput(arg: string | undefined, io: ExecIo): Promise<PromptResult> {
  const fromStdinOnly = arg === undefined || arg === '-';
  if (fromStdinOnly) {
    if (io.stdin.isTTY) return { ok: false, error: 'No prompt provided. Either specify one as an argument or pipe the prompt into stdin.' };
    io.stderr('Reading prompt from stdin...\n');
    let text: string;
    try {
      text = decodeStdin(await readAll(io.stdin));
    } catch (err) {
      return { ok: false, error: `Failed to read prompt from stdin: ${(err as Error).message}` };
    }
    if (!text.trim()) return { ok: false, error: 'No prompt provided via stdin.' };
    return { ok: true, text };
  }
  if (io.stdin.isTTY) return { ok: true, text: arg };
  // A prompt plus piped stdin: stdin becomes context after the prompt.
  let extra = '';
  try {
    extra = decodeStdin(await readAll(io.stdin));
  } catch (err) {
    return { ok: false, error: `Failed to read stdin: ${(err as Error).message}` };
  }
  if (!extra.trim()) return { ok: true, text: arg };
  return { ok: true, text: `${arg}\n\n<stdin>\n${extra.endsWith('\n') ? extra : extra + '\n'}</stdin>` };
}
