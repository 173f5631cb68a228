/**
 * pg-flux as a library: the same operations the CLI runs, and the pure pipeline stages.
 *
 * ```ts
 * import { openProject, computePlan } from 'pg-flux';
 * const project = await openProject({ cwd: process.cwd(), db: process.env.DATABASE_URL });
 * const { plan } = await computePlan(project);
 * await project.close();
 * ```
 */
export { openProject, type Project, type ProjectOptions } from './shell/operations/project.js';
export { computePlan, loadDesired, loadModels, inspectLive, type PlanResult, type Models } from './shell/operations/compute-plan.js';
export { generateMigration, migrationText, type GenerateOptions, type GenerateResult } from './shell/operations/generate.js';
export { applyOperation, type ApplyOperationOptions } from './shell/operations/apply.js';
export { initProject } from './shell/operations/init.js';
export { verifyOperation, type VerifyOptions, type VerifyResult } from './shell/operations/verify.js';
export { pullOperation, type PullOptions, type PullResult } from './shell/operations/pull.js';
export { dumpOperation, dumpFiles, type DumpOptions, type DumpResult } from './shell/operations/dump.js';
export { undeclaredObjects } from './core/coverage/undeclared.js';
export { KINDS, type KindField, type ObjectRef } from './core/coverage/kinds.js';
export { parseAllowedHazards, checkHazards, HazardError } from './shell/operations/hazards.js';
export { migrationStatus } from './shell/runner/status.js';
export { inspectDatabase } from './shell/db/inspect-database.js';
export { startEmbeddedServer } from './shell/embedded/server.js';
export { loadParser } from './core/parse/pg-query.js';
export { parseSchema, type SourceFile } from './core/parse/parse-schema.js';
export { plan } from './core/plan/plan.js';
export { schemaHash, comparableJson, filterSchemas } from './core/model/compare.js';
export type { Schema } from './core/model/schema.js';
export type { Change } from './core/model/change.js';
export type { Plan, PlanStep, Statement } from './core/model/plan.js';
export { DiagnosticError, type Diagnostic } from './core/model/diagnostic.js';
export { runGen, resolveOutputs, type GenResult, type GenFileStatus, type GenRunOptions } from './shell/operations/gen.js';
export { generateCode, type GenOutput } from './core/emit/codegen/generate.js';
export { defaultOptions as defaultGenOptions, type GenOptions } from './core/emit/codegen/options.js';
