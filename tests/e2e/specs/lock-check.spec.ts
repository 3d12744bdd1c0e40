import { test, expect, type Locator, type Page } from '@playwright/test';
import { HelpPage } from '../pages/help';

// The lock check of the "I can't sign in" wizard: the registered e-mail and the last 4 phone
// digits in, the lock state out. A stranger must not learn whether an address has an account,
// so an unknown address and a wrong phone get the very same answer.

const text = {
  en: {
    lockedChoice: 'The page says my account is locked',
    email: 'E-mail address',
    digits: 'Last 4 digits of your registered phone number',
    check: 'Check',
    unconfirmed: 'We could not confirm these details',
  },
  'zh-CN': {
    lockedChoice: '页面提示账户已被锁定',
    email: '电子邮箱',
    digits: '注册手机号码的后 4 位',
    check: '查询',
    unconfirmed: '无法确认您填写的信息',
  },
} as const;

type Lang = keyof typeof text;

/** The wizard's lock check, reached through its "my account is locked" branch. */
class LockCheck {
  readonly step: Locator;
  readonly result: Locator;

  constructor(readonly page: Page, readonly lang: Lang = 'en') {
    this.step = page.getByTestId('lock-check');
    this.result = page.getByTestId('lock-check-result');
  }

  async open(): Promise<HelpPage> {
    const help = new HelpPage(this.page);
    await help.open('/help/wizard/locked');
    if (this.lang !== 'en') await help.chooseLanguage(this.lang);
    await this.page.getByTestId('wizard-question').getByRole('button', { name: text[this.lang].lockedChoice }).click();
    await expect(this.step).toBeVisible();
    return help;
  }

  get email(): Locator {
    return this.step.getByLabel(text[this.lang].email);
  }

  get digits(): Locator {
    return this.step.getByLabel(text[this.lang].digits);
  }

  /** Fills both details and waits for the server's answer. */
  async check(email: string, digits: string) {
    await this.email.fill(email);
    await this.digits.fill(digits);
    const answered = this.page.waitForResponse((r) => r.url().includes('/help/lock-status'));
    await this.step.getByRole('button', { name: text[this.lang].check, exact: true }).click();
    await answered;
  }
}

test.describe('the lock check in the sign-in troubleshooter', () => {
  test('an unknown e-mail gets "could not confirm", the same answer as a wrong phone', async ({ page }) => {
    const lockCheck = new LockCheck(page);
    const help = await lockCheck.open();
    await expect(lockCheck.step).toContainText('the same answer as for an address that has no account');

    // Nothing is sent until both details look right; the problems show at the fields.
    await lockCheck.step.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(lockCheck.email).toHaveAttribute('aria-invalid', 'true');
    await expect(lockCheck.digits).toHaveAttribute('aria-invalid', 'true');
    await expect(lockCheck.step).toContainText('Enter exactly 4 digits.');

    await lockCheck.check(`nobody-${Date.now()}@example.com`, '1234');
    const unconfirmed = page.getByTestId('lock-check-unconfirmed');
    await expect(unconfirmed.getByRole('heading', { name: 'We could not confirm these details' })).toBeVisible();
    await expect(unconfirmed.getByRole('link', { name: 'Self-service unlock' })).toHaveAttribute('href', '/unlock');
    await expect(unconfirmed.getByRole('link', { name: 'Hotline and contact' })).toHaveAttribute('href', '/contact');
    const answerForUnknown = await lockCheck.result.innerText();

    // A real account with the wrong phone digits: word for word the same answer.
    await lockCheck.check('demo@wallet.example', '9999');
    await expect(unconfirmed).toBeVisible();
    expect(await lockCheck.result.innerText()).toBe(answerForUnknown);
    await help.expectNoConsoleErrors();
  });

  test('the demo account with its phone digits is "not locked" and the wizard goes on', async ({ page, request }) => {
    const demo = await request.get('/api/v1/demo/outbox');
    test.skip(!demo.ok(), 'needs the server in demo mode (demo@wallet.example, phone ending 0000)');
    const lockCheck = new LockCheck(page);
    const help = await lockCheck.open();

    await lockCheck.check('demo@wallet.example', '0000');

    const notLocked = page.getByTestId('lock-check-not-locked');
    await expect(notLocked.getByRole('heading', { name: 'Your account is not locked' })).toBeVisible();
    await expect(notLocked).toContainText('The problem is elsewhere');
    await expect(notLocked.getByRole('link', { name: 'Reset a forgotten password' })).toHaveAttribute('href', '/forgot-password');
    await notLocked.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('wizard-question')).toContainText('Then the problem is elsewhere');
    await help.expectNoConsoleErrors();
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    test(`axe finds no violations on the lock check and its answer in ${lang}`, async ({ page }) => {
      const lockCheck = new LockCheck(page, lang);
      const help = await lockCheck.open();
      await help.expectNoAccessibilityViolations();

      await lockCheck.check(`nobody-${Date.now()}@example.com`, '1234');
      await expect(lockCheck.result.getByRole('heading', { name: text[lang].unconfirmed })).toBeVisible();
      await help.expectNoAccessibilityViolations();
    });
  }
});
