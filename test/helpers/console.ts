// What an in-process CLI command prints, captured instead of shown: its
// console.log lines (stdout), its console.error lines (stderr), and the
// progress line it writes to process.stderr, silenced. Undone by
// vi.restoreAllMocks().
import { vi } from 'vitest';

export interface CapturedConsole {
  /** console.log's lines, joined by newlines. */
  readonly stdout: string;
  /** console.error's lines, joined by newlines. */
  readonly stderr: string;
  /** Both, for an assertion's message. */
  readonly all: string;
}

export function captureConsole(): CapturedConsole {
  const out: string[] = [];
  const err: string[] = [];
  const text = (args: unknown[]) => args.map(String).join(' ');
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(text(args)));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(text(args)));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return {
    get stdout() {
      return out.join('\n');
    },
    get stderr() {
      return err.join('\n');
    },
    get all() {
      return `${out.join('\n')}\n${err.join('\n')}`;
    },
  };
}
