// Exports a Doppel HTML report's plan in headless Chromium twice: as found (OUT/plan-as-found.jsonl), then after
// key 2 keeps the second member of the first group shown (OUT/plan-kept-2.jsonl). Exit 0 = both exported.
// Usage: node export-plans.mjs report.html OUT
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [reportArg, outArg] = process.argv.slice(2);
if (!reportArg || !outArg) {
  console.error('usage: node export-plans.mjs report.html OUT');
  process.exit(2);
}
fs.mkdirSync(outArg, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'] });
let failed = false;
try {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(path.resolve(reportArg)).href);
  await page.waitForSelector('section.group');
  const exportPlan = async (name) => {
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('button', { name: /Export plan/ }).click()]);
    await download.saveAs(path.join(outArg, name));
    console.log('exported ' + name);
  };
  await exportPlan('plan-as-found.jsonl');
  await page.keyboard.press('2');
  await exportPlan('plan-kept-2.jsonl');
  if (errors.length) throw new Error('script errors: ' + errors.join('; '));
} catch (e) {
  failed = true;
  console.error(e.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
