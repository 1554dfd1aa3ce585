/**
 * Launches the system's headless Chromium (the Debian package) through
 * playwright-core, which never downloads a browser of its own.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// No GPU, no sandbox (CI runs as root in a container), and nothing that phones home on its own, so
// the requests a page is seen to make are the page's own.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchHeadlessChromium(timeoutMs = 20_000): Promise<Browser> {
  // A missing browser is a broken machine, not a reason to skip: CI installs it (.ci/run).
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\``);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS, timeout: timeoutMs });
}
