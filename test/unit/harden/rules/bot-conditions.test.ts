import { botConditions } from '../../../../src/harden/rules/bot-conditions/bot-conditions.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/automerge.yml';
const rules = [botConditions];

async function run(src: string) {
  const r = await runHarden({ [WF]: src }, { rules });
  return { text: r.files[WF]!, findings: r.file(WF).findings, report: r.report };
}

/** A workflow on `on`, whose job has `jobIf` and one step with `stepIf`. */
const wf = (on: string, jobIf: string, stepIf = "github.actor == 'renovate[bot]'") =>
  yaml(
    `on: ${on}`,
    'jobs:',
    '  merge:',
    '    runs-on: ubuntu-latest',
    `    if: ${jobIf}`,
    '    steps:',
    '      - run: gh pr merge --auto "$PR"',
    `        if: ${stepIf}`,
  );

describe('bot-conditions', () => {
  test("zizmor's example: github.actor on pull_request_target becomes the pull request author, job and step", async () => {
    const r = await run(
      wf(
        'pull_request_target',
        "github.actor == 'dependabot[bot]' && github.repository == github.event.pull_request.head.repo.full_name",
        "${{ github.actor == 'dependabot[bot]' }}",
      ),
    );
    expect(r.text).toBe(
      wf(
        'pull_request_target',
        "github.event.pull_request.user.login == 'dependabot[bot]' && github.repository == github.event.pull_request.head.repo.full_name",
        "${{ github.event.pull_request.user.login == 'dependabot[bot]' }}",
      ),
    );
    expect(r.findings.map((f) => [f.line, f.column, f.severity, f.confidence, f.fixed])).toEqual([
      [5, 9, 'high', 'medium', true],
      [8, 17, 'high', 'high', true],
    ]);
    expect(r.findings[0]!.message).toMatch(
      /checks github\.actor for a bot.*compares github\.event\.pull_request\.user\.login instead/,
    );
  });

  test.each([
    [
      "${{ 'dependabot[bot]' == GitHub.ACTOR }}",
      "${{ 'dependabot[bot]' == github.event.pull_request.user.login }}",
      'high',
    ],
    [
      "github.triggering_actor == 'dependabot[bot]' || github.actor == 'renovate[bot]'",
      "github.event.pull_request.user.login == 'dependabot[bot]' || github.event.pull_request.user.login == 'renovate[bot]'",
      'high',
    ],
    [
      "something.else && 'dependabot[bot]' == github.actor",
      "something.else && 'dependabot[bot]' == github.event.pull_request.user.login",
      'medium',
    ],
    // zizmor walks through `!` without turning the check around, and so does Rampart.
    [
      "${{ !(github.actor == 'dependabot[bot]') }}",
      "${{ !(github.event.pull_request.user.login == 'dependabot[bot]') }}",
      'high',
    ],
    ['github.actor_id == 49699333', 'github.event.pull_request.user.id == 49699333', 'high'],
    [
      "github.event.pull_request.sender.login == 'dependabot[bot]'",
      "github.event.pull_request.user.login == 'dependabot[bot]'",
      'high',
    ],
  ])('%s', async (cond, fixed, confidence) => {
    const r = await run(wf('pull_request', cond, 'always()'));
    expect(r.text).toBe(wf('pull_request', fixed, 'always()'));
    expect(r.findings).toEqual([expect.objectContaining({ line: 5, confidence, fixed: true })]);
  });

  test.each([
    ["github.actor != 'dependabot[bot]'"],
    ["contains(github.actor, 'bot')"],
    ["github.actor == 'octocat'"],
    ['github.actor_id == 12345'],
    ["${{ github.actor }} == 'dependabot[bot]'"],
  ])('not a spoofable bot check: %s', async (cond) => {
    const r = await run(wf('pull_request_target', cond, 'always()'));
    expect(r.findings).toEqual([]);
  });

  test.each([
    ['issue_comment', 'github.event.comment.user.login'],
    ['pull_request_review', 'github.event.review.user.login'],
    ['issues', 'github.event.issue.user.login'],
    ['release', 'github.event.release.author.login'],
    ['[pull_request, pull_request_target]', 'github.event.pull_request.user.login'],
    ['{pull_request: {types: [opened]}}', 'github.event.pull_request.user.login'],
  ])('on %s the author is %s', async (on, context) => {
    const r = await run(wf(on, "github.actor == 'dependabot[bot]'"));
    expect(r.text).toBe(wf(on, `${context} == 'dependabot[bot]'`, `${context} == 'renovate[bot]'`));
  });

  test.each([['push'], ['workflow_run'], ['[pull_request, push]'], ['[issue_comment, pull_request]']])(
    'reported, not changed, on %s: the event has no author or several',
    async (on) => {
      const src = wf(on, "github.actor == 'dependabot[bot]'");
      const r = await run(src);
      expect(r.text).toBe(src);
      expect(r.findings.map((f) => [f.line, f.fixed])).toEqual([
        [5, false],
        [8, false],
      ]);
      expect(r.findings[0]!.message).toMatch(/not changed: the workflow's triggers do not say whose event it is/);
      expect(r.findings[0]!.help).toBe(botConditions.help);
    },
  );

  test('folded, quoted and flow-style conditions are rewritten where written; CRLF and comments stay', async () => {
    const src = yaml(
      'on: pull_request_target # automerge',
      'jobs:',
      '  merge:',
      '    runs-on: ubuntu-latest',
      '    if: >-',
      "      github.actor == 'dependabot[bot]' &&",
      '      github.event.pull_request.draft == false',
      '    steps:',
      '      - {run: make, if: "github.actor == \'dependabot[bot]\'"} # one line',
      "      - if: 'github.actor == ''dependabot[bot]'''",
      '        run: make',
    ).replace(/\n/g, '\r\n');
    const r = await run(src);
    expect(r.text).toBe(src.replace(/github\.actor/g, 'github.event.pull_request.user.login'));
    expect(r.findings.every((f) => f.fixed)).toBe(true);
  });

  test('a condition it cannot find where written, or shared through an anchor, is reported', async () => {
    const src = yaml(
      'on: pull_request_target',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      "    if: github['actor'] == 'dependabot[bot]'",
      '    steps: [{run: make}]',
      '  b:',
      '    runs-on: ubuntu-latest',
      "    if: &bot github.actor == 'dependabot[bot]'",
      '    steps:',
      '      - run: make',
      '        if: *bot',
    );
    const r = await run(src);
    expect(r.text).toBe(src);
    expect(r.findings.map((f) => [f.line, f.fixed, f.message.replace(/.*not changed: /, '')])).toEqual([
      [5, false, 'the context could not be found where the condition is written'],
      [9, false, 'the condition is shared through an anchor'],
    ]);
  });

  test('a condition that also checks the author is reported, low, not rewritten: the actor check only narrows it', async () => {
    const src = wf(
      'pull_request',
      "github.actor == 'dependabot[bot]' && github.event.pull_request.user.login == 'dependabot[bot]'",
      'always()',
    );
    const r = await run(src);
    expect(r.text).toBe(src);
    expect(r.findings).toEqual([
      expect.objectContaining({
        line: 5,
        severity: 'low',
        confidence: 'medium',
        fixed: false,
        message: expect.stringContaining('not changed: the condition also checks github.event.pull_request.user.login'),
      }),
    ]);
  });

  test('an ignore comment leaves the condition as written', async () => {
    const src = wf(
      'pull_request_target',
      "github.actor == 'dependabot[bot]' # zizmor: ignore[bot-conditions]",
      'always()',
    );
    const r = await run(src);
    expect(r.text).toBe(src);
    expect(r.report.summary.byRule['bot-conditions']).toEqual({ fixed: 0, reported: 0, suppressed: 1 });
  });
});
