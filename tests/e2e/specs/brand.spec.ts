import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { AppPage } from '../pages/app';

// The server was started with --brand BRAND_FILE: an operator's own copy of brand.json.
const brandFile = process.env.BRAND_FILE!;

test('an operator edits brand.json and the app shows the change without a rebuild', async ({ page }) => {
  const original = readFileSync(brandFile, 'utf8');
  try {
    const brand = JSON.parse(original);
    brand.product_name.en = 'Harbour Pay';
    brand.hotlines[0].number = '400-123-4567';
    writeFileSync(brandFile, JSON.stringify(brand));
    const app = new AppPage(page);

    await app.open('/');

    await expect(app.productName).toHaveText('Harbour Pay');
    await expect(app.footerHotlines.first()).toHaveText('400-123-4567');
    await expect(app.footerHotlines.first()).toHaveAttribute('href', 'tel:4001234567');
  } finally {
    writeFileSync(brandFile, original);
  }
});
