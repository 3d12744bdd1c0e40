import { expect, test } from '@playwright/test';
import { SignInPage } from '../pages/account';
import {
  DashboardPage, FRIEND, GOOD_CARD, MERCHANT_DOWN, PayPage, SLOW_CARD, TopUpPage, TransactionsPage, fundedAccount,
  loseFirstPaymentAnswer, minorOf, sentPayments, signInAs,
} from '../pages/money';

test.describe('money', () => {
  test('topping up with the test card adds to the balance, and a slow card shows as pending', async ({ page, request }) => {
    await fundedAccount(page, request, 0);
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    expect(await dashboard.balanceMinor('CNY')).toBe(0);

    const topUp = new TopUpPage(page);
    await topUp.open();
    await topUp.topUp('88.50', GOOD_CARD);
    await expect(topUp.result).toHaveAttribute('data-status', 'completed');
    await topUp.open();
    await topUp.topUp('10', SLOW_CARD);
    await expect(topUp.result).toHaveAttribute('data-status', 'pending');

    await dashboard.open();
    expect(await dashboard.balanceMinor('CNY')).toBe(8_850);
    await dashboard.expectNoConsoleErrors();
  });

  test('paying a user moves both balances, amount and fee on one side, amount on the other', async ({ page, request, browser }) => {
    const friendContext = await browser.newContext();
    const friendPage = await friendContext.newPage();
    await signInAs(friendPage, FRIEND);
    const friendDashboard = new DashboardPage(friendPage);
    await friendDashboard.open();
    const friendBefore = await friendDashboard.balanceMinor('CNY');

    await fundedAccount(page, request, 50_000);
    const pay = new PayPage(page);
    await pay.open();
    await pay.findRecipient(FRIEND);
    await expect(pay.recipientName).toHaveText('*三丰');
    await pay.enterAmount('123.45');
    await pay.toReview();
    expect(minorOf((await pay.fee.textContent()) ?? '')).toBe(13);
    expect(minorOf((await pay.total.textContent()) ?? '')).toBe(12_358);
    const id = await pay.confirmAndWait();
    expect(id).toMatch(/^T[A-Z0-9]{12}$/);

    const dashboard = new DashboardPage(page);
    await dashboard.open();
    expect(await dashboard.balanceMinor('CNY')).toBe(50_000 - 12_358);
    await friendDashboard.open();
    expect(await friendDashboard.balanceMinor('CNY')).toBe(friendBefore + 12_345);
    await friendContext.close();
    await pay.expectNoConsoleErrors();
  });

  test('a payment to a merchant that is down fails with its contact, and the fix leads to help', async ({ page, request }) => {
    await fundedAccount(page, request, 20_000);
    const pay = new PayPage(page);
    await pay.open();
    await pay.findRecipient(MERCHANT_DOWN);
    await expect(pay.merchantStatus).toBeVisible();
    await pay.enterAmount('25');
    await pay.toReview();
    await pay.confirm.click();
    await expect(pay.failure).toHaveAttribute('data-code', 'MERCHANT_UNAVAILABLE');
    await expect(pay.failure.locator('a[href^="tel:"]')).toBeVisible();
    const receipt = await pay.failure.getByTestId('failed-transaction-link').getAttribute('href');
    expect(receipt).toMatch(/^\/wallet\/transactions\/T/);
    await pay.failure.locator('a[href="/help/payment-merchant-unavailable"]').click();
    await expect(page).toHaveURL(/\/help\/payment-merchant-unavailable$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    // The wizard, signed in, reads that failure and says what to do.
    await page.goto('/help/wizard/payment-failed');
    await expect(page.getByTestId('payment-diagnosis')).toHaveAttribute('data-code', 'MERCHANT_UNAVAILABLE');

    // Its receipt says plainly that nothing was charged, and shows no "total paid".
    await page.goto(receipt!);
    await expect(page.getByTestId('transaction-status')).toBeVisible();
    await expect(page.getByTestId('no-money-moved')).toBeVisible();
    await expect(page.getByTestId('transaction-total')).toHaveCount(0);
  });

  test('an amount over the balance offers a top-up of the missing amount, filled in', async ({ page, request }) => {
    await fundedAccount(page, request, 1_000);
    const pay = new PayPage(page);
    await pay.open();
    await pay.findRecipient(FRIEND);
    await pay.enterAmount('30');
    await expect(pay.amountMessage).toBeVisible();
    await page.getByTestId('top-up-link').click();
    await expect(page).toHaveURL(/\/wallet\/top-up\?amount=20\.03&currency=CNY$/);
    await expect(new TopUpPage(page).amount).toHaveValue('20.03');
  });

  test('a review that knows the balance is short asks for no code and pays nothing; topping up returns to the same review', async ({ page, request }) => {
    await fundedAccount(page, request, 1_000);
    const pay = new PayPage(page);
    await pay.open();
    await pay.findRecipient(FRIEND);
    await pay.enterAmount('30');
    await page.locator('#note-input').fill('Hotpot on Friday');
    await pay.toReview();

    const short = page.getByTestId('review-short');
    await expect(short).toBeVisible();
    await expect(pay.confirm).toHaveCount(0);
    await expect(page.locator('#totp-input')).toHaveCount(0);
    await short.getByTestId('review-top-up').click();
    await expect(page).toHaveURL(/\/wallet\/top-up\?amount=20\.03&currency=CNY&next=/);

    const topUp = new TopUpPage(page);
    await expect(topUp.amount).toHaveValue('20.03');
    await topUp.topUp('20.03', GOOD_CARD);
    await page.getByTestId('resume-payment').click();

    // The same payment, reviewed again with everything kept, and now payable.
    await expect(pay.review).toBeVisible();
    await expect(page.getByTestId('review-amount')).toContainText('30.00');
    await expect(page.getByTestId('review-note')).toHaveText('Hotpot on Friday');
    await expect(short).toHaveCount(0);
    await pay.confirmAndWait();
    expect(await sentPayments(page, 'failed')).toHaveLength(0);
    expect(await sentPayments(page, 'completed')).toHaveLength(1);
  });

  test('on a phone, the outcome of a top-up and of a payment is focused and in view', async ({ page, request }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await fundedAccount(page, request, 0);
    const topUp = new TopUpPage(page);
    await topUp.open();
    await topUp.topUp('50', GOOD_CARD);
    await expect(topUp.result).toBeInViewport();
    await expect(topUp.result.getByRole('heading', { level: 2 })).toBeFocused();

    const pay = new PayPage(page);
    await pay.open();
    await pay.prepare(FRIEND, '12');
    await expect(pay.review.getByRole('heading', { level: 2 })).toBeFocused();
    await pay.confirmAndWait();
    await expect(pay.result).toBeInViewport();
    await expect(pay.result.getByRole('heading', { level: 2 })).toBeFocused();
  });

  test('a double-clicked pay button pays once', async ({ page, request }) => {
    await fundedAccount(page, request, 10_000);
    const pay = new PayPage(page);
    await pay.open();
    await pay.prepare(FRIEND, '12');
    await pay.confirm.dblclick();
    await expect(pay.result).toBeVisible();
    const list = await page.request.get('/api/v1/transactions?type=payment_sent');
    const sent = (await list.json()).items as unknown[];
    expect(sent).toHaveLength(1);
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    expect(await dashboard.balanceMinor('CNY')).toBe(10_000 - 1_202); // 12.00 and its 0.1 % fee, rounded up to 0.02
  });

  for (const how of ['abort', 'server-error'] as const) {
    test(`a payment whose answer is lost after the server paid (${how}) is retried with the same key and paid once`, async ({ page, request }) => {
      test.setTimeout(60_000);
      await fundedAccount(page, request, 10_000);
      const sent = await loseFirstPaymentAnswer(page, how);
      const pay = new PayPage(page);
      await pay.open();
      await pay.prepare(FRIEND, '12');
      await pay.confirm.click();

      await expect(pay.uncertain).toBeVisible();
      await expect(pay.uncertain).toContainText("We don't know yet whether it went through");
      await expect(pay.result).toHaveCount(0);
      await expect(page.getByTestId('review-button')).toBeDisabled();
      await pay.retry.click();

      await expect(pay.result).toBeVisible();
      expect(sent.keys).toHaveLength(2);
      expect(sent.keys[0]).toMatch(/^[0-9a-f]{32}$/);
      expect(sent.keys[1], 'the retry carries the first attempt\'s key').toBe(sent.keys[0]);
      expect(await sentPayments(page, 'completed')).toHaveLength(1);
      expect(await sentPayments(page)).toHaveLength(1);
      const dashboard = new DashboardPage(page);
      await dashboard.open();
      expect(await dashboard.balanceMinor('CNY')).toBe(10_000 - 1_202); // debited once: 12.00 and its fee
    });
  }

  test('a locked account stays signed in but cannot pay or top up: both pages say until when, why and how to unlock', async ({ page, request, browser }) => {
    test.setTimeout(90_000);
    const account = await fundedAccount(page, request, 10_000);
    // Someone else guesses the password until the account locks; this session stays signed in.
    const elsewhere = await browser.newContext();
    const signIn = new SignInPage(await elsewhere.newPage());
    await signIn.open();
    await signIn.failUntilLocked(account.email);
    await elsewhere.close();

    const pay = new PayPage(page);
    await pay.open();
    await pay.findRecipient(FRIEND);
    await pay.enterAmount('12');
    await page.getByTestId('review-button').click();
    await expect(pay.failure).toHaveAttribute('data-code', 'ACCOUNT_LOCKED');
    await expect(page.getByTestId('failure-lock-until')).toContainText(/locked until .*\d{1,2}:\d{2}.*\(your time\)/);
    await expect(page.getByTestId('failure-lock-reason')).toContainText('too many wrong passwords or codes in a row');
    await expect(pay.failure.getByTestId('unlock-link')).toHaveAttribute('href', /^\/unlock\?email=/);
    await expect(pay.failure.locator('a[href="/help/account-locked"]')).toBeVisible();

    const topUp = new TopUpPage(page);
    await topUp.open();
    await topUp.amount.fill('50');
    await topUp.card.fill(GOOD_CARD);
    await page.getByTestId('submit-top-up').click();
    const failure = page.getByTestId('payment-failure');
    await expect(failure).toHaveAttribute('data-code', 'ACCOUNT_LOCKED');
    await expect(failure.getByTestId('failure-lock-until')).toContainText(/locked until .*\d{1,2}:\d{2}/);
    await expect(failure.getByTestId('unlock-link')).toBeVisible();
    await expect(failure.getByTestId('try-again')).toHaveCount(0);
    expect(await sentPayments(page)).toHaveLength(0);
  });

  test('transactions filter by type, keep the filter over a reload, and export CSV rows', async ({ page, request }) => {
    await fundedAccount(page, request, 30_000);
    const pay = new PayPage(page);
    const paid: string[] = [];
    for (const amount of ['5', '6']) {
      await pay.open();
      await pay.prepare(FRIEND, amount);
      paid.push(await pay.confirmAndWait());
    }
    const transactions = new TransactionsPage(page);
    await transactions.open();
    await expect(transactions.rows).toHaveCount(3);
    await transactions.type.selectOption('payment_sent');
    await expect(page).toHaveURL(/type=payment_sent/);
    await expect(transactions.rows).toHaveCount(2);
    await page.reload();
    await transactions.waitForApp();
    await expect(transactions.type).toHaveValue('payment_sent');
    await expect(transactions.rows).toHaveCount(2);
    expect((await transactions.rowIds()).sort()).toEqual([...paid].sort());

    const csv = await transactions.exportCsv();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('id,created_at,type,status,amount,fee,currency,counterparty,counterparty_name,failure,note');
    const ids = lines.slice(1).map((line) => line.split(',')[0]);
    for (const id of paid) expect(ids).toContain(id);
    expect(lines.slice(1).filter((line) => line.includes(',payment_sent,completed,'))).toHaveLength(2);
  });

  test('a transaction has a receipt, and "report a problem" opens help with its ID', async ({ page, request }) => {
    await fundedAccount(page, request, 10_000);
    const pay = new PayPage(page);
    await pay.open();
    await pay.prepare(FRIEND, '3');
    const id = await pay.confirmAndWait();
    await page.goto(`/wallet/transactions/${id}`);
    await expect(page.getByTestId('transaction-id')).toContainText(id);
    await expect(page.getByTestId('print-receipt')).toBeVisible();
    await page.getByTestId('report-problem').click();
    await expect(page.getByTestId('wizard-transaction-id')).toContainText(id);
  });

  test('signed in, the hotline checklist fills itself in and gives a call code the agent can check once', async ({ page, request }) => {
    await fundedAccount(page, request, 5_000);
    await page.goto('/contact');
    await expect(page.getByTestId('checklist-email')).toContainText('***@example.com');
    await expect(page.getByTestId('checklist-transaction')).toHaveCount(1);
    await page.getByTestId('get-call-code').click();
    await expect(page.getByTestId('call-code')).toHaveText(/\d/);
    const code = ((await page.getByTestId('call-code').textContent()) ?? '').replace(/\D/g, '');
    expect(code).toMatch(/^\d{6}$/);
    const check = (token: string) =>
      request.post('/api/v1/support/call-code/check', {
        data: { code },
        headers: { authorization: `Bearer ${token}`, 'x-wallet-csrf': '1' },
      });
    expect((await check('demo-support-token').then((r) => r.json())).valid).toBe(true);
    expect((await check('demo-support-token').then((r) => r.json())).valid).toBe(false);
  });
});
