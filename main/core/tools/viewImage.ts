// `view_image`: attaches a local image to the conversation for the model.
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, resolve } from 'node:path';
import type { ContentItem } from '../model/types.js';

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
};

/** Image size cap: the Responses API refuses very large inline images. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export function imageMimeType(path: string): string | undefined {
  return MIME[extname(path).toLowerCase()];
}

/** Reads an image into an input_image content item (data: URL). Throws with a clear reason. */
export async function loadImageAsContent(path: string, cwd: string): Promise<{ abs: string; content: ContentItem }> {
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  const mime = imageMimeType(abs);
  if (!mime) throw new Error(`unable to locate image at \`${abs}\`: unsupported image type (expected png, jpeg, gif, webp or bmp)`);
  let info;
  try {
    info = await stat(abs);
  } catch {
    throw new Error(`unable to locate image at \`${abs}\`: file not found`);
  }
  if (!info.isFile()) throw new Error(`image path \`${abs}\` is not a file`);
  if (info.size > MAX_IMAGE_BYTES) throw new Error(`image \`${abs}\` is ${info.size} bytes, over the ${MAX_IMAGE_BYTES}-byte limit`);
  const data = await readFile(abs);
  return { abs, content: { type: 'input_image', image_url: `data:${mime};base64,${data.toString('base64')}` } };
}
