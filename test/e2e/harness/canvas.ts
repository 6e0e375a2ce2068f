import type { FrameLocator, Locator, Page } from 'playwright-core';

/** A point in page coordinates, in CSS pixels. */
interface Point {
	x: number;
	y: number;
}

/** Helpers for the workflow canvas inside its webview. */
export class CanvasView {
	constructor(
		readonly page: Page,
		readonly frame: FrameLocator,
	) {}

	/** Returns the element of a node, by node id. */
	node(id: string): Locator {
		return this.frame.locator(`.wf-node[data-node-id=${JSON.stringify(id)}]`);
	}

	/** Returns the ids of the nodes on the canvas, in document order. */
	async nodeIds(): Promise<string[]> {
		return this.frame
			.locator('.wf-node')
			.evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.nodeId ?? ''));
	}

	/** Returns the connections that jsPlumb draws, one SVG element each. */
	connections(): Locator {
		return this.frame.locator('.jtk-connector');
	}

	/** Returns the configuration panel of the selected node. */
	panel(): Locator {
		return this.frame.locator('.wf-panel');
	}

	/** Returns a parameter's text box in the configuration panel, inside the toolkit's shadow DOM. */
	paramInput(name: string): Locator {
		return this.panel()
			.locator(`[data-param=${JSON.stringify(name)}]`)
			.locator('input, textarea');
	}

	/**
	 * Draws a connection the way a user does: presses on the output port of `fromId` closest to
	 * the node's right edge, and releases over node `toId`. jsPlumb follows pointer events, so
	 * the mouse moves in steps.
	 */
	async connect(fromId: string, toId: string): Promise<void> {
		const source = await this.node(fromId).boundingBox();
		const target = await this.node(toId).boundingBox();
		if (!source || !target) {
			throw new Error(`node ${source ? toId : fromId} is not on screen`);
		}
		const port = await this._nearestPort('.wf-port-out', {
			x: source.x + source.width,
			y: source.y + source.height / 2,
		});
		await this.page.mouse.move(port.x, port.y);
		await this.page.mouse.down();
		await this.page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, {
			steps: 12,
		});
		await this.page.mouse.move(target.x + 8, target.y + target.height / 2, { steps: 4 });
		await this.page.mouse.up();
	}

	/** Clicks an empty spot of the canvas, which gives it keyboard focus and clears the selection. */
	async clickBackground(): Promise<void> {
		await this.frame.locator('.wf-viewport').click({ position: { x: 20, y: 20 } });
	}

	private async _nearestPort(selector: string, near: Point): Promise<Point> {
		const ports = this.frame.locator(selector);
		let best: { point: Point; distance: number } | undefined;
		for (let index = 0; index < (await ports.count()); index++) {
			const box = await ports.nth(index).boundingBox();
			if (!box) {
				continue;
			}
			const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
			const distance = Math.hypot(point.x - near.x, point.y - near.y);
			if (!best || distance < best.distance) {
				best = { point, distance };
			}
		}
		if (!best) {
			throw new Error(`no ${selector} element on the canvas`);
		}
		return best.point;
	}
}
