/**
 * The owner rule for files replaced by an atomic rename (the config file, `.claude.json`).
 * A rename leaves a new inode owned by this process, so a file that is not wholly ours keeps
 * its uid and gid through a chown of the temp file, which root may always do and the file's
 * own uid only into a group it is a member of. Invariant: a rewrite never silently changes a
 * file's owner; when the owner cannot be kept the write is refused.
 */

export interface FileOwner {
  uid: number;
  gid: number;
}

/**
 * What a rewrite by `user` must do about the file's owner: nothing (the file is ours), chown
 * the new file to `file` (root, or the same uid with another group), or refuse (another uid).
 */
export type OwnerPlan = 'none' | 'chown' | 'refused';

export function planOwner(file: FileOwner, user: FileOwner): OwnerPlan {
  if (file.uid === user.uid && file.gid === user.gid) return 'none';
  if (user.uid === 0 || user.uid === file.uid) return 'chown';
  return 'refused';
}

/** True for the error a planned chown gets when the user is not in the file's group. */
export function isChownRefused(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPERM';
}

/** The user this process runs as; -1 where the platform has no uids. */
export function currentUser(): FileOwner {
  return { uid: process.getuid?.() ?? -1, gid: process.getgid?.() ?? -1 };
}
