/**
 * Routes `setAttribute('style', …)` through the CSSOM. jsPlumb 6.2.10 positions its SVG
 * connectors by writing `style` attributes, which the webview's Content Security Policy blocks
 * without `'unsafe-inline'`. Assigning `style.cssText` is allowed and has the same effect.
 * Import this module before anything that creates elements.
 */
const setAttribute = Element.prototype.setAttribute;

Element.prototype.setAttribute = function (this: Element, name: string, value: string): void {
	if (
		name.toLowerCase() === 'style' &&
		(this instanceof HTMLElement || this instanceof SVGElement)
	) {
		this.style.cssText = value;
		return;
	}
	setAttribute.call(this, name, value);
};

export {};
