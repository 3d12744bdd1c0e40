import { test, expect } from '@playwright/test';
import { HelpPage } from '../pages/help';
import { ContactPage } from '../pages/contact';
import { AppPage } from '../pages/app';
import { OwnServer } from '../pages/server';

test.describe('when the network or the wallet API is gone', () => {
  test('after one visit, help and the hotline page work offline, even pages never opened', async ({ page, context }) => {
    const help = new HelpPage(page);
    await help.open();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await expect(help.productName).not.toBeEmpty();

    await context.setOffline(true);

    const contact = new ContactPage(page);
    await page.goto(ContactPage.path);
    await expect(contact.hotline('mainland').call).toHaveAttribute('href', 'tel:4008200000');
    await page.goto('/help/withdrawal-status');
    await expect(help.article.getByRole('heading', { level: 1 })).toHaveText('Track your withdrawal');
    await page.goto('/help/wizard/payment-failed');
    await expect(page.getByTestId('wizard-question')).toBeVisible();
    await page.goto(HelpPage.path);
    await help.waitForApp();
    await help.search('2fa');
    await expect(help.results.filter({ hasText: 'Turn on two-factor authentication' })).toHaveCount(1);
  });

  // Fault injection, not a mock: every API request fails as if the API server were down,
  // while static files are still served.
  test('while the API does not answer, help and the hotline work and the home page says so', async ({ page }) => {
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    const app = new AppPage(page);

    await app.open('/');
    await expect(page.getByTestId('service-status')).toContainText('Help and the hotline still work');

    const help = new HelpPage(page);
    await page.goto('/help/account-locked');
    await expect(help.article.getByRole('heading', { level: 1 })).toHaveText('My account is locked');
    const contact = new ContactPage(page);
    await page.goto(ContactPage.path);
    await expect(contact.hotline('international').status).toHaveAttribute('data-state', /open|closed/);
  });
});

test('after one visit, help and the hotline keep working once the server is stopped', async ({ browser }) => {
  const server = await OwnServer.start();
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const help = new HelpPage(page);
  await help.open();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await help.waitForApp();

  await server.stop();

  const contact = new ContactPage(page);
  await page.goto(ContactPage.path);
  await contact.waitForApp();
  await expect(contact.hotline('international').call).toHaveAttribute('href', 'tel:+862160000000');
  await page.goto('/help/recovery-codes');
  await help.waitForApp();
  await expect(help.article.getByRole('heading', { level: 1 })).toHaveText('Recovery codes');
  await context.close();
});

test.describe('the offline banner', () => {
  test('appears when the network goes, says what still works, and leaves when it is back', async ({ page, context }) => {
    const app = new AppPage(page);
    await app.open('/contact');
    const banner = page.getByTestId('offline-banner');
    await expect(banner).toHaveText('');

    await context.setOffline(true);
    await expect(banner).toContainText('You are offline.');
    await expect(banner).toContainText('Payments, top-ups and withdrawals wait until you are back online');
    await app.chooseLanguage('zh-CN');
    await expect(banner).toContainText('您已离线。');

    await context.setOffline(false);
    await expect(banner).toHaveText('');
    await app.chooseLanguage('en');
  });
});
