/**
 * The host side of the webhook trigger panel that needs no `vscode`: the URL a test request
 * goes to, the curl commands the panel copies, the request itself and the search for the run
 * it started. Kept apart so unit tests run it against a real webhook server.
 */
import { UserError, errorMessage } from '../../shared/errors';
import type { RunRecord } from '../../shared/model';
import type { WebhookTestResponse } from '../../shared/protocol';
import { normalizeWebhookPath } from '../../triggers/webhookRegistry';

/** Shell variable the copied curl command reads the API key from. */
export const API_KEY_PLACEHOLDER = '$WIREFLOW_API_KEY';

/** Maximum response body the panel shows, in characters; the rest is cut. */
export const MAX_SHOWN_BODY_CHARS = 64 * 1024;

/**
 * Error codes the webhook server returns when it rejects a request before a run
 * starts: key, path, method, load and body checks.
 */
const REJECTION_CODES = new Set([
	'missing_api_key',
	'invalid_api_key',
	'webhook_not_found',
	'webhook_not_enabled',
	'method_not_allowed',
	'too_many_runs',
	'server_stopping',
	'unsupported_encoding',
	'unsupported_charset',
	'unsupported_media_type',
	'body_too_large',
	'request_aborted',
	'invalid_body',
	'not_found',
]);

const WILDCARD_HOSTS: Record<string, string> = { '0.0.0.0': '127.0.0.1', '[::]': '[::1]' };

/**
 * Returns the URL a test request from the extension host uses: the webhook URL, with a
 * wildcard listen address replaced by the loopback address. Throws a UserError when the server
 * listens on an address other than this machine's loopback, since test requests stay local.
 */
export function testRequestUrl(baseUrl: string, webhookPath: string): string {
	const url = new URL(baseUrl);
	url.hostname = WILDCARD_HOSTS[url.hostname] ?? url.hostname;
	if (!isLoopback(url.hostname)) {
		throw new UserError(
			'webhook_not_local',
			`The webhook server listens on ${url.hostname}, and test requests only go to 127.0.0.1. Set "wireflow.webhook.host" to 127.0.0.1 or 0.0.0.0 to send them.`,
		);
	}
	return `${url.href}${normalizeWebhookPath(webhookPath)}`;
}

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** What a curl command sends: the method, URL, JSON body and the API key or its placeholder. */
export interface CurlRequest {
	method: string;
	url: string;
	/** JSON text; written on one line when it parses. Left out for GET. */
	body?: string;
	/** The key itself; the command reads `$WIREFLOW_API_KEY` when it is missing. */
	apiKey?: string;
}

/** Builds a curl command for a POSIX shell that sends the request with the key in a header. */
export function curlCommand(request: CurlRequest): string {
	const keyHeader =
		request.apiKey === undefined
			? `"X-API-Key: ${API_KEY_PLACEHOLDER}"`
			: shellQuote(`X-API-Key: ${request.apiKey}`);
	const parts = ['curl', '-X', request.method, shellQuote(request.url), '-H', keyHeader];
	if (request.body !== undefined && request.method !== 'GET') {
		parts.push('-H', shellQuote('Content-Type: application/json'));
		parts.push('--data-raw', shellQuote(compactJson(request.body)));
	}
	return parts.join(' ');
}

