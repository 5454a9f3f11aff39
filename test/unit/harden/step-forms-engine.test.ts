import { parseDocument } from 'yaml';
import { runHarden } from '../../support/run-harden.js';
import { STEP_FORMS_ACTION, STEP_FORMS_FILES, STEP_FORMS_WORKFLOW } from '../../support/step-forms-fixture.js';

const WF = STEP_FORMS_WORKFLOW;
const ACTION = STEP_FORMS_ACTION;

/** Words a finding would use to call a step or a uses: value malformed. */
const MALFORMED =
  /alias or not a mapping|not a mapping|malformed|is not owner\/repo|not a plain string|rule failed|did not verify|could not be read/i;

describe('the whole engine over the new step forms', () => {
  test('every rule runs, every rewrite re-parses, and nothing calls the new forms malformed', async () => {
    const r = await runHarden(STEP_FORMS_FILES);
    expect(r.changed).toEqual(expect.arrayContaining([ACTION, WF]));
    for (const path of r.changed) {
      const doc = parseDocument(r.files[path]!, { uniqueKeys: true });
      expect(doc.errors).toEqual([]);
      expect(r.file(path).status).toBe('changed');
    }
    const findings = r.report.files.flatMap((f) => f.findings);
    expect(findings.filter((f) => MALFORMED.test(f.message))).toEqual([]);
    // The steps inside the groups were hardened like any other.
    expect(r.files[WF]).toMatch(/- uses: actions\/checkout@[0-9a-f]{40} # v4\.2\.2/);
    expect(r.files[WF]).toContain('run: echo "${GITHUB_EVENT_ISSUE_TITLE}"');
    expect(r.files[ACTION]).toMatch(/- uses: actions\/setup-node@[0-9a-f]{40} # v4\.1\.0/);
    expect(r.files[WF]).toContain('    uses: $/.github/workflows/reusable.yml\n');
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'dangerous-triggers', line: 9 }));
    // harden-runner is the first item of both jobs' steps.
    const jobs = (parseDocument(r.files[WF]!).toJS() as { jobs: Record<string, { steps?: { uses?: string }[] }> }).jobs;
    expect(jobs['build']!.steps![0]!.uses).toMatch(/^step-security\/harden-runner@/);
    expect(jobs['first-is-wait']!.steps![0]!.uses).toMatch(/^step-security\/harden-runner@/);
    const again = await runHarden(r.files);
    expect(again.report.files.flatMap((f) => f.findings).filter((f) => f.fixed)).toEqual([]);
  });
});
