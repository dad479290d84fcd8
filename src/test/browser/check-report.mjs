// Opens a Doppel HTML report in headless Chromium and checks that it works:
// groups and previews render, the filter narrows the groups, paging moves on, and a screenshot is saved.
// Usage: node check-report.mjs report.html shot.png   (exit 0 = all checks passed)
import { chromium } from 'playwright-core';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [reportArg, shotArg] = process.argv.slice(2);
if (!reportArg || !shotArg) {
  console.error('usage: node check-report.mjs report.html shot.png');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

function check(cond, message) {
  if (!cond) throw new Error('check failed: ' + message);
  console.log('ok - ' + message);
}

const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push('network request ' + r.url()); });
  await page.goto(pathToFileURL(path.resolve(reportArg)).href);

  const data = await page.evaluate(() => JSON.parse(document.getElementById('doppel-data').textContent));
  const total = data.groups.length;
  const pageSize = data.pageSize;
  await page.waitForSelector('section.group');
  const shown = await page.locator('section.group').count();
  check(shown === Math.min(total, pageSize), `first page shows ${shown} of ${total} groups`);

  // Every preview on the page must decode; placeholders stand for missing files.
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  const imgs = await page.evaluate(() => [...document.querySelectorAll('section.group img')].map((i) => i.naturalWidth));
  check(imgs.length > 0, `${imgs.length} previews on the first page`);
  check(imgs.every((w) => w > 0), 'every preview decoded (naturalWidth > 0)');
  const expectedPlaceholders = data.groups.slice(0, pageSize).reduce((n, g) => n + g.m.filter((m) => m.x).length, 0);
  const placeholders = await page.locator('section.group .placeholder').count();
  check(placeholders === expectedPlaceholders, `${placeholders} placeholders for missing/unreadable files`);
  const kept = await page.locator('section.group .badge.KEPT').count();
  check(kept === shown, 'one KEPT badge per group');

  // Filter: the first member's file name of the last group picks out a small subset.
  const last = data.groups[total - 1].m[0].p;
  const needle = last.split('/').pop();
  await page.fill('#filter', needle);
  const matching = data.groups.filter((g) => g.m.some((m) => m.k.toLowerCase().includes(needle.toLowerCase()))).length;
  await page.waitForFunction((n) => document.querySelectorAll('section.group').length === n, Math.min(matching, pageSize));
  const filtered = await page.locator('section.group').count();
  check(filtered >= 1 && filtered < Math.min(total, pageSize + 1), `filter "${needle}" narrows to ${filtered} group(s)`);
  const texts = await page.locator('section.group').allTextContents();
  check(texts.every((t) => t.toLowerCase().includes(needle.toLowerCase())), 'every filtered group contains the text');
  await page.fill('#filter', '');
  await page.waitForFunction((n) => document.querySelectorAll('section.group').length === n, Math.min(total, pageSize));

  // Paging.
  if (total > pageSize) {
    const firstOnPage1 = await page.locator('section.group').first().getAttribute('data-group');
    await page.click('#next');
    const info = await page.textContent('#pageinfo');
    check(info.startsWith('page 2 of '), `next goes to ${info}`);
    const onPage2 = await page.locator('section.group').count();
    check(onPage2 === Math.min(pageSize, total - pageSize), `page 2 shows ${onPage2} groups`);
    const firstOnPage2 = await page.locator('section.group').first().getAttribute('data-group');
    check(firstOnPage1 !== firstOnPage2, 'page 2 shows other groups');
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    const imgs2 = await page.evaluate(() => [...document.querySelectorAll('section.group img')].map((i) => i.naturalWidth));
    check(imgs2.every((w) => w > 0), 'previews on page 2 decoded');
    await page.click('#prev');
    check((await page.textContent('#pageinfo')).startsWith('page 1 of '), 'prev goes back to page 1');
  } else {
    console.log('skip - paging (only one page)');
  }

  // Sorting by loosest match puts a group with the largest worst score first.
  await page.selectOption('#sort', 'worst');
  const firstWorst = await page.locator('section.group').first().getAttribute('data-group');
  const worsts = data.groups.map((g) => g.worst).filter((w) => w !== null);
  const extreme = data.higherIsCloser ? Math.min(...worsts) : Math.max(...worsts);
  check(data.groups[Number(firstWorst)].worst === extreme, 'sort by loosest match puts the loosest group first');
  await page.selectOption('#sort', 'size');

  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  await page.screenshot({ path: shotArg });
  check(errors.length === 0, 'no script errors or network requests' + (errors.length ? ': ' + errors.join('; ') : ''));
  console.log(JSON.stringify({ groups: total, firstPage: shown, previews: imgs.length, filtered, screenshot: shotArg }));
} catch (e) {
  failed = true;
  console.error(e.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
