// Swaps a freshly built directory into place (used by build-cli.mjs and build-web.mjs): the
// new tree is complete in `tmp` (a sibling of `out`, same file system) before one rename
// publishes it, so a reader sees the old tree, briefly none, or the new one — never half.
import { rename, rm } from 'node:fs/promises';

/** Replaces `out` with `tmp`; when a parallel build wins the race, keeps its tree. */
export async function swapDir(tmp, out) {
  try {
    await rename(tmp, out);
    return;
  } catch (error) {
    if (!['ENOTEMPTY', 'EEXIST', 'EPERM'].includes(error.code)) throw error;
  }
  const old = `${out}.old-${process.pid}-${Date.now()}`;
  await rename(out, old).catch(() => {});
  await rename(tmp, out).catch(async (error) => {
    // Another build won the race with the same sources; keep theirs.
    if (!['ENOTEMPTY', 'EEXIST'].includes(error.code)) throw error;
    await rm(tmp, { recursive: true, force: true });
  });
  await rm(old, { recursive: true, force: true });
}
