// A panel's run made from its configuration: the plan options, the
// selection's checks before any request, and the run opened (target, input,
// services) and closed again (scratch folder removed, embedded server
// stopped), nothing sent in between.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../reference/server.ts';
import { parseConfig } from '../config/config.ts';
import { ConfigError } from '../config/options.ts';
import { generatePlan } from '../cases/generate.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { loadSpec } from '../spec/load.ts';
import { checkPlanSelection, checkSelection, closePanel, openPanel, planOptionsOf } from './open.ts';

const configOf = (args: string[]) => parseConfig(args, {}, process.cwd());
const spec = loadSpec();
const catalogue = new Set(loadRequirements().keys());
const operationIds = spec.operations.map((o) => o.operationId);

describe('planOptionsOf', () => {
  test("the plan options are the configuration's", () => {
    const config = configOf([
      '--profile',
      'certify',
      '--include',
      'rate-limit',
      '--exclude',
      'auth,validation',
      '--read-only',
      '--reseller-token',
      'wsp_0123456789abcdef0123456789abcdef0123456789abcdef',
      '--filter',
      'getReseller',
      '--operation',
      'getReseller,listResellers',
      '--requirement',
      'RES-GET-200',
      '--rate',
      '30',
      '--shard',
      '2/3',
      '--seed',
      '1',
    ]);
    expect(planOptionsOf(config)).toEqual({
      profile: 'certify',
      include: ['rate-limit'],
      exclude: ['auth', 'validation'],
      readOnly: true,
      hasResellerToken: true,
      filter: 'getReseller',
      operations: ['getReseller', 'listResellers'],
      requirements: ['RES-GET-200'],
      rate: 30,
      shard: { index: 2, count: 3 },
    });
  });

  test('the defaults: the default profile, nothing chosen, no reseller key, no shard', () => {
    expect(planOptionsOf(configOf([]))).toEqual({
      profile: 'default',
      include: [],
      exclude: [],
      readOnly: false,
      hasResellerToken: false,
      filter: undefined,
      operations: undefined,
      requirements: undefined,
      rate: 60,
      shard: undefined,
    });
  });
});

describe('checkSelection', () => {
  const plan = generatePlan(spec, { profile: 'default', include: [], exclude: [], readOnly: false, hasResellerToken: false });

  test('operations and requirements a case stands for pass', () => {
    expect(() => checkSelection({ operation: ['getReseller'], requirement: ['RES-GET-200'] }, plan, operationIds, catalogue)).not.toThrow();
    expect(() => checkSelection({}, plan, operationIds, catalogue)).not.toThrow();
  });

  test('an unknown operationId is a usage error listing the valid ones', () => {
    expect(() => checkSelection({ operation: ['getReseller', 'getResseler'] }, plan, operationIds, catalogue)).toThrow(ConfigError);
    expect(() => checkSelection({ operation: ['getResseler'] }, plan, operationIds, catalogue)).toThrow(
      /^--operation: unknown operationId getResseler \(valid: .*\bgetReseller\b.*\)$/,
    );
  });

  test('an unknown requirement, and one no case stands for (judged passively), are usage errors', () => {
    expect(() => checkSelection({ requirement: ['RES-GET-201'] }, plan, operationIds, catalogue)).toThrow(
      /^--requirement: unknown requirement RES-GET-201 \(valid: .*RES-GET-200/,
    );
    expect(() => checkSelection({ requirement: ['HTTP-JSON-BODY'] }, plan, operationIds, catalogue)).toThrow(
      /^--requirement: no case stands for HTTP-JSON-BODY; it is judged passively, on every response of any run/,
    );
  });

  test("checkPlanSelection checks the configuration's own selection against its plan, and nothing without one", () => {
    expect(() => checkPlanSelection(configOf([]))).not.toThrow();
    expect(() => checkPlanSelection(configOf(['--operation', 'getReseller']))).not.toThrow();
    expect(() => checkPlanSelection(configOf(['--operation', 'nope']))).toThrow('--operation: unknown operationId nope');
    // RL-429 stands for the rate-limit case, which only certify plans.
    expect(() => checkPlanSelection(configOf(['--profile', 'certify', '--requirement', 'RL-429']))).not.toThrow();
  });
});

describe('openPanel and closePanel', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ rateLimit: 60, windowMs: 1000 });
  });
  afterAll(() => server.close());

  test('a panel at --base-url: its input from the configuration, a scratch folder, nothing sent; closing removes the folder', async () => {
    const config = configOf([
      '--base-url',
      server.baseUrl,
      '--token',
      server.adminToken,
      '--seed',
      '9',
      '--rate',
      '40',
      '--rate-window-ms',
      '2000',
      '--timeout',
      '7',
      '--unavailable-budget',
      '12',
      '--concurrency',
      '3',
      '--strict',
      '--profile',
      'certify',
    ]);
    const panel = await openPanel(config, 'east');
    try {
      expect(panel.name).toBe('east');
      expect(panel.target).toMatchObject({ baseUrl: server.baseUrl, token: server.adminToken, embedded: false });
      expect(panel.input).toMatchObject({
        panel: 'east',
        baseUrl: server.baseUrl,
        token: server.adminToken,
        seed: 9,
        rate: 40,
        windowMs: 2000,
        timeoutMs: 7000,
        unavailableBudgetMs: 12_000,
        concurrency: 3,
        strict: true,
        lenient: false,
        tls: { caFile: undefined, insecure: false },
      });
      expect(panel.input.runId).toMatch(/^[a-z][a-z0-9]{5}$/);
      expect(panel.input.planOptions).toEqual(planOptionsOf(config));
      expect(panel.services.input).toBe(panel.input);
      expect(panel.services.plan.cases.every((c) => !c.disabled)).toBe(true);
      expect(existsSync(panel.input.runDir)).toBe(true);
      expect(server.requestLog).toEqual([]);
    } finally {
      await closePanel(panel);
    }
    expect(existsSync(panel.input.runDir)).toBe(false);
  });

  test('without a name, the input names no panel; without --seed, a seed is drawn', async () => {
    const panel = await openPanel(configOf(['--base-url', server.baseUrl, '--token', server.adminToken]));
    try {
      expect(panel.name).toBeUndefined();
      expect('panel' in panel.input).toBe(false);
      expect(Number.isInteger(panel.input.seed)).toBe(true);
    } finally {
      await closePanel(panel);
    }
  });

  test('without --base-url, the embedded reference server is the target, and closing stops it', async () => {
    const panel = await openPanel(configOf(['--rate-window-ms', '1000']));
    let closed = false;
    try {
      expect(panel.target.embedded).toBe(true);
      expect(panel.input.baseUrl).toBe(panel.target.baseUrl);
      const me = await fetch(`${panel.input.baseUrl}/auth/me`, { headers: { authorization: `Bearer ${panel.input.token}` } });
      expect(me.status).toBe(200);
      await closePanel(panel);
      closed = true;
      await expect(fetch(`${panel.input.baseUrl}/auth/me`)).rejects.toThrow();
      expect(existsSync(panel.input.runDir)).toBe(false);
    } finally {
      if (!closed) await closePanel(panel);
    }
  });

  test('an unusable CA file is refused before anything is opened', async () => {
    await expect(openPanel(configOf(['--base-url', server.baseUrl, '--token', server.adminToken, '--ca-file', '/nonexistent/ca.pem']))).rejects.toThrow(
      /^--ca-file accepts a readable PEM file/,
    );
  });
});
