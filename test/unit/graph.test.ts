/** The dependency sort (order/graph.ts) and the cycle error of orderChanges. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { topoSort } from '../../src/core/order/graph.js';
import { orderChanges } from '../../src/core/order/order-changes.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';
import { emptySchema } from '../../src/core/model/schema.js';
import type { Change } from '../../src/core/model/change.js';
import type { TableDef } from '../../src/core/model/objects.js';

describe('topoSort', () => {
  it('puts every node after the nodes it depends on', () => {
    // Edges are [before, after]: 1 → 3 → 2 → 0 is the only valid order.
    assert.deepEqual(topoSort([0, 0, 0, 0], [[2, 0], [3, 2], [1, 3]]), { order: [1, 3, 2, 0], cycle: [] });
  });

  it('breaks ties by priority, then by insertion order', () => {
    assert.deepEqual(topoSort([5, 1, 1, 0], []).order, [3, 1, 2, 0]);
    // A dependency beats priority: 3 must wait for 0.
    assert.deepEqual(topoSort([5, 1, 1, 0], [[0, 3]]).order, [1, 2, 0, 3]);
  });

  it('is deterministic and ignores self-edges and repeated edges', () => {
    const edges: [number, number][] = [[0, 1], [0, 1], [1, 1], [2, 2]];
    const a = topoSort([1, 0, 2], edges);
    assert.deepEqual(a, topoSort([1, 0, 2], [...edges]));
    assert.deepEqual(a, { order: [0, 1, 2], cycle: [] });
  });

  it('reports the nodes on a cycle, not the ones merely waiting behind it', () => {
    // 0 → 1 → 2 → 1 is a cycle of {1, 2}; 3 depends on it; 4 is free.
    const r = topoSort([0, 0, 0, 0, 0], [[0, 1], [1, 2], [2, 1], [2, 3]]);
    assert.deepEqual(r.order, [0, 4]);
    assert.deepEqual([...r.cycle].sort(), [1, 2]);
  });
});

const table = (name: string, defaultRefs: string[]): TableDef => ({
  kind: 'table', name: { schema: 'public', name }, unlogged: false, options: [], source: null,
  columns: [{
    name: 'id', type: { schema: null, name: 'int4', modifiers: [], arrayDims: 0 }, notNull: false, identity: null,
    generated: null, collation: null, source: null,
    default: { sql: '0', canon: '0', refs: defaultRefs },
  }],
});

describe('orderChanges', () => {
  it('orders creates by the model facts (schema, type, table, key, foreign key)', () => {
    const changes: Change[] = [
      { kind: 'create_table', table: { ...table('t', []), name: { schema: 'app', name: 't' } }, constraints: [] },
      { kind: 'create_schema', name: 'app' },
    ];
    const ordered = orderChanges(changes, emptySchema(), emptySchema());
    assert.deepEqual(ordered.map((c) => c.kind), ['create_schema', 'create_table']);
  });

  it('names the objects of a dependency cycle', () => {
    // Two tables whose defaults (by their recorded facts) each need the other table first.
    const changes: Change[] = [
      { kind: 'create_table', table: table('a', ['table:public.b']), constraints: [] },
      { kind: 'create_table', table: table('b', ['table:public.a']), constraints: [] },
      { kind: 'create_schema', name: 'unrelated' },
    ];
    assert.throws(() => orderChanges(changes, emptySchema(), emptySchema()), (e: unknown) => {
      assert.ok(e instanceof DiagnosticError);
      assert.equal(e.diagnostics[0]?.code, 'dependency_cycle');
      assert.match(e.message, /create_table public\.a/);
      assert.match(e.message, /create_table public\.b/);
      assert.doesNotMatch(e.message, /unrelated/);
      return true;
    });
  });
});
