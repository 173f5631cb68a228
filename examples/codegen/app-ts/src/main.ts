/**
 * A node-postgres app on the generated types: validate input with the generated zod schemas,
 * insert, and read rows back as `User` / `Post` (validated again: the driver's values must be
 * what the types say). Uses the project's database: DATABASE_URL, else the embedded one.
 */
import pg from 'pg';
import { openProject } from 'pg-flux';
import type { Post, User, UserId } from './db/tables.js';
import { PostInsertSchema, PostSchema, UserInsertSchema, UserSchema } from './db/validators.js';

const project = await openProject({ cwd: new URL('../..', import.meta.url).pathname, env: { DATABASE_URL: process.env['DATABASE_URL'] } });
const client = new pg.Client({ connectionString: (await project.database()).url });
await client.connect();
try {
  const input = UserInsertSchema.parse({ email: `ada+${Date.now()}@example.com`, handle: 'ada' });
  const { rows: [created] } = await client.query('INSERT INTO users (email, handle) VALUES ($1, $2) RETURNING *', [input.email, input.handle]);
  const user: User = UserSchema.parse(created);
  const author: UserId = user.id;
  const post = PostInsertSchema.parse({ author_id: author, title: 'Hello', tags: ['intro'] });
  const { rows: [saved] } = await client.query('INSERT INTO posts (author_id, title, tags) VALUES ($1, $2, $3) RETURNING *', [post.author_id, post.title, post.tags]);
  const read: Post = PostSchema.parse(saved);
  console.log(`user ${user.id} (${user.role}) wrote post ${read.id} "${read.title}" [${read.status}]`);
} finally {
  await client.end();
  await project.close();
}
