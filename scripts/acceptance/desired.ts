/**
 * The desired model as the CLI builds it before planning: parse, then the server's canonical
 * forms of programmable objects and partition keys and bounds (scratch databases on the
 * acceptance cluster, no cache), comments, owners and privileges resolved for the role that
 * applies. A pure parse leaves those kinds empty or in source form.
 */
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { canonicalise } from '../../src/shell/canonicalise/canonicalise.js';
import { openScratchServer } from '../../src/shell/canonicalise/scratch-server.js';
import type { Schema } from '../../src/core/model/schema.js';
import { resolveAuthz } from '../../src/core/authz/resolve.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';

export const desiredModel = async (files: readonly { path: string; text: string }[], clusterUrl: string, major: number, currentUser: string): Promise<Schema> => {
  await loadParser();
  const parsed = parseSchema(files);
  const canonical = await canonicalise(parsed, {
    major, cacheDir: null, toolVersion: 'acceptance',
    server: () => openScratchServer({ major, shadowDsn: clusterUrl, projectDir: '.' }),
  });
  const r = resolveAuthz(canonical, parsed.authz, parsed.bodies, { currentUser, major, manage: { owners: 'auto', privileges: 'auto' } });
  if (r.diagnostics.length) throw new DiagnosticError(r.diagnostics);
  return r.schema;
};
