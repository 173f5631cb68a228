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

export const generateCode = (s: Schema, o: GenOptions, hash: string = schemaHash(s)): GenOutput => {
  const m = buildGenModel(s, hash, regenerateCommand(o), o);
  return { files: PRINTERS[o.lang](m, o), warnings: m.warnings };
};
