// What a person does in the workbench: run a command from the palette, look inside a webview, take a picture.
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { screenshotsDir } from './session';

export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  // Right after the workbench loads, F1 can come before the keybindings, and the list before the extension's
  // commands are known: a person would just try again, and so does this.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!(await input.isVisible())) await page.keyboard.press('F1');
    if (await input.waitFor({ timeout: 2000 }).then(() => true, () => false)) {
      await input.fill(`>${title}`);
      if (await row.waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
      await page.keyboard.press('Escape');
    }
    if (Date.now() > deadline) throw new Error(`the command "${title}" did not appear in the command palette`);
  }
  await page.keyboard.press('Enter');
}

/** The newest webview's page: every webview is an iframe holding the extension's page in #active-frame. */
export function newestWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview >> nth=-1').frameLocator('#active-frame');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
