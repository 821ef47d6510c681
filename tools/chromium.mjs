// Debian's Chromium driven by playwright-core: the build's profile (tools/start-profile.mjs)
// and the end-to-end tests (tests/e2e/helpers.mjs) launch it the same way.
import { chromium } from 'playwright-core';

/** Debian's Chromium, headless, as root, on a machine with no network but loopback. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Launches that Chromium (`CHROMIUM` overrides its path), with `extra` arguments. */
export function launchChromium(extra = []) {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extra] });
}
