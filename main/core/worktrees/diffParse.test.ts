import { describe, expect, it } from 'vitest';
import { parseDiff, singleHunkPatch } from './diffParse.js';

const DIFF = `diff --git a/a.txt b/a.txt
index 1111111..2222222 100644
--- a/a.txt
+++ b/a.txt
@@ -1,3 +1,3 @@
-one
+ONE
 two
 three
@@ -10,2 +10,3 @@ ctx
 ten
+ten and a half
 eleven
diff --git a/old name.txt b/new name.txt
similarity index 90%
rename from old name.txt
rename to new name.txt
diff --git "a/caf\\303\\251.bin" "b/caf\\303\\251.bin"
new file mode 100644
index 0000000..3333333
Binary files /dev/null and "b/caf\\303\\251.bin" differ
diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
`;

describe('parseDiff', () => {
  it('splits files and hunks, with renames, quoted non-ASCII names, binaries and mode changes', () => {
    const files = parseDiff(DIFF);
    expect(files.map((f) => [f.path, f.status, f.binary, f.hunks.length])).toEqual([
      ['a.txt', 'modified', false, 2],
      ['new name.txt', 'renamed', false, 0],
      ['café.bin', 'added', true, 0],
      ['run.sh', 'mode', false, 0],
    ]);
    expect(files[1]!.oldPath).toBe('old name.txt');
    expect(files[0]!.hunks[1]).toMatchObject({ oldStart: 10, oldLines: 2, newStart: 10, newLines: 3, header: '@@ -10,2 +10,3 @@ ctx' });
    expect(files[0]!.hunks[1]!.text).toBe('@@ -10,2 +10,3 @@ ctx\n ten\n+ten and a half\n eleven\n');
  });

  it('makes a one-hunk patch whose new start matches its old start', () => {
    const [file] = parseDiff(DIFF);
    expect(singleHunkPatch(file!, file!.hunks[1]!)).toBe(file!.header + '@@ -10,2 +10,3 @@ ctx\n ten\n+ten and a half\n eleven\n');
  });
});
