import { loadParser } from './src/core/parse/pg-query.js';
import { parseSchema } from './src/core/parse/parse-schema.js';
import { generateCode } from './src/core/emit/codegen/generate.js';
import { defaultOptions } from './src/core/emit/codegen/options.js';
await loadParser();
const s = parseSchema([{ path: 'a.sql', text: `CREATE TYPE role AS ENUM ('admin', 'member');
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, role role NOT NULL DEFAULT 'member', tags text[], st text CHECK (st IN ('x','y')), n int CHECK (n > 0 AND n <= 10));
CREATE TABLE orders (id int PRIMARY KEY, user_id bigint NOT NULL REFERENCES users, total numeric(10,2), at timestamptz DEFAULT now(), "class" text);` }]).schema;
for (const lang of ['ts', 'go', 'python', 'rust'] as const) {
  const r = generateCode(s, { ...defaultOptions(lang), validators: 'zod', brandedIds: true });
  for (const f of r.files) console.log(`=== ${lang}/${f.path}\n${f.text}`);
}
