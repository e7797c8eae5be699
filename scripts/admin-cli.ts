// What every admin command line (`npm run recompute`, `npm run replay`) starts with: the workspace
// id as first argument, `--server` (default the local worker), the command's own required string
// options, and the ADMIN_TOKEN from the environment or from the .dev.vars that `npm start` writes.
// Exits with status 2 and a usage line when something is missing. Node built-ins only.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export interface AdminCommand<R extends string> {
  workspaceId: string;
  server: string;
  /** The required options, as given. */
  values: Record<R, string>;
  headers: { authorization: string };
}

export function adminCommand<R extends string = never>(usage: string, required: readonly R[] = []): AdminCommand<R> {
  const options: Record<string, { type: 'string'; default?: string }> = {
    server: { type: 'string', default: 'http://127.0.0.1:8787' },
  };
  for (const name of required) options[name] = { type: 'string' };
  const { values, positionals } = parseArgs({ allowPositionals: true, options });
  const workspaceId = positionals[0];
  if (!workspaceId || required.some((name) => !values[name])) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  const token =
    process.env.ADMIN_TOKEN ??
    (existsSync('.dev.vars') ? readFileSync('.dev.vars', 'utf8').match(/^ADMIN_TOKEN=(.+)$/m)?.[1]?.trim() : undefined);
  if (!token) {
    console.error('ADMIN_TOKEN: set it in the environment (or run npm start once to create .dev.vars)');
    process.exit(2);
  }
  return {
    workspaceId,
    server: values.server as string,
    values: values as Record<R, string>,
    headers: { authorization: `Bearer ${token}` },
  };
}
