// Reviews a Doppel HTML report in headless Chromium the way a person would, and saves what the page exports:
//   1. "Export plan" before any edit          -> OUT/plan-as-found.jsonl
//   2. keys: keep member 2 of the first group, keep all of the next, mark the next a false match, mark and undo
//      one more; a mouse "Keep this" and the Undo button; the large comparison in its three views
//   3. "Export plan" again                    -> OUT/plan-reviewed.jsonl
//   4. "Export labelled pairs"                -> OUT/pairs.json
// and writes OUT/review.json (which group got which decision) and screenshots. Exit 0 = all checks passed.
// Usage: node review-report.mjs report.html OUT
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [reportArg, outArg] = process.argv.slice(2);
if (!reportArg || !outArg) {
  console.error('usage: node review-report.mjs report.html OUT');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(outArg, { recursive: true });
const out = (name) => path.join(outArg, name);

function check(cond, message) {
  if (!cond) throw new Error('check failed: ' + message);
  console.log('ok - ' + message);
}

const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
let failed = false;
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) errors.push('network request ' + r.url()); });
  await page.goto(pathToFileURL(path.resolve(reportArg)).href);
  await page.waitForSelector('section.group');
  const data = await page.evaluate(() => JSON.parse(document.getElementById('doppel-data').textContent));
  const removeKeys = () => page.$$eval('section.group figure.remove', (fs) => fs.map((f) => f.dataset.key));

  const exportPlan = async (name) => {
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('button', { name: /Export plan/ }).click()]);
    await download.saveAs(out(name));
    const lines = fs.readFileSync(out(name), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    check(lines[0].format === 'doppel-plan' && lines[0].version === 2, `${name}: a doppel-plan version 2 header`);
    check(lines[0].files === lines.length - 1, `${name}: the header counts ${lines.length - 1} files`);
    check(lines.slice(1).every((l) => /^[0-9a-f]{64}$/.test(l.sha256) && /^[0-9a-f]{64}$/.test(l.kept_sha256)
      && l.root.startsWith('/') && l.size > 0 && l.mtime > 0 && l.kept_size > 0), `${name}: every line has digests, root, size, mtime`);
    return lines.slice(1);
  };

  // The summary at the top counts what the results remove.
  const asFound = data.groups.reduce((n, g) => n + g.m.filter((m) => m.b === 'R').length, 0);
  check((await page.textContent('#review-summary')).includes(`Review: ${asFound} files`), `summary: ${asFound} files to remove`);
  const plan0 = await exportPlan('plan-as-found.jsonl');
  check(plan0.length === asFound, 'unedited plan lists every file the results remove');

  // The first group on the page is the current one; it must have 3 members for "keep member 2" to mean something.
  const order = await page.$$eval('section.group', (s) => s.map((e) => Number(e.dataset.group)));
  const g0 = data.groups[order[0]];
  check(g0.m.length >= 3, `first group ${order[0] + 1} has ${g0.m.length} members`);
  await page.keyboard.press('2');
  const sec0 = page.locator(`section.group[data-group="${order[0]}"]`);
  check(await sec0.locator('figure.kept').getAttribute('data-key') === g0.m[1].k, `key 2 keeps ${g0.m[1].k}`);
  check(await sec0.locator(`figure[data-key="${g0.m[0].k}"]`).getAttribute('class') === 'remove',
    'the formerly kept image is now to remove');

  await page.keyboard.press('j');
  check(await page.locator('section.group.current').getAttribute('data-group') === String(order[1]), 'j moves to the next group');
  await page.keyboard.press('a');
  check(await page.locator(`section.group[data-group="${order[1]}"] figure.remove`).count() === 0, 'a keeps all of the group');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  const sec2 = page.locator(`section.group[data-group="${order[2]}"]`);
  check((await sec2.getAttribute('class')).includes('false-match') && await sec2.locator('figure.remove').count() === 0,
    'x marks a false match');
  await page.keyboard.press('j');
  const before = await removeKeys();
  await page.keyboard.press('x');
  await page.keyboard.press('u');
  check(JSON.stringify(await removeKeys()) === JSON.stringify(before), 'u undoes the last edit');
  await page.keyboard.press('k');
  check(await page.locator('section.group.current').getAttribute('data-group') === String(order[2]), 'k moves back');

  // Mouse: "Keep this" on a removed member of the fifth group, then the Undo button.
  const sec4 = page.locator(`section.group[data-group="${order[4]}"]`);
  const before4 = await sec4.locator('figure.kept').getAttribute('data-key');
  await sec4.locator('figure.remove').first().getByRole('button', { name: /Keep this/ }).click();
  check(await sec4.locator('figure.kept').getAttribute('data-key') !== before4, '"Keep this" changes the kept image');
  await page.getByRole('button', { name: /Undo/ }).click();
  check(await sec4.locator('figure.kept').getAttribute('data-key') === before4, 'the Undo button restores it');

  // The large comparison of the sixth group: originals from file://, three views.
  await sec4.click();
  await page.keyboard.press('j');
  await page.keyboard.press('c');
  await page.waitForSelector('#compare:not([hidden]) .pane img');
  await page.waitForFunction(() => [...document.querySelectorAll('#compare img')].every((i) => i.complete));
  const panes = await page.$$eval('#compare img', (is) => is.map((i) => ({ src: i.src.slice(0, 8), w: i.naturalWidth })));
  check(panes.length === 2 && panes.every((p) => p.src === 'file:///' && p.w > 160), 'compare shows both originals at full size: ' + JSON.stringify(panes));
  await page.screenshot({ path: out('compare-side.png') });
  await page.keyboard.press('m');
  check(await page.locator('#compare .stage.flicker').count() === 1, 'm switches to flicker');
  await page.keyboard.press('m');
  check(await page.locator('#compare .stage.difference img.top').count() === 1, 'm switches to difference');
  await page.waitForFunction(() => [...document.querySelectorAll('#compare img')].every((i) => i.complete));
  await page.screenshot({ path: out('compare-difference.png') });
  await page.keyboard.press('Escape');
  check(await page.locator('#compare').isHidden(), 'Esc closes the comparison');

  await page.screenshot({ path: out('reviewed.png'), fullPage: true });
  const plan1 = await exportPlan('plan-reviewed.jsonl');
  const [pairsDownload] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: /Export labelled pairs/ }).click()]);
  await pairsDownload.saveAs(out('pairs.json'));
  const review = { keptOther: { group: order[0], kept: g0.m[1].k }, keptAll: order[1], falseMatch: order[2],
    asFound: plan0.length, reviewed: plan1.length };
  fs.writeFileSync(out('review.json'), JSON.stringify(review));
  check(errors.length === 0, 'no script errors or network requests' + (errors.length ? ': ' + errors.join('; ') : ''));
  console.log(JSON.stringify(review));
} catch (e) {
  failed = true;
  console.error(e.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
