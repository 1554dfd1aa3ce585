/**
 * The fuzzer covers the whole seed: every query parameter and every JSON body
 * field of openapi.yaml (body `$ref`s resolved to components.schemas) has a
 * generator, every invalid form says which rule it breaks, and the rules and
 * plans name only operations and parameters that exist.
 */
import { describe, expect, it } from 'vitest';
import { BEHAVIOR_RULES } from '../../lib/fuzz/behavior-rules.ts';
import { FUZZ_PLANS } from '../../lib/fuzz/fuzz-plans.ts';
import { fuzzInventory } from '../../lib/fuzz/inventory.ts';
import { loadSpec, resolvePointer } from '../../lib/spec/spec-index.ts';

type Json = Record<string, unknown>;

const spec = loadSpec();
const inventory = fuzzInventory(spec);

function follow(pointer: string): Json {
  return (resolvePointer(spec.document, pointer) ?? {}) as Json;
}

/** Every (operation, location, name) the seed declares: query parameters and JSON body properties. */
function seedInputs(): { operation: string; location: 'query' | 'body'; name: string }[] {
  const out: { operation: string; location: 'query' | 'body'; name: string }[] = [];
  for (const operation of spec.operations) {
    for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
      out.push({ operation: operation.operationId, location: 'query', name: parameter.name });
    }
    const pointer = operation.requestBody?.content.get('application/json');
    if (pointer === undefined) continue;
    let schema = follow(pointer);
    if (typeof schema['$ref'] === 'string') schema = follow(schema['$ref']);
    for (const name of Object.keys((schema['properties'] ?? {}) as Json)) out.push({ operation: operation.operationId, location: 'body', name });
  }
  return out;
}

describe('fuzz inventory', () => {
  const inputs = seedInputs();

  it("finds the seed's query parameters and JSON body fields", () => {
    expect(inputs.length).toBeGreaterThan(40);
    expect(inputs).toContainEqual({ operation: 'listApps', location: 'query', name: 'workspace_id' });
    expect(inputs).toContainEqual({ operation: 'runApp', location: 'body', name: 'auto_generate_name' });
  });

  it.each(inputs.map((input) => [`${input.operation} ${input.location} ${input.name}`, input]))('%s has a generator', (_name, input) => {
    const entry = inventory.find((e) => e.operation === input.operation && e.location === input.location && e.parameter === input.name);
    expect(entry, 'no inventory entry').toBeDefined();
    expect(entry?.valid.length, 'no valid form').toBeGreaterThan(0);
    // A parameter the guard reads first is never mutated, and every text is a plain string;
    // everything else has invalid forms.
    const freeText = entry?.location === 'query' && entry.declared === 'string';
    if (entry?.guarded === undefined && !freeText) expect(entry?.invalid.length, 'no invalid form').toBeGreaterThan(0);
  });

  it('gives every invalid form a level, a source and the answer expected', () => {
    for (const entry of inventory) {
      for (const form of entry.invalid) {
        expect(['MUST', 'SHOULD']).toContain(form.level);
        expect(form.source.length).toBeGreaterThan(10);
        expect([400, 422]).toContain(form.answer);
      }
    }
  });

  it('says for every entry what the suite sends', () => {
    for (const entry of inventory) expect(entry.sent).toMatch(/^(all|invalid-only|nothing): ./);
  });

  it('never mutates workspace_id of GET /apps (the guard answers 404 before validation)', () => {
    const entry = inventory.find((e) => e.operation === 'listApps' && e.parameter === 'workspace_id');
    expect(entry?.guarded).toMatch(/§3/);
    expect(entry?.invalid).toEqual([]);
    expect(entry?.ambiguous).toEqual([]);
  });

  it('answers device-flow mistakes with 400, everything else with 422', () => {
    for (const entry of inventory) {
      const device = ['createDeviceCode', 'pollDeviceToken', 'lookupDevice', 'approveDevice', 'denyDevice'].includes(entry.operation);
      for (const form of entry.invalid) expect(form.answer).toBe(device ? 400 : 422);
    }
  });
});

describe('behaviour rules and plans', () => {
  const operations = new Set(spec.operations.map((o) => o.operationId));
  const declared = new Set(seedInputs().map((i) => `${i.operation} ${i.name}`));

  it.each(BEHAVIOR_RULES.map((rule) => [`${rule.operation} ${rule.kind}`, rule]))('%s names what exists and cites its source', (_name, rule) => {
    if (rule.operation !== '*') expect(operations).toContain(rule.operation);
    if ('parameter' in rule) expect(declared).toContain(`${rule.operation} ${rule.parameter}`);
    expect(rule.source).toMatch(rule.level === 'MUST' ? /^seed: / : /docs\/server-behavior\.md §/);
  });

  it('plans name existing operations, each once', () => {
    for (const plan of FUZZ_PLANS) expect(operations).toContain(plan.operation);
    expect(new Set(FUZZ_PLANS.map((p) => p.operation)).size).toBe(FUZZ_PLANS.length);
  });
});
