/** Identity texts of casts, from the same type keys routine signatures use (canon/type-names.ts). */
import type { CastFunction } from '../model/casts.js';
import type { TypeRef } from '../model/type-ref.js';
import { signatureTypeKey } from './type-names.js';

/** `source AS target`, each type as routine signatures name it (`public.color AS json`, `int4[] AS public.x`). */
export const castKey = (c: { sourceType: TypeRef; targetType: TypeRef }): string =>
  `${signatureTypeKey(c.sourceType)} AS ${signatureTypeKey(c.targetType)}`;

/** The identity key of a cast's function in `Schema.functions` (`schema.name(signature)`). */
export const castFunctionKey = (f: CastFunction): string =>
  `${f.name.schema}.${f.name.name}(${f.args.map(signatureTypeKey).join(',')})`;

