// print.mjs — print pages to PDF in Debian's Chromium, on A4 and on US Letter.
//
//   node print.mjs portrait|landscape OUT_DIR FILE...
//
// Chromium's `--print-to-pdf` prints on the page's CSS size or the locale's default paper; to
// print each page on both papers this calls the same printing (DevTools Page.printToPDF) through
// playwright-core, with the paper given and the page's own @page margins. Writes
// OUT_DIR/N-a4.pdf and OUT_DIR/N-letter.pdf per file and prints one line per PDF:
// `FILE<TAB>PAPER<TAB>PDF`. The caller counts the pages (pdfinfo).

import { mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [orientation, out, ...files] = process.argv.slice(2);
if (!['portrait', 'landscape'].includes(orientation) || !out || files.length === 0) {
  console.error('usage: node print.mjs portrait|landscape OUT_DIR FILE...');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const PAPERS = [
  ['A4', 'a4'],
  ['Letter', 'letter'],
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  for (const [i, file] of files.entries()) {
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
    for (const [format, name] of PAPERS) {
      const pdf = join(out, `${i}-${name}.pdf`);
      await page.pdf({ path: pdf, format, landscape: orientation === 'landscape', printBackground: true });
      console.log(`${file}\t${format}\t${pdf}`);
    }
  }
} finally {
  await browser.close();
}
