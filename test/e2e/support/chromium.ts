// Launches Debian's Chromium through playwright-core. Never `playwright install`: CI machines
// cannot download browsers. Playwright gives every launch a fresh temporary profile.
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in CI containers
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumExecutable(): string {
  return process.env.FINER_LENS_CHROMIUM ?? '/usr/bin/chromium';
}

export async function launchChromium(scratchEnv: Record<string, string>): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...scratchEnv },
  });
}

export async function newWorkbenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}
