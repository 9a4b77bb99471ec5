// What a person does in the workbench: run a command from the palette, look inside a webview, take a picture.
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { screenshotsDir } from './session';

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
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
