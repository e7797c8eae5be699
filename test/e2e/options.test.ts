// The options page against the real worker: a good token connects and names the workspace and
// role; a wrong one is refused in plain words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, e2eEnvironment, launchExtensionBrowser, type ExtensionBrowser } from './browser.ts';

const env = e2eEnvironment();

describe.skipIf(!env)('options page', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir);
  });
  afterAll(async () => browser?.close());

  it('connects with a manager token and says to which workspace, as which role', async () => {
    await connect(browser, env!.server, env!.tokens.manager, `Connected to ${env!.workspaceName} as manager`);
  });

  it('refuses a wrong token in plain words', async () => {
    const options = await browser.openExtensionPage('options');
    await options.getByLabel('Server URL').fill(env!.server);
    await options.getByLabel('API token').fill('cl_not-a-real-token');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.getByRole('alert').innerText()).toContain('The server did not accept the API token');
    await expect(options.getByText(/Connected to/).count()).resolves.toBe(0);
  });
});
