import { test, expect } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HelpPage } from '../pages/help';

// Every article and every wizard's first question, in both languages.
const slugs = readdirSync(join(__dirname, '../../../content/help/en'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => name.replace(/\.md$/, ''));
const wizards = readdirSync(join(__dirname, '../../../content/help/wizards'))
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''));

for (const lang of ['zh-CN', 'en'] as const) {
  test(`axe finds no violations on any help page in ${lang}`, async ({ page, context }) => {
    test.setTimeout(240_000);
    await context.addInitScript((chosen) => localStorage.setItem('wallet.lang', chosen), lang);
    const help = new HelpPage(page);
    expect(slugs.length).toBeGreaterThanOrEqual(20);

    for (const path of [...slugs.map((s) => `/help/${s}`), ...wizards.map((w) => `/help/wizard/${w}`)]) {
      await help.open(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.locator('main h1')).toBeVisible();
      await help.expectNoAccessibilityViolations();
    }
  });
}
