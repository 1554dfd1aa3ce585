/**
 * The first step of `npm test`: test/e2e/report-browser.test.ts opens
 * report.html in the system's headless Chromium (playwright-core never
 * downloads a browser). On a Debian machine without it, Debian's chromium
 * package is installed here (with sudo when not root), so the README's test
 * command alone sets up what the tests need; elsewhere one line says what to
 * install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../test/support/headless-chromium.ts';

function apt(args: readonly string[], sudo: boolean): boolean {
  // Waits for a package manager that is busy elsewhere instead of failing on its lock.
  const command = [...(sudo ? ['sudo'] : []), 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-o', 'DPkg::Lock::Timeout=600', ...args];
  const result = spawnSync(command[0] ?? 'env', command.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
  return result.status === 0;
}

if (!existsSync(CHROMIUM_PATH)) {
  const sudo = process.getuid?.() !== 0;
  if (!existsSync('/usr/bin/apt-get') || (sudo && !existsSync('/usr/bin/sudo'))) {
    console.error(
      `npm test: no Chromium at ${CHROMIUM_PATH}; test/e2e/report-browser.test.ts needs it: install Debian's chromium package (apt-get install -y chromium) or your system's equivalent at that path`,
    );
    process.exit(1);
  }
  console.error(`npm test: installing Debian's chromium package${sudo ? ' with sudo' : ''} (test/e2e/report-browser.test.ts opens report.html in it)`);
  if (!apt(['update'], sudo) || !apt(['install', '-y', 'chromium'], sudo) || !existsSync(CHROMIUM_PATH)) {
    console.error(`npm test: installing chromium failed; install it by hand (apt-get install -y chromium) and run npm test again`);
    process.exit(1);
  }
}
