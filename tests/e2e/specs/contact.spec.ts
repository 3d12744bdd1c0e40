import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ContactPage } from '../pages/contact';

// The brand file's lines: "mainland" answers around the clock; "international" is open
// 09:00-21:00 on weekdays in Asia/Shanghai. The browser runs in Europe/London (UTC in November).

test.describe('the contact page', () => {
  test('a deep link shows every hotline with a click-to-call link', async ({ page }) => {
    const contact = new ContactPage(page);
    await contact.open();

    await expect(contact.heading()).toHaveText('Contact customer service');
    await expect(contact.hotline('mainland').call).toHaveAttribute('href', 'tel:4008200000');
    await expect(contact.hotline('international').call).toHaveAttribute('href', 'tel:+862160000000');
    await expect(contact.hotline('mainland').status).toHaveAttribute('data-state', 'open');
    await expect(contact.hotline('mainland').status).toContainText('Open 24 hours, every day');
    await contact.expectNoConsoleErrors();
  });

  test('on a weekday morning in Shanghai the international line is open until 21:00 there', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-26T03:00:00Z'));
    const contact = new ContactPage(page);
    await contact.open();

    const line = contact.hotline('international');
    await expect(line.status).toHaveAttribute('data-state', 'open');
    // 21:00 in Shanghai is 13:00 in London.
    await expect(line.status).toContainText('Closes at 13:00 your time');
  });

  test('late at night in Shanghai the international line is closed and says when it opens', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-26T15:00:00Z'));
    const contact = new ContactPage(page);
    await contact.open();

    const line = contact.hotline('international');
    await expect(line.status).toHaveAttribute('data-state', 'closed');
    // Friday 09:00 in Shanghai is Friday 01:00 in London.
    await expect(line.status).toContainText('Closed now');
    await expect(line.status).toContainText(/Fri.*01:00/);
    await expect(contact.hotline('mainland').status).toHaveAttribute('data-state', 'open');
  });

  test('the waiting time is said in words: now, and the quietest time still ahead, in the reader\'s time and language', async ({ page }) => {
    // 11:00 in Shanghai, 03:00 in London.
    await page.clock.setFixedTime(new Date('2026-11-26T03:00:00Z'));
    const contact = new ContactPage(page);
    await contact.open();

    // Quietest daytime hours ahead: 20:00-22:00 in Shanghai, 12:00-14:00 in London.
    const summary = page.getByTestId('wait-summary');
    await expect(summary).toHaveText('Now: about 16 minutes. Quietest later today: 12:00–14:00 your time (about 8 minutes).');
    await contact.chooseLanguage('zh-CN');
    await expect(summary).toHaveText('现在：大约需等 16 分钟。今天稍后最空闲：您当地时间 12:00–14:00（约 8 分钟）。');
    await expect(page.getByTestId('wait-chart').locator('rect title').nth(11)).toHaveText('11:00 · 16 分钟');
  });

  test('the opening hours read in Chinese', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-26T03:00:00Z'));
    const contact = new ContactPage(page);
    await contact.open();
    await contact.chooseLanguage('zh-CN');

    await expect(contact.heading()).toHaveText('联系客服');
    await expect(contact.hotline('international').card).toContainText('周一至周五');
    await expect(contact.hotline('international').status).toContainText('现在可以接听');
  });
});

test.describe('preparing and recording a call', () => {
  test('the waiting-time chart shows every hour and the checklist says what to prepare', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-26T03:00:00Z'));
    const contact = new ContactPage(page);
    await contact.open();

    const chart = page.getByTestId('wait-chart');
    await expect(chart.locator('rect.wait-bar')).toHaveCount(24);
    // 03:00 UTC is 11:00 in Shanghai: that hour's bar is marked.
    await expect(chart.locator('rect.wait-bar-now')).toHaveCount(1);
    await expect(chart.locator('rect.wait-bar').nth(11)).toHaveClass(/wait-bar-now/);
    await expect(page.getByTestId('before-you-call')).toContainText('The e-mail address you registered with');
  });

  test('call notes can be added, edited and deleted, and survive a reload', async ({ page }) => {
    const contact = new ContactPage(page);
    await contact.open();

    await contact.addNote({ date: '2026-11-20', caseNumber: 'A-1001', advice: 'Wait for the review', links: 'https://okpay.example/help\njavascript:alert(1)' });
    await contact.addNote({ date: '2026-11-24', caseNumber: 'A-1002', advice: 'Unlock by e-mail code' });
    await expect(page.getByTestId('notes-outcome')).toHaveText('Note saved.');
    await expect(contact.notes).toHaveCount(2);
    await expect(contact.notes.first()).toContainText('A-1002');
    await expect(contact.note('A-1001').getByRole('link')).toHaveCount(1);

    await page.reload();
    await expect(contact.notes).toHaveCount(2);
    await contact.note('A-1001').getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('What the agent advised').fill('Review finished, funds returned');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(contact.note('A-1001')).toContainText('Review finished, funds returned');

    await contact.note('A-1002').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId('notes-outcome')).toHaveText('Note deleted.');
    await page.reload();
    await expect(contact.notes).toHaveCount(1);
    await expect(contact.notes.first()).toContainText('Review finished, funds returned');
    await contact.expectNoConsoleErrors();
  });

  test('an empty note is refused with a message at the form', async ({ page }) => {
    const contact = new ContactPage(page);
    await contact.open();

    await page.getByTestId('call-notes').getByRole('button', { name: 'Save note' }).click();

    await expect(page.getByTestId('notes-outcome')).toHaveText('Enter a case number or what the agent advised.');
    await expect(contact.notes).toHaveCount(0);
  });

  test('all notes can be downloaded as a text file', async ({ page }) => {
    const contact = new ContactPage(page);
    await contact.open();
    await contact.addNote({ date: '2026-11-20', caseNumber: 'B-7', advice: 'Call back after 18:00' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notes-export').click()]);

    expect(download.suggestedFilename()).toBe('call-notes.txt');
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).toContain('2026-11-20');
    expect(text).toContain('B-7');
    expect(text).toContain('Call back after 18:00');
  });
});
