import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes flat NNNN_name.sql migrations that both
// `wrangler d1 migrations apply` and the tests' `applyD1Migrations` read.
export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/db/schema.ts',
  out: './worker/db/migrations',
});
