/**
 * Codegen entry: a model and one output's options → the files of that output (paths relative to
 * its directory). Pure and deterministic: the same model and options give the same bytes.
 */
import type { Schema } from '../../model/schema.js';
import { schemaHash } from '../../model/compare.js';
import type { GenOptions, Language } from './options.js';
import type { GenModel } from './ir.js';
import type { GeneratedFile } from './header.js';
import { buildGenModel } from './build-model.js';
import { regenerateCommand } from './option-spec.js';
import { printTypeScript } from './printers/ts.js';
import { printGo } from './printers/go.js';
import { printPython } from './printers/python.js';
import { printRust } from './printers/rust.js';

const PRINTERS: Readonly<Record<Language, (m: GenModel, o: GenOptions) => GeneratedFile[]>> = {
  ts: printTypeScript, go: printGo, python: printPython, rust: printRust,
};

export interface GenOutput {
  readonly files: readonly GeneratedFile[];
  readonly warnings: readonly string[];
}

/**
 * Models built for a schema, by the options they depend on: `gen` for four languages builds one
 * (the language-neutral decisions are the same for all of them).
 */
const models = new WeakMap<Schema, Map<string, GenModel>>();

const modelFor = (s: Schema, o: GenOptions, hash: string): GenModel => {
  let byOptions = models.get(s);
  if (!byOptions) { byOptions = new Map(); models.set(s, byOptions); }
  const key = `${hash}|${o.brandedIds}|${o.nullStyle}`;
  let m = byOptions.get(key);
  if (!m) { m = buildGenModel(s, hash, '', o); byOptions.set(key, m); }
  return m;
};

export const generateCode = (s: Schema, o: GenOptions, hash: string = schemaHash(s)): GenOutput => {
  const m = { ...modelFor(s, o, hash), command: regenerateCommand(o) };
  return { files: PRINTERS[o.lang](m, o), warnings: m.warnings };
};
