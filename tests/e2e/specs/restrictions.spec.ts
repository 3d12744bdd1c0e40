import { expect, test, type Page } from '@playwright/test';
import { createUserThroughApi, SecurityPages, securityPaths } from '../pages/security';
import { OwnServer } from '../pages/server';

// Restrictions are placed by an operator on the server's database: a server of its own.
test.describe('account restrictions', () => {
  let server: OwnServer;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    server = await OwnServer.start();
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 } });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await page?.context().close();
    await server?.stop();
  });

  test('with none, the page says so without steps; a placed one shows its reason and what to do; both reachable from the check-up', async () => {
    const account = await createUserThroughApi(page);
    const security = new SecurityPages(page);
    await security.open(securityPaths.checkup);
    await page.getByTestId('restrictions-link').click();
    await expect(page).toHaveURL(/\/account\/restrictions$/);

    const none = page.getByTestId('no-restrictions');
    await expect(none).toContainText('There are no restrictions on your account.');
    await expect(none).toContainText('You can pay, top up, receive money and withdraw as usual.');
    await expect(page.getByTestId('restriction-steps')).toHaveCount(0);
    await expect(page.getByText('Read the reason above')).toHaveCount(0);

    server.admin(['restrict', '--email', account.email, '--scope', 'payments', '--reason', 'Unusual activity on the account']);
    await page.reload();
    await security.waitForApp();
    await expect(page.getByTestId('restriction')).toHaveAttribute('data-scope', 'payments');
    await expect(page.getByTestId('restriction')).toContainText('Unusual activity on the account');
    await expect(page.getByTestId('restriction-steps')).toContainText('Read the reason above');
    await expect(none).toHaveCount(0);
    await security.expectNoConsoleErrors();
  });
});
