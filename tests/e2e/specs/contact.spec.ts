import { test, expect } from '@playwright/test';
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
