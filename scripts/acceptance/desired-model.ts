/**
 * The desired model of a source, built as the CLI builds it — parsed, programmable kinds
 * canonicalised by the acceptance cluster, owners and privileges resolved — and the live model
 * reduced to what that source manages, so an in-process symmetry check compares what a plan
 * compares (a bare parse has no views or functions, and no owners).
 */
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { canonicalise } from '../../src/shell/canonicalise/canonicalise.js';
import { openScratchServer } from '../../src/shell/canonicalise/scratch-server.js';
import { resolveAuthz } from '../../src/core/authz/resolve.js';
import { alignManagement } from '../../src/core/plan/management.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';
import type { Schema } from '../../src/core/model/schema.js';
import type { Cluster } from './db.js';

export const desiredModel = async (
  files: readonly { path: string; text: string }[], cluster: Cluster, live: { schema: Schema; serverVersionNum: number; currentUser: string },
): Promise<{ desired: Schema; managedLive: Schema }> => {
  await loadParser();
  const parsed = parseSchema(files);
  const major = Math.floor(live.serverVersionNum / 10000);
  const canonical = await canonicalise(parsed, {
    major, cacheDir: null, toolVersion: 'acceptance',
    server: () => openScratchServer({ major, shadowDsn: cluster.url, projectDir: '.' }),
  });
  const r = resolveAuthz(canonical, parsed.authz, parsed.bodies, { currentUser: live.currentUser, major, manage: { owners: 'auto', privileges: 'auto' } });
  if (r.diagnostics.length) throw new DiagnosticError(r.diagnostics);
  return { desired: r.schema, managedLive: alignManagement(live.schema, r.schema) };
};
