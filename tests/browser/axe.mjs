// axe.mjs — run axe-core's WCAG 2.1 A/AA rules on rapport's generated pages in Debian's Chromium.
//
//   node axe.mjs FILE_OR_DIR...
//
// Every *.html under the given directories (recursively) and every given file is opened by
// file:// URL at two viewport widths (desktop and phone). Exits 1 on any axe violation, on any
// request that is not file:/data: (pages must be self-contained), on a local file that fails to
// load, on an uncaught script error, or when no HTML file was found at all. One browser launch
// serves all pages.

import { readdirSync, statSync, existsSync } from 'node:fs';
import { resolve, relative, join, dirname, isAbsolute } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const AXE_JS = join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
const CHROMIUM = '/usr/bin/chromium';
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 }, // a phone
];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
// Schemes a self-contained page may load. blob: URLs are made by the page itself, not fetched.
const LOCAL_SCHEMES = ['file:', 'data:', 'blob:'];

function fail(msg) {
  console.error(`axe: ${msg}`);
  process.exit(1);
}

function collect(args) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith('.html')) files.push(p);
    }
  };
  for (const arg of args) {
    const p = resolve(arg);
    if (!existsSync(p)) fail(`no such file or directory: ${arg}`);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
  return [...new Set(files)].sort();
}

function shown(file) {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

function targets(nodes) {
  const sel = nodes.slice(0, 2).map((n) => [].concat(n.target).flat(Infinity).join(' >>> '));
  const more = nodes.length > 2 ? ` (+${nodes.length - 2} more)` : '';
  return sel.join(', ') + more;
}

const args = process.argv.slice(2);
if (args.length === 0) fail('usage: node axe.mjs FILE_OR_DIR...');
if (!existsSync(AXE_JS)) fail(`${AXE_JS} is missing; run \`npm ci\` in ${HERE}`);
if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing; apt-get install -y chromium`);

const files = collect(args);
if (files.length === 0) fail(`no HTML file found in: ${args.join(' ')} (did the page generator run?)`);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

let violations = 0;
let otherProblems = 0;
try {
  // One page per viewport width; each file is checked on both, one after the other.
  const pages = [];
  for (const viewport of WIDTHS) {
    const context = await browser.newContext({ viewport });
    // Never let a page reach the network: the attempt is recorded below, then aborted here.
    await context.route((url) => !LOCAL_SCHEMES.includes(url.protocol), (route) => route.abort());
    const page = await context.newPage();
    const problems = new Map(); // key -> message, so a repeated request is reported once
    const add = (key, msg) => problems.has(key) || problems.set(key, msg);
    page.on('request', (req) => {
      const url = req.url();
      if (!LOCAL_SCHEMES.some((s) => url.startsWith(s))) {
        add(url, `network request to ${url} (pages must be self-contained)`);
      }
    });
    page.on('requestfailed', (req) => {
      const url = req.url();
      if (url.startsWith('file:')) add(url, `cannot load ${url} (${req.failure()?.errorText})`);
    });
    page.on('pageerror', (err) => add(`error:${err.message}`, `script error: ${err.message}`));
    pages.push({ viewport, page, problems });
  }

  for (const file of files) {
    for (const { viewport, page, problems } of pages) {
      const where = `${shown(file)} (${viewport.width} px)`;
      problems.clear();
      try {
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30_000 });
        await page.addScriptTag({ path: AXE_JS });
        const result = await page.evaluate(
          (values) => window.axe.run(document, { runOnly: { type: 'tag', values } }),
          TAGS,
        );
        for (const v of result.violations) {
          violations++;
          console.log(`${where}: ${v.id} (${v.impact}): ${v.help} — ${targets(v.nodes)}`);
        }
      } catch (err) {
        problems.set('check', `could not check page: ${err.message.split('\n')[0]}`);
      }
      for (const msg of problems.values()) {
        otherProblems++;
        console.log(`${where}: ${msg}`);
      }
    }
  }
} finally {
  await browser.close();
}

console.log(`axe: ${files.length} pages checked, ${violations} violations`);
if (otherProblems > 0) console.log(`axe: ${otherProblems} other problems (network, loading, scripts)`);
process.exit(violations + otherProblems > 0 ? 1 : 0);
