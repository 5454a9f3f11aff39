/**
 * Words that, in a job's or step's name, a make/npm target or a local script's path, say the code behind it may push,
 * tag or publish. Matched against the name's words (split at punctuation and camelCase), so `gh-pages`,
 * `deploy_docs.sh` and `bumpVersion` match and `tagline` or `documents` do not.
 */
const RISKY =
  /^(release[sd]?|releasing|publish(es|ed|ing)?|deploy(s|ed|ing|ment)?|pages|docs?|tag(s|ged|ging)?|version(s|ing)?|bump(s|ed|ing)?|commit(s|ted|ting)?|push(es|ed|ing)?)$/;

/** The first risky word in a name, or undefined. */
export function riskyWord(name: string): string | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.find((w) => RISKY.test(w));
}
