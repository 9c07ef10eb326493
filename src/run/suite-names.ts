// A suite's name as vitest shows it: in a fleet, the panel's name first, so
// that every panel's suites stand apart in one worker's run. Imports
// nothing: the CLI process reads these names too (the collector).

export const suiteTitle = (suite: string, panel?: string): string => (panel ? `${panel}/${suite}` : suite);

/** The panel a suite title names (as suiteTitle wrote it), if any. */
export function panelOfTitle(title: string): string | undefined {
  const slash = title.indexOf('/');
  return slash > 0 ? title.slice(0, slash) : undefined;
}
