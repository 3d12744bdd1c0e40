import { test, expect } from '@playwright/test';
import { HelpPage } from '../pages/help';

// Pre-rendered pages come in the reader's language from the server itself: the picked one
// (the `lang` cookie), else the browser's. Without JavaScript that is all a reader gets.

test.describe('an English browser with JavaScript off', () => {
  test.use({ javaScriptEnabled: false, locale: 'en-GB' });

  test('reads the help centre and an article in English', async ({ page }) => {
    const answer = await page.goto('/help');
    expect(answer?.headers()['content-language']).toBe('en');
    expect(answer?.headers()['vary']).toContain('accept-language');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help centre');
    await expect(page).toHaveTitle(/^Help centre · /);

    await page.goto('/help/account-locked');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(new HelpPage(page).article.getByRole('heading', { level: 1 })).toHaveText('My account is locked');
    await expect(page.locator('link[rel="alternate"][hreflang="zh-CN"]')).toHaveAttribute(
      'href',
      '/help/account-locked?lang=zh-CN',
    );
  });

  test('reads the home page, with the way into help and the hotline numbers', async ({ page }) => {
    const answer = await page.goto('/');
    expect(answer?.headers()['content-language']).toBe('en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your wallet');
    const help = page.getByTestId('home-help');
    await expect(help.getByRole('link', { name: 'Open the help centre' })).toHaveAttribute('href', '/help');
    await expect(page.getByTestId('footer-hotline').first()).toHaveAttribute('href', /^tel:/);
  });

  test('can still ask for the Chinese page by its alternate address', async ({ page }) => {
    await page.goto('/help/account-locked?lang=zh-CN');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(new HelpPage(page).article.getByRole('heading', { level: 1 })).toHaveText('账户被锁定怎么办');
  });
});

test.describe('a Chinese browser with JavaScript off', () => {
  test.use({ javaScriptEnabled: false, locale: 'zh-CN' });

  test('reads the home page in Chinese', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByTestId('home-help')).toContainText('打开帮助中心');
  });

  test('reads the help centre in Chinese', async ({ page }) => {
    await page.goto('/help');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('帮助中心');
  });
});

test('the language picked in the app is the one the server pre-renders next time', async ({ page, browser }) => {
  const help = new HelpPage(page);
  await help.open('/help/account-locked');
  await expect(help.article.getByRole('heading', { level: 1 })).toHaveText('My account is locked');
  await help.chooseLanguage('zh-CN');
  await expect(help.article.getByRole('heading', { level: 1 })).toHaveText('账户被锁定怎么办');

  // The same reader, their cookies, JavaScript off: the server's own page is Chinese now.
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'lang')?.value).toBe('zh-CN');
  const noScript = await browser.newContext({ baseURL: process.env.BASE_URL, javaScriptEnabled: false, locale: 'en-GB' });
  await noScript.addCookies(cookies);
  const plain = await noScript.newPage();
  await plain.goto('/help/account-locked');
  await expect(plain.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(plain.getByRole('heading', { level: 1 })).toHaveText('账户被锁定怎么办');
  await noScript.close();
});
