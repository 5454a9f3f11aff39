import { z } from 'zod';

/**
 * Action inputs whose text the action runs as code (a script, a shell command line, a template language that can
 * call functions), so a `${{ … }}` pasted into them is an injection just as it is in `run:`. Built from the sinks
 * CodeQL models as `code-injection` (github/codeql, actions/ql/lib/ext/manual, MIT) and those zizmor adds to them
 * (crates/zizmor/src/audit/template_injection.rs), each entry citing the action's own documentation or that model.
 */
export const codeInputSchema = z
  .object({
    /** `owner/repo[/path]`, lower case, as `uses:` names it. */
    action: z.string().regex(/^[a-z0-9_.-]+\/[a-z0-9_./-]+$/),
    /** Input names, as the action declares them (GitHub compares them without regard to case). */
    inputs: z.array(z.string().min(1)).min(1),
    /** What the input is read as, for the finding's text. */
    language: z.enum([
      'JavaScript',
      'PowerShell',
      'Python',
      'a shell command line',
      'a yq expression',
      'a lodash template',
    ]),
    /**
     * How the fix reads a variable there, when the code runs on the runner with the step's environment: `javascript`
     * (`process.env.NAME`) and `powershell` (`$env:NAME`). Absent: the code runs elsewhere (a container, a remote
     * host) or in a language the fix does not write, and findings are reported.
     */
    fix: z.enum(['javascript', 'powershell']).optional(),
    source: z.url({ protocol: /^https$/ }),
  })
  .strict();
export type CodeInput = z.output<typeof codeInputSchema>;

const CODEQL = 'https://github.com/github/codeql/blob/main/actions/ql/lib/ext/manual';
const ZIZMOR = 'https://github.com/zizmorcore/zizmor/blob/main/crates/zizmor/src/audit/template_injection.rs';

const table: z.input<typeof codeInputSchema>[] = [
  {
    action: 'actions/github-script',
    inputs: ['script'],
    language: 'JavaScript',
    fix: 'javascript',
    source: 'https://github.com/actions/github-script/blob/HEAD/README.md',
  },
  {
    action: 'amadevus/pwsh-script',
    inputs: ['script'],
    language: 'PowerShell',
    fix: 'powershell',
    source: 'https://github.com/Amadevus/pwsh-script/blob/HEAD/README.md',
  },
  {
    action: 'psmodule/github-script',
    inputs: ['Script'],
    language: 'PowerShell',
    fix: 'powershell',
    source: 'https://github.com/PSModule/GitHub-Script/blob/HEAD/README.md',
  },
  { action: 'jannekem/run-python-script-action', inputs: ['script'], language: 'Python', source: ZIZMOR },
  { action: 'cardinalby/js-eval-action', inputs: ['expression'], language: 'JavaScript', source: ZIZMOR },
  // yq runs in the action's container; its expressions can read files and the environment (`env()`, `load()`).
  {
    action: 'mikefarah/yq',
    inputs: ['cmd'],
    language: 'a shell command line',
    source: `${CODEQL}/mikefarah_yq.model.yml`,
  },
  {
    action: 'devorbitus/yq-action-output',
    inputs: ['cmd'],
    language: 'a yq expression',
    source: `${CODEQL}/devorbitus_yq-action-output.model.yml`,
  },
  {
    action: 'tibdex/backport',
    inputs: ['body_template', 'head_template', 'labels_template', 'title_template'],
    language: 'a lodash template',
    source: 'https://github.com/tibdex/backport/blob/HEAD/action.yml',
  },
  {
    action: 'azure/cli',
    inputs: ['inlineScript'],
    language: 'a shell command line',
    source: `${CODEQL}/azure_cli.model.yml`,
  },
  {
    action: 'azure/powershell',
    inputs: ['inlineScript'],
    language: 'PowerShell',
    source: `${CODEQL}/azure_powershell.model.yml`,
  },
  {
    action: 'appleboy/ssh-action',
    inputs: ['script'],
    language: 'a shell command line',
    source: `${CODEQL}/appleboy_ssh-action.model.yml`,
  },
];

/** The code-input knowledge base, validated when the module loads, keyed by action. */
export const CODE_INPUTS: ReadonlyMap<string, CodeInput> = new Map(
  table.map((entry) => codeInputSchema.parse(entry)).map((e) => [e.action, e]),
);
