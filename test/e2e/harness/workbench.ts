import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
	type BrowserContext,
	type FrameLocator,
	type Locator,
	type Page,
	chromium,
} from 'playwright-core';
import { e2eSettings, log } from './paths';

/**
 * Chromium flags: no GPU, no sandbox (the suite may run as root), and no background traffic.
 * The resolver rule makes every host name except loopback fail to resolve.
 */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** How long one attempt to open the canvas may take before the harness tries again. */
const CANVAS_ATTEMPT_MS = 20_000;

/** The VS Code workbench in a headless Chromium page, with the steps the scenarios share. */
export class Workbench {
	/** Requests to other hosts that the browser was stopped from sending. */
	readonly blockedRequests: string[] = [];

	private constructor(
		readonly context: BrowserContext,
		readonly page: Page,
	) {}

	/** Starts Chromium with a fresh profile in `browserFolder` and loads the workbench at `url`. */
	static async open(url: string, browserFolder: string): Promise<Workbench> {
		const context = await chromium.launchPersistentContext(browserFolder, {
			executablePath: e2eSettings.chromium,
			headless: true,
			viewport: { width: 1400, height: 900 },
			args: CHROMIUM_ARGS,
		});
		await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
			origin: new URL(url).origin,
		});
		const workbench = new Workbench(context, context.pages()[0] ?? (await context.newPage()));
		await context.route('**/*', (route) => {
			const address = new URL(route.request().url());
			const web = address.protocol === 'http:' || address.protocol === 'https:';
			if (web && !LOOPBACK_HOSTS.has(address.hostname)) {
				workbench.blockedRequests.push(address.href);
				return route.abort();
			}
			return route.continue();
		});
		workbench.page.on('pageerror', (error) => log(`page error: ${error.message}`));
		await workbench.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
		await workbench.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
		return workbench;
	}

	/** Closes the browser. */
	async close(): Promise<void> {
		await this.context.close();
	}

	/** Returns the Explorer row of a top-level file or folder. */
	explorerRow(name: string): Locator {
		return this.page.locator(
			`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}]`,
		);
	}

	/**
	 * Returns the page of the visible webview. The workbench puts each webview in an outer frame
	 * (`iframe.webview.ready`), which loads the extension's page in `iframe#active-frame`.
	 */
	webview(): FrameLocator {
		return this.page
			.locator('iframe.webview.ready')
			.filter({ visible: true })
			.first()
			.contentFrame()
			.locator('iframe#active-frame')
			.contentFrame();
	}

	/**
	 * Opens a top-level file of the workspace by double-clicking it in the Explorer, waits until
	 * `ready` is visible in the webview and returns the webview. Retries twice, closing all
	 * editors in between, so that one slow open does not fail the scenario.
	 */
	async openInWebview(name: string, ready: string): Promise<FrameLocator> {
		const row = this.explorerRow(name);
		await row.waitFor({ timeout: 30_000 });
		for (let attempt = 1; ; attempt++) {
			await row.dblclick();
			try {
				await this.webview().locator(ready).first().waitFor({ timeout: CANVAS_ATTEMPT_MS });
				return this.webview();
			} catch (error) {
				if (attempt === 3) {
					throw error;
				}
				log(`${ready} not shown for ${name} after attempt ${attempt}; reopening`);
				await this.runCommand('View: Close All Editors');
			}
		}
	}

	/** Returns the tab of an open editor, by the file name it shows. */
	tab(fileName: string): Locator {
		return this.page.locator(
			`.tabs-container .tab[data-resource-name=${JSON.stringify(fileName)}]`,
		);
	}

	/** Returns true when the editor tab of `fileName` shows unsaved changes. */
	async isDirty(fileName: string): Promise<boolean> {
		return (await this.tab(fileName).first().getAttribute('class'))?.includes('dirty') ?? false;
	}

	/**
	 * Runs a command by its title from the command palette, as a user does. The palette lists
	 * only commands whose `when` clause holds when it opens, and context keys such as the active
	 * editor settle a moment after a tab appears, so a missing command is looked up again.
	 */
	async runCommand(title: string): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			await this.openQuickInput();
			await this.quickInputBox().fill(`>${title}`);
			const row = this.quickInputRow(title);
			try {
				await row.waitFor({ timeout: 10_000 });
			} catch (error) {
				if (attempt === 3) {
					throw error;
				}
				log(`command "${title}" not listed after attempt ${attempt}; opening the palette again`);
				await this.page.keyboard.press('Escape');
				continue;
			}
			await row.click();
			return;
		}
	}

	/**
	 * Opens the command palette and waits for its input box. Keys pressed while a webview has
	 * focus go to the webview's page, and a webview that finishes loading takes focus, so focus
	 * moves back to the workbench before each of up to three attempts.
	 */
	async openQuickInput(): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			await this.page.evaluate(() => {
				if (document.activeElement instanceof HTMLIFrameElement) {
					document.activeElement.blur();
				}
			});
			await this.page.keyboard.press('F1');
			try {
				await this.quickInputBox().waitFor({ timeout: 3_000 });
				return;
			} catch (error) {
				if (attempt === 3) {
					throw error;
				}
			}
		}
	}

	/** Moves the cursor of the focused text editor to a 1-based line and column. */
	async goToLine(line: number, column: number): Promise<void> {
		await this.openQuickInput();
		await this.quickInputBox().fill(`:${line}:${column}`);
		await this.page.keyboard.press('Enter');
		await this.quickInputBox().waitFor({ state: 'hidden' });
	}

	/** Returns the text box of the open quick input: command palette, input box or quick pick. */
	quickInputBox(): Locator {
		return this.page.locator('.quick-input-widget .quick-input-box input');
	}

	/**
	 * Returns the row of the open quick pick whose label is exactly `label`. A row's accessible name is its
	 * label, followed by ", <keybinding>" when the command has one.
	 */
	quickInputRow(label: string): Locator {
		const name = JSON.stringify(label);
		const withSuffix = JSON.stringify(`${label}, `);
		return this.page.locator(
			`.quick-input-widget .quick-input-list .monaco-list-row:is([aria-label=${name}], [aria-label^=${withSuffix}])`,
		);
	}

	/** Returns the validation or prompt message under the quick input's text box. */
	quickInputMessage(): Locator {
		return this.page.locator('.quick-input-widget .quick-input-message');
	}

	/**
	 * Returns the messages of notification toasts that contain `text`, once the toast has finished sliding in,
	 * so a screenshot shows it in full.
	 */
	notification(text: string | RegExp): Locator {
		return this.page
			.locator('.notifications-toasts .notification-toast.notification-fade-in-done')
			.locator('.notification-list-item-message')
			.filter({ hasText: text });
	}

	/** Returns the messages of the notification toasts on screen. */
	async notificationTexts(): Promise<string[]> {
		const toasts = this.page.locator('.notifications-toasts .notification-list-item-message');
		return (await toasts.allTextContents()).map((text) => text.trim());
	}

	/** Returns the rows of a side bar view, such as the Runs view, by the view's title. */
	viewRows(title: string): Locator {
		return this.page
			.locator('.pane')
			.filter({ has: this.page.locator('.pane-header h3.title').getByText(title, { exact: true }) })
			.locator('.pane-body .monaco-list-row');
	}

	/**
	 * Shows a view container of the activity bar, such as "Wireflow", by its title. Clicking the
	 * container that is already shown would hide the side bar, so that one is left alone.
	 */
	async showViewContainer(title: string): Promise<void> {
		const item = this.page.locator('.part.activitybar li.action-item').filter({
			has: this.page.locator(`a.action-label[aria-label=${JSON.stringify(title)}]`),
		});
		if (!((await item.getAttribute('class')) ?? '').split(' ').includes('checked')) {
			await item.click();
		}
	}

	/** Returns the row of a side bar view whose label is exactly `label`. */
	viewRow(viewTitle: string, label: string): Locator {
		return this.viewRows(viewTitle).filter({
			has: this.page.locator('.label-name').getByText(label, { exact: true }),
		});
	}

	/**
	 * Clicks an inline action of a view row, such as "Run Workflow", by its title. The workbench
	 * shows inline actions only while the pointer is over the row.
	 */
	async clickRowAction(row: Locator, action: string): Promise<void> {
		await row.hover();
		await row.locator(`.actions a.action-label[aria-label=${JSON.stringify(action)}]`).click();
	}

	/** Expands a collapsed view of the side bar, such as the Schedules view, by its title. */
	async expandView(title: string): Promise<void> {
		const header = this.page
			.locator('.pane-header')
			.filter({ has: this.page.locator('h3.title').getByText(title, { exact: true }) });
		if ((await header.getAttribute('aria-expanded')) !== 'true') {
			await header.click();
		}
	}

	/** Reads the page's clipboard, where commands put URLs and API keys. */
	async clipboardText(): Promise<string> {
		return this.page.evaluate(() => navigator.clipboard.readText());
	}

	/** Saves a PNG of the page as `<output folder>/<name>.png` and returns its path. */
	async screenshot(name: string): Promise<string> {
		mkdirSync(e2eSettings.outputFolder, { recursive: true });
		const file = path.join(e2eSettings.outputFolder, `${name}.png`);
		await this.page.screenshot({ path: file });
		return file;
	}
}
