/**
 * Launches Debian's Chromium headless for browser tests, with the flags this closed network
 * needs (no background networking, no component updates, no sync).
 */
import { chromium, type Browser } from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * @example
 * const browser = await launchChromium()
 * const page = await browser.newPage()
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}
