// The kinds of case, by name: the plan's registry (src/cases/kinds/) and the
// engine's (src/run/kinds/) each hold one module per name, and the
// configuration takes them as --include/--exclude values without loading
// either.

export const CASE_KINDS = ['positive', 'lifecycle', 'auth', 'role', 'key', 'validation', 'not-found', 'rate-limit', 'refusals'] as const;

export type CaseKind = (typeof CASE_KINDS)[number];
