// The CLI's one-line error. No key in it, whatever the user typed where: a
// key given as a stray argument, or as another option's value, is echoed by
// the message that refuses it.
import { redactKeys } from '../model/secrets.ts';

export function printError(message: string): void {
  console.error(`wispanel-conformance: ${redactKeys(message)}`);
}
