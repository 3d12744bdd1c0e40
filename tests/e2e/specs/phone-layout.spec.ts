import { expect, test, type Page } from '@playwright/test';
import { topUpByApi } from '../pages/money';
import { createUserThroughApi } from '../pages/security';

// Every page of the app's `Page` enum (src/routes.rs checks this list names each one), signed
// out and signed in, at phone widths in both languages: no sideways scrolling, a header no
// taller than 64 px, and no navigation label on two lines. With SCREENSHOTS_DIR set
// (`cargo xtask screenshots`) it also keeps a picture of every page at 390 and 1280 px.

const PUBLIC_PAGES = [
  '/', '/help', '/help/account-locked', '/help/wizard/locked', '/contact', '/sign-in', '/sign-up',
  '/verify-email?email=someone%40example.com', '/forgot-password', '/unlock', '/security/official-channels',
];
const SIGNED_IN_PAGES = [
  '/wallet', '/wallet/top-up', '/wallet/pay', '/wallet/transactions', '/wallet/withdraw', '/messages', '/security',
  '/security/two-factor', '/security/sessions', '/security/password', '/account/restrictions', '/account/bank-accounts',
];
const LANGS = ['zh-CN', 'en'] as const;
const PHONE_WIDTHS = [360, 390];
const SHOTS = process.env.SCREENSHOTS_DIR;
const MAX_HEADER = 64;

interface Problems {
  overflow: string[];
  header: number;
  wrapped: string[];
}

/** What is wrong with the layout of the page as it stands. */
async function layoutProblems(page: Page): Promise<Problems> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow: string[] = [];
    if (document.documentElement.scrollWidth > width) {
      for (const element of Array.from(document.querySelectorAll('body *'))) {
        const box = element.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 0.5 && overflow.length < 5) {
          overflow.push(`${element.tagName.toLowerCase()}.${element.className} (${Math.round(box.right)} px)`);
        }
      }
      if (overflow.length === 0) overflow.push(`page ${document.documentElement.scrollWidth} px wide`);
    }
    const header = document.querySelector('.site-header')!.getBoundingClientRect().height;
    const wrapped: string[] = [];
    const labels = document.querySelectorAll('.site-header a, .site-header button, .tab-bar a');
    for (const label of Array.from(labels)) {
      if ((label as HTMLElement).offsetParent === null) continue; // not shown
      // Each run of visible text on one line (icons and screen-reader text aside).
      const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || node.parentElement?.closest('.visually-hidden')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) wrapped.push(node.textContent.trim());
      }
    }
    return { overflow, header, wrapped };
  });
}

async function expectGoodLayout(page: Page, where: string) {
  const found = await layoutProblems(page);
  expect.soft(found.overflow, `${where}: sideways scrolling`).toEqual([]);
  expect.soft(found.header, `${where}: header height`).toBeLessThanOrEqual(MAX_HEADER);
  expect.soft(found.wrapped, `${where}: navigation labels on two lines`).toEqual([]);
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('html')).toHaveAttribute('data-app', 'started');
  await page.waitForLoadState('networkidle');
}

async function shoot(page: Page, path: string, lang: string, width: number, state: string) {
  if (!SHOTS) return;
  const name = `${state}-${path.replace(/\?.*$/, '').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'}-${lang}-${width}.png`;
  await page.screenshot({ path: `${SHOTS}/${name}`, fullPage: true });
}

function inLanguage(page: Page, lang: string) {
  return page.addInitScript((tag) => localStorage.setItem('wallet.lang', tag), lang);
}

for (const lang of LANGS) {
  test.describe(`phone layout in ${lang}`, () => {
    test(`signed out, every page fits 360 and 390 px with a one-row header`, async ({ page }) => {
      test.setTimeout(180_000);
      await inLanguage(page, lang);
      for (const width of PHONE_WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        for (const path of [...PUBLIC_PAGES, ...SIGNED_IN_PAGES, '/no-such-page']) {
          await visit(page, path);
          await expectGoodLayout(page, `${path} at ${width} px`);
          if (width === 390) await shoot(page, path, lang, width, 'out');
        }
      }
    });

    test(`signed in, every page fits 360 and 390 px, with the tab bar and the menu`, async ({ page }) => {
      test.setTimeout(240_000);
      await inLanguage(page, lang);
      await createUserThroughApi(page);
      await topUpByApi(page, 12_345);
      const items = await (await page.request.get('/api/v1/transactions')).json();
      const transaction = `/wallet/transactions/${items.items[0].id}`;
      // No withdrawal yet: its page says so, which is a layout too.
      const withdrawal = `/wallet/withdrawals/${'TNOSUCH000000'}`;
      for (const width of PHONE_WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        for (const path of [...SIGNED_IN_PAGES, transaction, withdrawal, ...PUBLIC_PAGES]) {
          await visit(page, path);
          await expectGoodLayout(page, `${path} at ${width} px`);
          if (width === 390) await shoot(page, path, lang, width, 'in');
        }
        await visit(page, '/wallet');
        await expect(page.getByTestId('tab-bar')).toBeVisible();
        await expect(page.getByTestId('site-menu')).toBeHidden();
        await page.getByTestId('menu-toggle').click();
        await expect(page.getByTestId('site-menu')).toBeVisible();
        await expect(page.getByTestId('menu-toggle')).toHaveAttribute('aria-expanded', 'true');
        await expect(page.getByTestId('language-picker')).toBeVisible();
        const opened = await layoutProblems(page);
        expect.soft(opened.overflow, `open menu at ${width} px`).toEqual([]);
        expect.soft(opened.wrapped, `open menu at ${width} px`).toEqual([]);
        if (width === 390) await shoot(page, '/menu', lang, width, 'in');
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('site-menu')).toBeHidden();
        await expect(page.getByTestId('menu-toggle')).toBeFocused();
      }
    });
  });
}

test.describe('wide screens', () => {
  test.skip(!SHOTS, 'pictures only: `cargo xtask screenshots`');
  test('every page at 1280 px in both languages', async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const lang of LANGS) {
      await page.context().clearCookies();
      await page.evaluate(() => localStorage.clear()).catch(() => {});
      await inLanguage(page, lang);
      for (const path of PUBLIC_PAGES) {
        await visit(page, path);
        await shoot(page, path, lang, 1280, 'out');
      }
      await createUserThroughApi(page);
      for (const path of SIGNED_IN_PAGES) {
        await visit(page, path);
        await shoot(page, path, lang, 1280, 'in');
      }
    }
  });
});
