import { test, expect, type Browser, type Page } from '@playwright/test';
import { OwnServer } from '../pages/server';
import { SecurityPages } from '../pages/security';
import { Authenticator } from '../pages/totp';
import { DEMO_2FA_SECRET, signInAs } from '../pages/money';
import { ContactPage } from '../pages/contact';
import {
  BANK, BankAccountsPage, DEMO_2FA_ACCOUNT, DEMO_ACCOUNT, SHORT_STAGES, WithdrawalPage, WithdrawPage, expectNoSidewaysScroll,
  onOwnServer, signInWithCodeThroughApi, withdrawalsByApi,
} from '../pages/withdrawals';

// Withdrawals against a server of their own whose payout stages take seconds (configuration,
// not a mock), signed in once as the demo account with 2FA: every withdrawal and every
// re-authentication needs a fresh authenticator code, so the journeys share one session.
// On a phone-sized screen (360 px), where every page must fit without sideways scrolling.
test.describe.serial('withdrawals', () => {
  let server: OwnServer;
  let page: Page;
  const authenticator = new Authenticator(DEMO_2FA_SECRET);

  test.beforeAll(async ({ browser }: { browser: Browser }) => {
    test.setTimeout(90_000);
    server = await OwnServer.start(SHORT_STAGES);
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 } });
    page = await context.newPage();
    await new SecurityPages(page).signInWithCode(DEMO_2FA_ACCOUNT, () => authenticator.nextCode());
  });

  test.afterAll(async () => {
    await page?.context().close();
    await server?.stop();
  });

  test('add a bank account and withdraw to it through to completed', async () => {
    test.setTimeout(120_000);
    const banks = new BankAccountsPage(page);
    await banks.open();
    await expect(banks.accounts).toHaveCount(4);
    await expect(banks.accounts.first()).toContainText('•••• 0001');
    await banks.expectNoAccessibilityViolations();
    await expectNoSidewaysScroll(page);
    await banks.add(DEMO_2FA_ACCOUNT, authenticator, '4242 4242 4242 4242');
    await expect(banks.accounts).toHaveCount(5);
    await expect(banks.accounts.filter({ hasText: '•••• 4242' })).toHaveCount(1);

    const withdraw = new WithdrawPage(page);
    await withdraw.open();
    await expect(withdraw.available).toHaveText(/2,000\.00/);
    await withdraw.expectNoAccessibilityViolations();
    await withdraw.chooseAccount('4242');
    await withdraw.amount.fill('5');
    await expect(withdraw.amountMessage).toContainText('The smallest amount you can withdraw is');
    await withdraw.amount.fill('100');
    await expect(withdraw.amountMessage).toBeEmpty();
    await expect(withdraw.fee).toHaveText(/2\.10/);
    await withdraw.prepare('4242', '100');
    await expect(withdraw.review.getByTestId('review-total')).toHaveText(/102\.10/);
    await withdraw.expectNoAccessibilityViolations();
    await expectNoSidewaysScroll(page);
    const id = await withdraw.confirmWith(authenticator);

    await page.getByTestId('withdrawal-link').click();
    const detail = new WithdrawalPage(page);
    await expect(detail.withdrawal).toBeVisible();
    await expect(detail.stages).toHaveCount(4);
    await detail.expectState('completed');
    await expect(page.locator('[data-testid="stage"][data-status="done"]')).toHaveCount(4);
    await expect(page.getByTestId('withdrawal-id')).toHaveText(id);
    await expect(page.getByTestId('cancel-withdrawal')).toHaveCount(0);
    await detail.expectNoAccessibilityViolations();
    await expectNoSidewaysScroll(page);

    await withdraw.open();
    await expect(withdraw.available).toHaveText(/1,897\.90/);
  });

  test('a withdrawal waiting for review can be cancelled and its money comes back', async () => {
    test.setTimeout(120_000);
    const withdraw = new WithdrawPage(page);
    await withdraw.open();
    const before = await withdraw.available.textContent();
    await withdraw.prepare(BANK.default, '600');
    const id = await withdraw.confirmWith(authenticator);
    await expect(withdraw.available).not.toHaveText(before!);

    const detail = new WithdrawalPage(page);
    await detail.openWithdrawal(id);
    await expect(detail.withdrawal).toHaveAttribute('data-state', /submitted|under_review/);
    await detail.cancel();
    await detail.expectState('cancelled');
    await expect(page.getByTestId('withdrawal-cancelled')).toContainText('returned to your balance');
    await detail.expectNoAccessibilityViolations();

    await withdraw.open();
    await expect(withdraw.available).toHaveText(before!);
  });

  test('a withdrawal the bank rejects shows why and the money comes back', async () => {
    test.setTimeout(120_000);
    const withdraw = new WithdrawPage(page);
    await withdraw.open();
    const before = await withdraw.available.textContent();
    await withdraw.prepare(BANK.bankRejects, '50');
    const id = await withdraw.confirmWith(authenticator);

    const detail = new WithdrawalPage(page);
    await detail.openWithdrawal(id);
    await detail.expectState('rejected');
    await expect(page.getByTestId('withdrawal-reason')).toHaveText(/The bank refused the account number/);
    await expect(page.getByTestId('withdrawal-returned')).toContainText('52.05');
    await expect(page.getByTestId('withdrawal-returned')).toContainText('returned to your balance');
    await detail.expectNoAccessibilityViolations();

    await withdraw.open();
    await expect(withdraw.available).toHaveText(before!);
  });

  test('the hotline checklist names the latest withdrawal by its ID and state', async () => {
    const [latest] = await withdrawalsByApi(page, server.url);
    // The previous journey's, rejected by the bank.
    expect(latest.state).toBe('rejected');
    const contact = new ContactPage(page);
    await contact.open();
    await expect(contact.latestWithdrawal).toHaveAttribute('data-id', latest.id);
    await expect(contact.latestWithdrawal.locator('code')).toHaveText(latest.id);
    await expect(contact.latestWithdrawal).toContainText('Latest withdrawal');
    await expect(contact.latestWithdrawal).toContainText('Rejected, funds returned');
    await contact.expectNoAccessibilityViolations();
  });

  test('a double click on "Confirm withdrawal" withdraws once', async () => {
    test.setTimeout(120_000);
    const before = (await withdrawalsByApi(page, server.url)).length;
    const withdraw = new WithdrawPage(page);
    await withdraw.open();
    await withdraw.prepare(BANK.default, '20');
    await withdraw.confirmWith(authenticator, { doubleClick: true });
    await expect.poll(async () => (await withdrawalsByApi(page, server.url)).length).toBe(before + 1);
    await page.waitForTimeout(1_000);
    expect((await withdrawalsByApi(page, server.url)).length).toBe(before + 1);
    await withdraw.expectNoConsoleErrors();
  });

  test('the withdrawal wizard, signed in, finds the late withdrawal and says so', async () => {
    test.setTimeout(120_000);
    const withdraw = new WithdrawPage(page);
    await withdraw.open();
    await withdraw.prepare(BANK.late, '30');
    const id = await withdraw.confirmWith(authenticator);

    const detail = new WithdrawalPage(page);
    await detail.openWithdrawal(id);
    await expect(page.getByTestId('withdrawal-late')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-testid="stage"][data-status="current"]')).toContainText('Late');

    await page.getByTestId('late-help-link').click();
    const diagnosis = page.getByTestId('withdrawal-diagnosis');
    await expect(diagnosis).toHaveAttribute('data-late', 'true');
    await expect(diagnosis).toContainText(`Withdrawal ${id}`);
    await expect(diagnosis).toContainText('it is late');
    await detail.expectNoAccessibilityViolations();
  });

  test('a Chinese reader withdraws and reads the withdrawal, its timeline and the rejection in Chinese', async ({ browser }) => {
    test.setTimeout(120_000);
    // A browser whose language is Chinese, and nothing picked: the app follows it.
    const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    try {
      const reader = await context.newPage();
      await signInWithCodeThroughApi(reader, DEMO_2FA_ACCOUNT, authenticator);
      const withdraw = new WithdrawPage(reader);
      await withdraw.open();
      await expect(reader.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await expect(withdraw.heading).toHaveText('提现到银行账户');
      await withdraw.prepare(BANK.bankRejects, '40');
      await expect(withdraw.review).toContainText('手续费');
      const id = await withdraw.confirmWith(authenticator);

      const detail = new WithdrawalPage(reader);
      await detail.openWithdrawal(id);
      await detail.expectState('rejected');
      await expect(reader.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await expect(detail.heading).toHaveText('提现详情');
      await expect(detail.state).toHaveText('已驳回，资金已退回');
      await expect(detail.reason).toHaveText('银行拒绝了该账号。请核对银行账户信息。');
      await expect(reader.getByTestId('withdrawal-returned')).toContainText('已退回');
      await expect(detail.stages.first()).toContainText('已提交');
      await expectNoSidewaysScroll(reader);
      await withdraw.expectNoConsoleErrors();
    } finally {
      await context.close();
    }
  });
});

