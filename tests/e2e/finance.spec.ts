import fs from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { parseAmountToCents } from '@/lib/money';
import { readExport } from '../integration/finance/csv';
import { signIn } from './support';

const BOM_BYTES = [0xef, 0xbb, 0xbf];

/** "HKD 1,234.56" → 123456 cents (string arithmetic, as everywhere else). */
function centsOf(money: string): number {
  const cents = parseAmountToCents(
    money
      .replace(/^HKD\s*/, '')
      .replace(/,/g, '')
      .trim(),
  );
  if (cents === null) throw new Error(`not an amount: ${money}`);
  return cents;
}

test.describe('finance: refund history', () => {
  test('filters by a staff member and the last 30 days, and the CSV holds exactly the on-screen totals', async ({
    page,
  }) => {
    await signIn(page, 'finance@demo.local');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Refunds' }).click();
    await expect(page.getByRole('heading', { name: 'Refund history' })).toBeVisible();
    await expect(page.getByTestId('time-zone-note')).toContainText('Hong Kong time (Asia/Hong_Kong, UTC+8)');

    // The demo seed refunds as Mandy Manager (CWB); the numbers themselves are read off the page.
    await page.getByLabel('Staff member').selectOption({ label: 'Mandy Manager' });
    await page.getByRole('button', { name: 'Last 30 days' }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/[?&]staff=[0-9a-f-]{36}/);
    const url = new URL(page.url());
    expect(url.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(url.searchParams.get('to')).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const count = Number((await page.getByTestId('refund-total-count').innerText()).replace(/,/g, ''));
    const amountCents = centsOf(await page.getByTestId('refund-total-amount').innerText());
    expect(count).toBeGreaterThan(0);
    // The page shows at most one page of rows, every one of them Mandy's.
    const shownStaff = await page.getByTestId('refund-row').locator('td:nth-child(9)').allInnerTexts();
    expect(shownStaff.length).toBeGreaterThan(0);
    expect(shownStaff.length).toBeLessThanOrEqual(count);
    expect(new Set(shownStaff)).toEqual(new Set(['Mandy Manager']));
    await expect(page.getByTestId('refund-daily-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('refunds-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^refunds-\d{8}-\d{4}\.csv$/);
    const bytes = await fs.readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual(BOM_BYTES);
    const { header, rows } = readExport(bytes.toString('utf8'));

    expect(header.slice(0, 2)).toEqual(['Requested at (Hong Kong time)', 'Completed at (Hong Kong time)']);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(count);
    expect(rows.reduce((sum, row) => sum + centsOf(row.Amount!), 0)).toBe(amountCents);
    expect(new Set(rows.map((r) => r['Staff member']))).toEqual(new Set(['Mandy Manager']));

    // The export left a trace in the audit log, with its filter and row count.
    await page.goto('/audit?action=refunds.exported&actor=staff');
    const entry = page.getByTestId('audit-row').filter({ hasText: 'Fiona Finance' }).first();
    await expect(entry).toContainText(`Fiona Finance exported ${count} ${count === 1 ? 'refund' : 'refunds'} to CSV`);
  });

  test('an amount range without dates lists its refunds and asks for dates for its totals; a quick range counts them', async ({
    page,
  }) => {
    await signIn(page, 'finance@demo.local');
    await page.goto('/refunds');
    await page.getByLabel('Amount from (HKD)').fill('1');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/[?&]min=1(&|$)/);

    await expect(page.getByTestId('refund-row').first()).toBeVisible();
    const needDates = page.getByTestId('totals-need-dates');
    await expect(needDates).toContainText('count at most 31 days of refunds');
    await expect(page.getByTestId('refund-total-count')).toHaveCount(0);
    await expect(page.getByTestId('refunds-export')).toBeVisible();

    await needDates.getByRole('link', { name: 'Last 30 days' }).click();
    await expect(page).toHaveURL(/[?&]from=\d{4}-\d{2}-\d{2}.*[?&]?to=\d{4}-\d{2}-\d{2}/);
    expect(new URL(page.url()).searchParams.get('min')).toBe('1.00');
    await expect(page.getByTestId('totals-need-dates')).toHaveCount(0);
    expect(
      Number(((await page.getByTestId('refund-total-count').textContent()) ?? '').replace(/,/g, '')),
    ).toBeGreaterThan(0);
    await expect(page.getByTestId('refund-daily-chart')).toBeVisible();
  });

  test('a store manager may not open the audit log or export it', async ({ page }) => {
    await signIn(page, 'manager@demo.local');
    const auditPage = await page.goto('/audit');
    expect(auditPage?.status()).toBe(404);
    const auditExport = await page.request.get('/api/exports/audit');
    expect(auditExport.status()).toBe(403);
  });
});
