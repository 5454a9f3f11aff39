/**
 * How a `with:` input turns an action's behaviour on or off, as zizmor models it (crates/zizmor/src/models/coordinate.rs):
 * an opt-in input enables it when set, an opt-out input disables it; a boolean input is read as `true`/`false`, a free
 * string input counts when it is not empty; `byDefault` says whether the behaviour is on when the input is absent.
 */
export type Control =
  | { input: string; type: 'boolean' | 'string'; toggle: 'in' | 'out'; byDefault: boolean }
  | { any: Control[] }
  | { all: Control[] };

/** On by default, on because the inputs say so, off, or on depending on an expression. */
export type Usage = 'default' | 'on' | 'off' | 'maybe';

/** An action whose use counts, when its control (if any) says so. */
export interface Coordinate {
  /** `owner/repo[/path]`, lower-cased; a repository does not match its sub-actions. */
  action: string;
  control?: Control;
}

/** What the control evaluates to for a step's `with:` (input names as written; GitHub matches them exactly). */
export function evaluate(control: Control, inputs: ReadonlyMap<string, string | number | boolean | null>): Usage {
  if ('any' in control) return control.any.map((c) => evaluate(c, inputs)).reduce(or);
  if ('all' in control) return control.all.map((c) => evaluate(c, inputs)).reduce(and);
  if (!inputs.has(control.input)) return control.byDefault ? 'default' : 'off';
  const raw = inputs.get(control.input);
  const value = raw === null || raw === undefined ? '' : String(raw);
  const enables = control.toggle === 'in';
  if (control.type === 'string') return (value !== '') === enables ? 'on' : 'off';
  if (value === 'true') return enables ? 'on' : 'off';
  if (value === 'false') return enables ? 'off' : 'on';
  // An expression could go either way; any other text is taken as true, as actions coerce it.
  if (value.includes('${{')) return 'maybe';
  return enables ? 'on' : 'off';
}

// zizmor's four-valued tables for `all` and `any`, kept as they are so findings match its own.
const AND: Record<Usage, Record<Usage, Usage>> = {
  default: { default: 'default', on: 'on', off: 'off', maybe: 'maybe' },
  on: { default: 'on', on: 'on', off: 'off', maybe: 'maybe' },
  off: { default: 'off', on: 'off', off: 'off', maybe: 'off' },
  maybe: { default: 'on', on: 'maybe', off: 'off', maybe: 'maybe' },
};
const OR: Record<Usage, Record<Usage, Usage>> = {
  default: { default: 'default', on: 'on', off: 'default', maybe: 'default' },
  on: { default: 'on', on: 'on', off: 'on', maybe: 'on' },
  off: { default: 'default', on: 'on', off: 'off', maybe: 'maybe' },
  maybe: { default: 'default', on: 'on', off: 'maybe', maybe: 'maybe' },
};

function and(a: Usage, b: Usage): Usage {
  return AND[a][b];
}

function or(a: Usage, b: Usage): Usage {
  return OR[a][b];
}

/** The inputs that decided a control, for messages. */
export function controlInputs(control: Control): string[] {
  if ('any' in control) return control.any.flatMap(controlInputs);
  if ('all' in control) return control.all.flatMap(controlInputs);
  return [control.input];
}