test('withdrawals are refused until 2FA is on, then allowed with a code once it is', async ({ browser }) => {
  test.setTimeout(120_000);
  await onOwnServer(browser, DEMO_ACCOUNT, async (page, server) => {
    const withdraw = new WithdrawPage(page);
    await withdraw.open();
    await expect(withdraw.needsTwoFactor).toContainText('Turn on two-factor authentication first');
    await expect(withdraw.accountSelect).toHaveCount(0);
    await expect(page.getByTestId('turn-on-2fa')).toHaveAttribute('href', /\/security\/two-factor/);
    await withdraw.expectNoAccessibilityViolations();
    await page.getByTestId('turn-on-2fa').click();
    await expect(page).toHaveURL(/\/security\/two-factor/);

    // Turned on through the security pages; the enrolment spends this 30-s step's code, so
    // the withdrawal's code is the next step's (the authenticator waits for it).
    const { authenticator } = await new SecurityPages(page).turnOnTwoFactor(DEMO_ACCOUNT);
    await withdraw.open();
    await expect(withdraw.needsTwoFactor).toHaveCount(0);
    await withdraw.prepare(BANK.default, '25');
    const id = await withdraw.confirmWith(authenticator);

    const detail = new WithdrawalPage(page);
    await detail.openWithdrawal(id);
    await detail.expectState('completed');
    expect((await withdrawalsByApi(page, server.url)).map((w) => w.id)).toEqual([id]);
  });
});

