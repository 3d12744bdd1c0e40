import { expect, test } from '@playwright/test';
import { AppPage } from '../pages/app';
import { FRIEND, PayPage, fundedAccount } from '../pages/money';

// Every page the money work added, in both languages, after its content has loaded.
const PAGES: [string, string][] = [
  ['/wallet', 'balance-CNY'],
  ['/wallet/top-up', 'card-number'],
  ['/wallet/transactions', 'filter-type'],
  ['/account/restrictions', 'restrictions-page'],
];

test.describe('money pages are accessible', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    test(`axe finds no violations on the money pages (${lang})`, async ({ page, request }) => {
      test.setTimeout(90_000); // an axe run per money page: over 30 s on a busy 2-core machine
      await fundedAccount(page, request, 10_000);
      const app = new AppPage(page);
      await app.open('/wallet');
      await app.chooseLanguage(lang);
      for (const [path, ready] of PAGES) {
        await app.open(path);
        await expect(page.getByTestId(ready).first()).toBeVisible();
        await app.expectNoAccessibilityViolations();
      }
      const pay = new PayPage(page);
      await pay.open();
      await app.expectNoAccessibilityViolations();
      await pay.prepare(FRIEND, '2');
      await app.expectNoAccessibilityViolations();
      const id = await pay.confirmAndWait();
      await app.expectNoAccessibilityViolations();
      await app.open(`/wallet/transactions/${id}`);
      await expect(page.getByTestId('transaction-id')).toBeVisible();
      await app.expectNoAccessibilityViolations();
      await app.expectNoConsoleErrors();
    });
  }
});
