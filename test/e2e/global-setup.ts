// Starts the browser tests' stack once (test/e2e/stack.ts) and hands it to every test file.
// Without Chromium the tests are skipped with a message, except in CI, where that is an error.
import type { TestProject } from 'vitest/node';
import { browserMissing, startE2EStack, type E2EEnvironment } from './stack.ts';

export type E2EContext = ({ skip: null } & E2EEnvironment) | { skip: string };

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2EContext;
  }
}

const inCi = () => !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

export default async function setup(project: TestProject) {
  const missing = browserMissing();
  if (missing) {
    if (inCi()) throw new Error(`${missing}. CI must run the browser tests (.ci/run installs Chromium).`);
    console.warn(`\n[e2e] Skipping the browser tests: ${missing}.\n`);
    project.provide('e2e', { skip: missing });
    return;
  }
  const stack = await startE2EStack();
  project.provide('e2e', { skip: null, ...stack.env });
  return () => stack.stop();
}
