// A panel's run made from its configuration: the plan options, the checks
// that cost no request, the target (the embedded reference server is started
// here), the run's input and its services, built once; and their end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseShard } from '../config/config.ts';
import { ConfigError, type Config } from '../config/options.ts';
import type { Plan, PlanOptions } from '../model/case.ts';
import { loadSpec } from '../spec/load.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { generatePlan } from '../cases/generate.ts';
import { readCaFile } from '../http/transport.ts';
import { newRunId } from '../../fixtures/data.ts';
import type { RunInput } from './input.ts';
import { connectBudgets, createRunServices, stopBudgets, type RunServices } from './services.ts';
import { openTarget, type Target } from './target.ts';

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
 *  case stands for: a mistyped ID would otherwise disable every case and
 *  pass silently. */
export function checkPlanSelection(config: Config): void {
  if (!config.operation && !config.requirement) return;
  const spec = loadSpec();
  checkSelection(
    config,
    generatePlan(spec, planOptionsOf(config)),
    spec.operations.map((o) => o.operationId),
    new Set(loadRequirements().keys()),
  );
}

export function checkSelection(
  config: Pick<Config, 'operation' | 'requirement'>,
  plan: Plan,
  operationIds: readonly string[],
  catalogue: ReadonlySet<string>,
): void {
  const unknownOps = (config.operation ?? []).filter((id) => !operationIds.includes(id));
  if (unknownOps.length > 0) throw new ConfigError(`--operation: unknown operationId ${unknownOps.join(', ')} (valid: ${operationIds.join(', ')})`);
  const withCases = [...new Set(plan.cases.flatMap((c) => c.requirements))];
  const unknown = (config.requirement ?? []).filter((id) => !catalogue.has(id));
  const caseless = (config.requirement ?? []).filter((id) => catalogue.has(id) && !withCases.includes(id));
  const valid = `(valid: ${withCases.join(', ')})`;
  if (unknown.length > 0) throw new ConfigError(`--requirement: unknown requirement ${unknown.join(', ')} ${valid}`);
  if (caseless.length > 0)
    throw new ConfigError(`--requirement: no case stands for ${caseless.join(', ')}; it is judged passively, on every response of any run ${valid}`);
}

/** One panel's run before its first request. */
export interface OpenPanel {
  /** The panel's name in a fleet. */
  name?: string;
  config: Config;
  target: Target;
  input: RunInput;
  services: RunServices;
}

/** The target and the run's input and services; nothing is sent yet.
 *  Throws on a usage error: an unusable CA file, a shared budget that
 *  cannot be reached. */
export async function openPanel(config: Config, name?: string): Promise<OpenPanel> {
  if (config.caFile) readCaFile(config.caFile);
  const target = await openTarget(config);
  const runId = newRunId();
  const input: RunInput = {
    ...(name === undefined ? {} : { panel: name }),
    baseUrl: target.baseUrl,
    token: target.token,
    resellerToken: config.resellerToken,
    runId,
    seed: config.seed ?? Math.floor(Math.random() * 2 ** 31),
    runDir: mkdtempSync(join(tmpdir(), `wispanel-${runId}-`)),
    rate: config.rate,
    windowMs: config.rateWindowMs,
    timeoutMs: config.timeout * 1000,
    unavailableBudgetMs: config.unavailableBudget * 1000,
    concurrency: config.concurrency,
    budgetRedis: config.budgetRedis,
    strict: config.strict,
    lenient: config.lenient,
    tls: { caFile: config.caFile, insecure: config.insecure },
    planOptions: planOptionsOf(config),
  };
  const panel: OpenPanel = { ...(name === undefined ? {} : { name }), config, target, input, services: createRunServices(input) };
  try {
    // A shared budget that cannot be reached is a usage error, before any request.
    await connectBudgets(panel.services);
  } catch (err) {
    await closePanel(panel);
    throw err;
  }
  return panel;
}

/** Stops the budgets and the embedded server; removes the scratch folder. */
export async function closePanel({ target, input, services }: OpenPanel): Promise<void> {
  await stopBudgets(services);
  await target.close();
  rmSync(input.runDir, { recursive: true, force: true });
}
