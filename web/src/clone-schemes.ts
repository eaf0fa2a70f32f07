// What the clone dialog says about the URL forms clauster accepts, from `clone.allowed_schemes`
// as GET /api/session reports it (`clone_schemes`). Pure, so it is tested in test/web/.

const KNOWN = ['https', 'ssh'] as const;

/** Reads the session's `clone_schemes` field; null when it is missing or odd. */
export function readAllowedSchemes(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const schemes = value.filter((item): item is string => KNOWN.some((known) => known === item));
  return schemes.length === value.length ? schemes : null;
}

/** The dialog's sentence about accepted URLs; `null` schemes: not known yet. */
export function describeCloneSchemes(schemes: readonly string[] | null): string {
  const after = 'The address is checked before git runs; nothing is started after cloning.';
  if (schemes === null) return `URLs with credentials are never accepted. ${after}`;
  if (schemes.length === 0) {
    return 'No URL can be cloned: clone.allowed_schemes in clauster.yml is empty. Add https or ssh there.';
  }
  const off = KNOWN.filter((scheme) => !schemes.includes(scheme));
  const forms = schemes.map((scheme) =>
    scheme === 'ssh' ? 'ssh (ssh://host/owner/repo.git or git@host:owner/repo.git)' : 'https',
  );
  const accepted = `Only ${forms.join(' and ')} URLs without credentials are accepted`;
  const note = off.length
    ? ` (${off.join(' and ')} ${off.length === 1 ? 'is' : 'are'} turned off in clone.allowed_schemes).`
    : '.';
  return `${accepted}${note} ${after}`;
}

/** An example URL in a form the settings accept. */
export function cloneUrlExample(schemes: readonly string[] | null): string {
  return schemes !== null && !schemes.includes('https')
    ? 'git@github.com:owner/repo.git'
    : 'https://github.com/owner/repo.git';
}
