// The switch for one name of a catalogue (faults, quirks), consulted at
// each hook; an unknown name is a caller error.
export function namedSwitch<N extends string>(kind: string, catalogue: Readonly<Record<string, unknown>>, name: string | undefined): (candidate: N) => boolean {
  if (name !== undefined && !Object.hasOwn(catalogue, name)) {
    throw new Error(`Unknown ${kind} '${name}'. Known ${kind}s: ${Object.keys(catalogue).join(', ')}`);
  }
  return (candidate) => candidate === name;
}
