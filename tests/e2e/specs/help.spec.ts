import { test, expect } from '@playwright/test';
import { HelpPage } from '../pages/help';

test.describe('the help centre', () => {
  test('is one click from the home page', async ({ page }) => {
    const help = new HelpPage(page);
    await help.open();
    await page.goto('/');
    await help.nav.getByRole('link', { name: 'Help' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help centre');
    await expect(page.getByRole('heading', { name: 'Account and sign-in' })).toBeVisible();
  });

  test('a search in Chinese finds the locked-account article and highlights the words', async ({ page }) => {
    const help = new HelpPage(page);
    await help.open();
    await help.chooseLanguage('zh-CN');

    await help.search('账户被锁定');

    await expect(help.results.first()).toContainText('账户被锁定怎么办');
    await expect(help.results.first().locator('mark').first()).toBeVisible();
    await expect(page).toHaveURL(/\?q=/);
    await help.results.first().getByRole('link').click();
    await expect(help.article.getByRole('heading', { level: 1 })).toHaveText('账户被锁定怎么办');
    await expect(help.article).toContainText('30');
    await help.expectNoConsoleErrors();
  });

  test('Chinese searches for withdrawals and two-factor find their articles', async ({ page }) => {
    const help = new HelpPage(page);
    await help.open();
    await help.chooseLanguage('zh-CN');

    await help.search('提现失败');
    await expect(help.results.filter({ hasText: '提现延迟或失败' })).toHaveCount(1);
    await help.search('双因素');
    await expect(help.results.filter({ hasText: '开启双重验证' })).toHaveCount(1);
  });

  test('an English search tolerates a typo and an abbreviation, and survives a reload', async ({ page }) => {
    const help = new HelpPage(page);
    await help.open();

    await help.search('withdrawl');
    await expect(help.results.filter({ hasText: 'How to withdraw money' })).toHaveCount(1);
    await help.search('2fa');
    await expect(help.results.filter({ hasText: 'Turn on two-factor authentication' })).toHaveCount(1);

    await page.reload();
    await expect(help.searchBox).toHaveValue('2fa');
    await expect(help.results.filter({ hasText: 'Turn on two-factor authentication' })).toHaveCount(1);
  });

  test('a search that matches nothing says so', async ({ page }) => {
    const help = new HelpPage(page);
    await help.open();

    await help.search('zebra crossing');

    await expect(page.getByTestId('help-result-count')).toContainText('No article matches your search');
    await expect(help.results).toHaveCount(0);
  });

  test('"was this helpful?" is answered and remembered', async ({ page }) => {
    const help = new HelpPage(page);
    await help.open('/help/account-locked');
    await expect(help.article).toBeVisible();

    await page.getByTestId('helpful-yes').click();

    await expect(page.getByTestId('helpful-result')).toHaveText('Thank you for your feedback.');
    await page.reload();
    await expect(page.getByTestId('helpful-yes')).toHaveAttribute('aria-pressed', 'true');
  });

  test('an unknown article address says there is no such article', async ({ page }) => {
    await page.goto('/help/no-such-article');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('There is no help article at this address.');
  });
});

test.describe('troubleshooting wizards', () => {
  const wizards = [
    "I can't sign in / my account is locked",
    'My payment failed',
    'My withdrawal is late or failed',
    'Is my account secure?',
    'My account is restricted',
  ];
  for (const title of wizards) {
    test(`"${title}" leads to an answer with next steps`, async ({ page }) => {
      const help = new HelpPage(page);
      await help.open();
      await help.openWizard(title);

      const answer = await help.answerUntilTheEnd();

      await expect(answer.getByRole('heading', { name: 'What to do' })).toBeVisible();
      await expect(answer.locator('p').first()).not.toBeEmpty();
      await expect(answer.getByRole('link').first()).toBeVisible();
      await page.getByRole('button', { name: 'Back' }).click();
      await expect(page.getByTestId('wizard-question')).toBeVisible();
      await help.expectNoConsoleErrors();
    });
  }
});

test.describe('help accessibility', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    test(`axe finds no violations on the help home, a search, an article and a wizard in ${lang}`, async ({ page }) => {
      const help = new HelpPage(page);
      await help.open();
      await help.chooseLanguage(lang);
      await help.expectNoAccessibilityViolations();

      await help.search(lang === 'en' ? 'locked' : '锁定');
      await expect(help.results.first()).toBeVisible();
      await help.expectNoAccessibilityViolations();

      await help.results.first().getByRole('link').click();
      await expect(help.article).toBeVisible();
      await help.expectNoAccessibilityViolations();

      await page.goto('/help/wizard/locked');
      await help.waitForApp();
      await expect(page.getByTestId('wizard-question')).toBeVisible();
      await help.expectNoAccessibilityViolations();
      await help.answerUntilTheEnd();
      await help.expectNoAccessibilityViolations();
    });
  }
});

test.describe('pre-rendered pages', () => {
  test.describe('with JavaScript off, in a Chinese browser', () => {
    test.use({ javaScriptEnabled: false, locale: 'zh-CN' });

    test('an article reads in full, with the hotline in the footer', async ({ page }) => {
      await page.goto('/help/account-locked');

      await expect(page.getByRole('heading', { level: 1 })).toHaveText('账户被锁定怎么办');
      await expect(page.getByTestId('help-article')).toContainText('30 分钟');
      await expect(page.getByTestId('footer-hotline').first()).toHaveText('400-820-0000');
      await expect(page).toHaveTitle('账户被锁定怎么办 · OKPay 钱包');
    });

    test('the hotline page lists the numbers and hours, and wizards show their first question', async ({ page }) => {
      await page.goto('/contact');
      await expect(page.getByTestId('hotline-call').first()).toHaveAttribute('href', 'tel:4008200000');
      await expect(page.getByTestId('before-you-call')).toBeVisible();

      await page.goto('/help/wizard/locked');
      await expect(page.getByTestId('wizard-question')).toBeVisible();
    });
  });

  test('the app takes over a pre-rendered page without duplicating it', async ({ page }) => {
    const help = new HelpPage(page);
    await help.open();
    await page.goto('/help/account-locked');
    await help.waitForApp();
    await expect(help.article).toBeVisible();
    await help.chooseLanguage('en');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account is locked');
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.locator('main')).toHaveCount(1);
    await help.expectNoConsoleErrors();
  });
});
