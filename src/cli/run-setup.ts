// What the CLI and the plain-vitest set-up (src/cli/vitest-setup.ts) share
// to make a run from a configuration: the plan options, the checks that cost
// no request, the panel, the run's input and services, and their end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseShard, type Config } from '../config.ts';
import { loadSpec } from '../spec/load.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { generatePlan } from '../cases/generate.ts';
import type { PlanOptions } from '../cases/types.ts';
import { readCaFile } from '../http/transport.ts';
import type { RunInput } from '../run/input.ts';
import { createRunServices, stopBudgets, type RunServices } from '../run/services.ts';
import { newRunId } from '../../fixtures/data.ts';
import { openPanel, type Panel } from './panel.ts';
import { checkSelection } from './selection.ts';
import { suiteVersion } from './version.ts';

export function planOptionsOf(config: Config): PlanOptions {
  return {
    profile: config.profile,
    include: config.include,
    exclude: config.exclude,
    readOnly: config.readOnly,
    hasResellerToken: config.resellerToken !== undefined,
    filter: config.filter,
    operations: config.operation,
    requirements: config.requirement,
    rate: config.rate,
    shard: config.shard === undefined ? undefined : parseShard(config.shard),
  };
}

/** Throws ConfigError when --operation or --requirement names nothing a
 *  case stands for. */
export function checkPlanSelection(config: Config): void {
  if (!config.operation && !config.requirement) return;
  const spec = loadSpec();
  const plan = generatePlan(spec, planOptionsOf(config));
  checkSelection(config, plan, spec.operations.map((o) => o.operationId), new Set(loadRequirements().keys()));
}

export interface OpenRun {
  panel: Panel;
  input: RunInput;
  services: RunServices;
}

/** The panel (the embedded reference server is started here) and the run's
 *  input and services; nothing is sent yet. `panel` names a fleet's panel.
 *  Throws on a usage error (an unusable CA file). */
export async function openRun(config: Config, name?: string): Promise<OpenRun> {
  if (config.caFile) readCaFile(config.caFile);
  const panel = await openPanel(config);
  const runId = newRunId();
  const input: RunInput = {
    ...(name === undefined ? {} : { panel: name }),
    baseUrl: panel.baseUrl,
    adminToken: panel.adminToken,
    resellerToken: config.resellerToken,
    runId,
    seed: config.seed ?? Math.floor(Math.random() * 2 ** 31),
    runDir: mkdtempSync(join(tmpdir(), `wispanel-${runId}-`)),
    rate: config.rate,
    windowMs: config.rateWindowMs,
    timeoutMs: config.timeout * 1000,
    concurrency: config.concurrency,
    budgetRedis: config.budgetRedis,
    strict: config.strict,
    lenient: config.lenient,
    tls: { caFile: config.caFile, insecure: config.insecure },
    planOptions: planOptionsOf(config),
  };
  return { panel, input, services: createRunServices(input) };
}

/** The run's first line: what the user needs to replay it or clean up after it. */
export function runLine({ input, panel }: Pick<OpenRun, 'input' | 'panel'>): string {
  return `wispanel-conformance ${suiteVersion()}: run ${input.runId}, seed ${input.seed}, target ${panel.baseUrl}${panel.embedded ? ' (embedded reference server)' : ''}`;
}

/** Stops the budgets and the embedded server; removes the scratch folder. */
export async function closeRun({ panel, input, services }: OpenRun): Promise<void> {
  await stopBudgets(services);
  await panel.close();
  rmSync(input.runDir, { recursive: true, force: true });
}
