// Runs axe-core on local pages in Debian's headless Chromium and measures horizontal scrolling.
// Used by tests/test_html_a11y.py; never downloads a browser and never touches the network: every
// request that is not a file:// URL is aborted and reported.
//
//   node check_pages.mjs JOB.json   (JOB: {"pages": [{"name", "url"}], "widths": [320, 1280],
//                                          "screenshots": [{"name", "width", "path", "height"}]})
// prints one JSON object: {"pages": {name: {"violations": [...], "widths": {w: {scrollWidth, innerWidth}}}},
//                          "requests": [urls other than file://]}

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const CHROMIUM = process.env.NIANBAO_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const profile = mkdtempSync(join(tmpdir(), "nianbao-a11y-"));
const requests = [];
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 },
  deviceScaleFactor: 1, offline: true,
});
try {
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const result = { pages: {}, requests };
  for (const { name, url } of job.pages) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(AXE_SOURCE);
    const axe = await page.evaluate(async (tags) => {
      const run = await window.axe.run(document, { runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"] });
      return run.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })) }));
    }, TAGS);
    const widths = {};
    for (const width of job.widths) {
      await page.setViewportSize({ width, height: 900 });
      widths[width] = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    }
    result.pages[name] = { violations: axe, widths };
  }
  for (const shot of job.screenshots ?? []) {
    const target = job.pages.find((p) => p.name === shot.name);
    await page.setViewportSize({ width: shot.width, height: shot.height ?? 900 });
    await page.goto(target.url, { waitUntil: "load" });
    await page.screenshot({ path: shot.path, fullPage: !shot.clip,
      clip: shot.clip ? { x: 0, y: 0, width: shot.width, height: shot.clip } : undefined });
  }
  process.stdout.write(JSON.stringify(result));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
