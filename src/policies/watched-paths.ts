/**
 * The files whose change can change what Rampart would do: workflows, composite and Docker actions, Dependabot's
 * configuration and Rampart's own. A push touching none of them leaves the last run's result as it was.
 */
export function isWatchedPath(path: string): boolean {
  return (
    path.startsWith('.github/workflows/') ||
    /(^|\/)action\.ya?ml$/.test(path) ||
    /^\.github\/dependabot\.ya?ml$/.test(path) ||
    path === '.github/rampart.yml'
  );
}
