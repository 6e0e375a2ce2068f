/** Addresses and secrets the webview page needs; plain strings, so tests can build the page. */
export interface WebviewPageOptions {
	/** The webview's `cspSource`, the origin its resources load from. */
	cspSource: string;
	/** A fresh random value per page; only scripts carrying it run. */
	nonce: string;
	scriptUri: string;
	styleUri: string;
	title: string;
}

/**
 * Builds the HTML of the workflow editor webview. The Content Security Policy allows scripts only
 * with the page's nonce and loads styles, fonts and images only from the extension's resources.
 * The toolkit's feature check adds one `<style>` element, which carries the nonce from the
 * `csp-nonce` meta tag, so styles allow the nonce too.
 */
export function renderWebviewHtml(options: WebviewPageOptions): string {
	const { cspSource, nonce, scriptUri, styleUri, title } = options;
	const csp = [
		`default-src 'none'`,
		`img-src ${cspSource} data:`,
		`style-src ${cspSource} 'nonce-${nonce}'`,
		`font-src ${cspSource}`,
		`script-src 'nonce-${nonce}'`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${csp}">
	<meta property="csp-nonce" content="${nonce}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	<link rel="stylesheet" href="${escapeAttribute(styleUri)}" id="vscode-codicon-stylesheet">
	<title>${escapeText(title)}</title>
</head>
<body>
	<div id="root"></div>
	<script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>`;
}

/** Returns a random nonce of 32 letters and digits. */
export function createNonce(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.getRandomValues(new Uint8Array(32));
	return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

function escapeAttribute(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
