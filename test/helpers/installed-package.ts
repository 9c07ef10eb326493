// The published package as a user gets it: `npm pack` (which builds dist/ at
// prepack), the tarball installed into an empty project. For the package
// test and for the bench's `--cli installed`.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** npm as a user runs it: without what `npm test` exports about this package
 *  and its script (npm_package_*, npm_lifecycle_*, the local prefix), with
 *  the rest of the npm configuration (registry, cache, proxy) kept. */
export function npmEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_(package_|lifecycle_|command$|config_local_prefix$)/.test(k) && !k.startsWith('WISPANEL_')),
  );
  return { ...env, npm_config_update_notifier: 'false', NO_COLOR: '1' };
}

const run = promisify(execFile);
async function npm(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run('npm', args, { cwd, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
}

export interface PackedFile {
  path: string;
  size: number;
}

export interface InstalledPackage {
  /** The empty project it was installed into. */
  project: string;
  packed: { filename: string; files: PackedFile[] };
  /** What `npm install` printed. */
  install: { stdout: string; stderr: string };
  /** A bin of the package as installed (node_modules/.bin/NAME). */
  bin(name: string): string;
}

/** Packs this checkout into `work` and installs the tarball into `work/project`. */
export async function packAndInstall(work: string): Promise<InstalledPackage> {
  const { stdout } = await npm(['pack', '--json', '--pack-destination', work], root);
  const [packed] = JSON.parse(stdout) as InstalledPackage['packed'][];
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'empty-project', version: '1.0.0', private: true }, null, 2)}\n`);
  const install = await npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)], project);
  return { project, packed: packed, install, bin: (name) => join(project, 'node_modules', '.bin', name) };
}