/** Quotes a word for a POSIX shell: single quotes, with each `'` written as `'\''`. */
function shellQuote(word: string): string {
	return `'${word.replace(/'/g, `'\\''`)}'`;
}

function compactJson(text: string): string {
	try {
		return JSON.stringify(JSON.parse(text));
	} catch {
		return text;
	}
}

/** A test request to a webhook of the local server. */
export interface TestRequest {
	method: string;
	url: string;
	apiKey: string;
	/** JSON text; left out for GET. */
	body?: string;
	/** Time limit of the whole exchange, in milliseconds. */
	timeoutMs: number;
}

/**
 * Sends a test request with the key in the X-API-Key header and returns the response as the
 * panel shows it. Throws an OperationalError when no response arrives in time or the
 * connection fails.
 */
export async function sendTestRequest(request: TestRequest): Promise<WebhookTestResponse> {
	const hasBody = request.body !== undefined && request.method !== 'GET';
	const started = performance.now();
	let response: Response;
	let text: string;
	try {
		response = await fetch(request.url, {
			method: request.method,
			headers: {
				'x-api-key': request.apiKey,
				...(hasBody ? { 'content-type': 'application/json' } : {}),
			},
			body: hasBody ? request.body : undefined,
			signal: AbortSignal.timeout(request.timeoutMs),
			redirect: 'manual',
		});
		text = await response.text();
	} catch (error) {
		throw requestError(request, error);
	}
	const durationMs = Math.round(performance.now() - started);
	const parsed = parseJson(text);
	const shown = parsed === undefined ? text : JSON.stringify(parsed, null, 2);
	return {
		method: request.method,
		url: request.url,
		status: response.status,
		statusText: response.statusText,
		headers: [...response.headers],
		body: shown.slice(0, MAX_SHOWN_BODY_CHARS),
		bodyTruncated: shown.length > MAX_SHOWN_BODY_CHARS,
		durationMs,
		startedRun: !REJECTION_CODES.has(errorCodeOf(parsed) ?? ''),
		runId: response.status === 202 ? runIdOf(parsed) : undefined,
	};
}

function requestError(request: TestRequest, error: unknown): UserError {
	const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
	const cause = (error as { cause?: { code?: string } }).cause?.code;
	if (timedOut) {
		return new UserError(
			'test_request_timeout',
			`${request.method} ${request.url} got no response within ${request.timeoutMs} ms. The run may still be going; check the run history.`,
		);
	}
	return new UserError(
		'test_request_failed',
		`${request.method} ${request.url} failed: ${cause ?? errorMessage(error)}. Check that the webhook server is running.`,
	);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function errorCodeOf(body: unknown): string | undefined {
	const error = (body as { error?: { code?: unknown } } | undefined)?.error;
	return typeof error?.code === 'string' ? error.code : undefined;
}

function runIdOf(body: unknown): string | undefined {
	const runId = (body as { runId?: unknown } | undefined)?.runId;
	return typeof runId === 'string' ? runId : undefined;
}

/** The run history as far as finding a test request's run needs it. */
export interface RunHistory {
	get(runId: string): RunRecord | undefined;
	/** Runs of a workflow file, newest first. */
	list(filter: { workflowFile: string; limit: number }): RunRecord[];
	/** Calls `listener` when a run is recorded; returns a function that stops the calls. */
	onDidChange(listener: () => void): () => void;
}

/** Which run a test request started: its id when the server returned it, else the newest one. */
export interface RunMatch {
	workflowFile: string;
	runId?: string;
	/** ISO time just before the request was sent; the run started after it. */
	sentAt: string;
}

/** Returns the recorded run a test request started, or undefined when it is not recorded yet. */
export function findTestRun(history: RunHistory, match: RunMatch): RunRecord | undefined {
	if (match.runId) {
		return history.get(match.runId);
	}
	const [newest] = history.list({ workflowFile: match.workflowFile, limit: 1 });
	return newest && newest.startedAt >= match.sentAt ? newest : undefined;
}

/**
 * Waits until the run a test request started is recorded, which happens when it ends.
 * Resolves with undefined when `timeoutMs` passes or `signal` aborts first.
 */
export function waitForTestRun(
	history: RunHistory,
	match: RunMatch,
	timeoutMs: number,
	signal?: AbortSignal,
): Promise<RunRecord | undefined> {
	return new Promise((resolve) => {
		const check = () => {
			const run = findTestRun(history, match);
			if (run) {
				finish(run);
			}
		};
		const finish = (run: RunRecord | undefined) => {
			stopListening();
			clearTimeout(timer);
			signal?.removeEventListener('abort', abort);
			resolve(run);
		};
		const abort = () => finish(undefined);
		const stopListening = history.onDidChange(check);
		const timer = setTimeout(() => finish(undefined), timeoutMs);
		signal?.addEventListener('abort', abort);
		if (signal?.aborted) {
			abort();
			return;
		}
		check();
	});
}