test('on the bank accounts page another account becomes the default and one is removed, and it stays so', async ({ browser }) => {
  await onOwnServer(browser, DEMO_ACCOUNT, async (page) => {
    const banks = new BankAccountsPage(page);
    await banks.open();
    expect((await banks.listedNumbers()).sort()).toEqual([BANK.default, BANK.bankRejects, BANK.late, '6789'].sort());
    await expect(banks.account(BANK.default)).toHaveAttribute('data-default', 'true');

    await banks.makeDefault(BANK.late);
    await expect(banks.account(BANK.default)).toHaveAttribute('data-default', 'false');
    await expect(banks.accounts.getByTestId('default-badge')).toHaveCount(1);
    await expect(banks.accounts.first()).toContainText(`•••• ${BANK.late}`);

    await banks.remove(BANK.bankRejects);
    await expect(banks.accounts).toHaveCount(3);
    await banks.expectNoAccessibilityViolations();

    await page.reload();
    await banks.waitForApp();
    await expect(banks.accounts).toHaveCount(3);
    expect((await banks.listedNumbers()).sort()).toEqual([BANK.default, BANK.late, '6789'].sort());
    await expect(banks.accounts.first()).toContainText(`•••• ${BANK.late}`);
    await expect(banks.account(BANK.late)).toHaveAttribute('data-default', 'true');
    await expect(banks.account(BANK.bankRejects)).toHaveCount(0);
  });
});

test('the dashboard\'s "Withdraw" leads to the withdrawal form', async ({ page }) => {
  await signInAs(page, 'demo@wallet.example');
  await page.goto('/wallet');
  await page.getByTestId('quick-withdraw').click();
  await expect(page).toHaveURL(/\/wallet\/withdraw$/);
});
