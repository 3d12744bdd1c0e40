import { test, expect } from '@playwright/test';
import { AppPage } from '../pages/app';

test.describe('the app shell', () => {
  test('the home page shows the brand, navigation and a live service status', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('/');

    await expect(app.productName).toHaveText('OKPay Wallet');
    await expect(page).toHaveTitle(/OKPay Wallet/);
    await expect(app.nav.getByRole('link', { name: 'Contact us' })).toBeVisible();
    await expect(page.getByTestId('service-status')).toContainText('All systems are working.');
    await expect(app.footerHotlines.first()).toHaveAttribute('href', /^tel:\+?\d+$/);
    await app.expectNoConsoleErrors();
  });

  test('switching to Chinese translates the page and survives a reload', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('/');

    await app.chooseLanguage('zh-CN');

    await expect(app.nav.getByRole('link', { name: '联系我们' })).toBeVisible();
    await expect(app.productName).toHaveText('OKPay 钱包');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(app.nav.getByRole('link', { name: '首页' })).toBeVisible();
    await app.expectNoConsoleErrors();
  });

  test('the dark theme is applied and kept across reloads', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('/');

    await app.chooseTheme('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();

    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(16, 20, 27)');
    await app.chooseTheme('system');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  });

  test('an unknown address shows the not-found page with a way back', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('/no-such-page');

    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page).toHaveURL(/\/$/);
    await app.expectNoConsoleErrors();
  });

  test('the page is usable by keyboard: skip link first, then the header', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('/');

    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });
});

test.describe('for a browser that prefers Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the app starts in Chinese', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('/');

    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的钱包');
  });
});

test.describe('accessibility', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const path of ['/', '/contact', '/no-such-page']) {
      test(`axe finds no violations on ${path} in ${lang}`, async ({ page }) => {
        const app = new AppPage(page);
        await app.open(path);
        await app.chooseLanguage(lang);
        await expect(page.locator('main h1')).toBeVisible();

        await app.expectNoAccessibilityViolations();
      });
    }
  }
});
