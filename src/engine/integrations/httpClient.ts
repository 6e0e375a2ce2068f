import type { AccountData } from '../../shared/accounts';
import { CancellationError, OperationalError, UserError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { abortableDelay } from '../actions/delay';
import { encodeBody } from '../actions/http';
import type { HttpProfile, HttpRequest, HttpResponse } from './types';

/** Content type of JSON bodies. Slack, among others, expects the charset. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Attempts of a request that keeps getting HTTP 429, the first one included. */
export const MAX_RATE_LIMIT_ATTEMPTS = 3;

/** Longest `Retry-After` wait honoured, in milliseconds; a longer one fails at once. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Wait before retrying a 429 that has no `Retry-After` header, in milliseconds. */
const DEFAULT_RETRY_AFTER_MS = 1000;

/** Largest response body read, in characters; longer text is cut before parsing. */
const MAX_BODY_CHARS = 5_000_000;

/** Sender of a request: its label, integration profile, account, signal and limits. */
export interface RequestOrigin {
	/** Integration and operation, such as `Slack Post Message`. */
	label: string;
	profile: HttpProfile | undefined;
	account: AccountData | undefined;
	signal: AbortSignal;
	logger: Logger;
	timeoutMs: number;
}

/**
 * Sends one operation request: resolves the URL against the account's base URL, adds auth and
 * the integration's headers, retries HTTP 429 after `Retry-After`, parses JSON, and turns
 * error statuses and error bodies into errors with stable codes.
 */
export async function sendRequest(
	request: HttpRequest,
	origin: RequestOrigin,
): Promise<HttpResponse> {
	const url = requestUrl(request, origin);
	const headers = requestHeaders(request, origin);
	const body = encodeBody(request.body, headers, JSON_CONTENT_TYPE);
	for (let attempt = 1; ; attempt++) {
		const response = await fetchOnce(url, request.method, headers, body, origin);
		if (response.status === 429 && attempt < MAX_RATE_LIMIT_ATTEMPTS) {
			const waitMs = retryAfterMs(response.headers['retry-after']);
			if (waitMs !== undefined && waitMs <= MAX_RETRY_AFTER_MS) {
				origin.logger.warn('rate limited, retrying', { operation: origin.label, attempt, waitMs });
				await abortableDelay(waitMs, origin.signal);
				continue;
			}
		}
		checkResponse(response, request, origin);
		return response;
	}
}

/** Returns the wait a `Retry-After` header requests (seconds or an HTTP date), in ms. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
	if (header === undefined || header.trim() === '') {
		return DEFAULT_RETRY_AFTER_MS;
	}
	const seconds = Number(header);
	if (Number.isFinite(seconds) && seconds >= 0) {
		return seconds * 1000;
	}
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function requestUrl(request: HttpRequest, origin: RequestOrigin): URL {
	const isAbsolute = /^https?:\/\//i.test(request.path);
	let url: URL;
	try {
		url = new URL(isAbsolute ? request.path : `${baseUrlOf(origin)}${request.path}`);
	} catch {
		throw new UserError(
			'invalid_url',
			`${origin.label}: the URL built from the account and params is invalid. Check the account's base URL and the params.`,
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new UserError(
			'invalid_url',
			`${origin.label}: unsupported URL scheme "${url.protocol}". Use http:// or https://.`,
		);
	}
	const account = origin.account;
	const query = {
		...(account && origin.profile?.query ? origin.profile.query(account) : {}),
		...request.query,
		...authQuery(account),
	};
	for (const [name, value] of Object.entries(query)) {
		if (Array.isArray(value)) {
			value.forEach((item) => url.searchParams.append(name, String(item)));
		} else if (value !== undefined && value !== null && value !== '') {
			url.searchParams.set(name, String(value));
		}
	}
	return url;
}

function baseUrlOf(origin: RequestOrigin): string {
	if (!origin.profile) {
		throw new UserError(
			'invalid_url',
			`${origin.label}: the request has no absolute URL and the integration has no base URL.`,
		);
	}
	return origin.profile.baseUrl(origin.account).replace(/\/+$/, '');
}

function requestHeaders(request: HttpRequest, origin: RequestOrigin): Headers {
	const headers = new Headers({ 'user-agent': 'wireflow', ...origin.profile?.headers });
	for (const [name, value] of Object.entries(request.headers ?? {})) {
		headers.set(name, value);
	}
	const account = origin.account;
	const fields = account?.fields ?? {};
	switch (account?.auth) {
		case 'bearer':
			headers.set('authorization', `Bearer ${fields.token ?? ''}`);
			break;
		case 'basic': {
			const credentials = `${fields.username ?? ''}:${fields.password ?? ''}`;
			headers.set('authorization', `Basic ${Buffer.from(credentials).toString('base64')}`);
			break;
		}
		case 'apiKeyHeader':
			headers.set(fields.headerName || 'x-api-key', fields.apiKey ?? '');
			break;
	}
	return headers;
}

function authQuery(account: AccountData | undefined): Record<string, string> {
	if (account?.auth !== 'apiKeyQuery') {
		return {};
	}
	return { [account.fields.paramName || 'api_key']: account.fields.apiKey ?? '' };
}

async function fetchOnce(
	url: URL,
	method: string,
	headers: Headers,
	body: string | undefined,
	origin: RequestOrigin,
): Promise<HttpResponse> {
	const timeout = AbortSignal.timeout(origin.timeoutMs);
	const signal = AbortSignal.any([origin.signal, timeout]);
	try {
		const response = await fetch(url, { method, headers, body, signal });
		const text = (await response.text()).slice(0, MAX_BODY_CHARS);
		const responseHeaders = headerRecord(response.headers);
		return {
			status: response.status,
			headers: responseHeaders,
			body: parseBody(text, responseHeaders['content-type'], response.status, origin),
			url: response.url,
		};
	} catch (error) {
		if (origin.signal.aborted) {
			throw origin.signal.reason ?? new CancellationError();
		}
		if (timeout.aborted) {
			throw new OperationalError(
				'integration_timeout',
				`${origin.label} got no response within ${origin.timeoutMs} ms. Retry later, or raise the node's "timeoutMs".`,
			);
		}
		if (error instanceof OperationalError) {
			throw error;
		}
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		throw new OperationalError(
			'integration_request_failed',
			`${origin.label} could not reach ${url.host}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`,
		);
	}
}

function parseBody(
	text: string,
	contentType: string | undefined,
	status: number,
	origin: RequestOrigin,
): unknown {
	if (text === '' || !/\bjson\b/i.test(contentType ?? '')) {
		return text;
	}
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new OperationalError(
			'integration_invalid_response',
			`${origin.label} got a response that is not valid JSON (HTTP ${status}): ${(error as Error).message}.`,
			{ status },
		);
	}
}

function headerRecord(headers: Headers): Record<string, string> {
	const record: Record<string, string> = {};
	headers.forEach((value, name) => {
		record[name] = value;
	});
	return record;
}

/** Throws the error that an error status or an error body stands for. */
function checkResponse(response: HttpResponse, request: HttpRequest, origin: RequestOrigin): void {
	const { status, body } = response;
	if (status >= 200 && status <= 299) {
		const bodyError = origin.profile?.bodyError?.(body);
		if (bodyError !== undefined) {
			throw new OperationalError('integration_api_error', `${origin.label} failed: ${bodyError}.`, {
				status,
				error: bodyError,
			});
		}
		return;
	}
	const detail = origin.profile?.errorDetail?.(body) ?? origin.profile?.bodyError?.(body);
	const said = detail ? `: ${detail}` : '';
	const where = /^https?:\/\//i.test(request.path)
		? ''
		: ` for ${request.method} ${pathOnly(request.path)}`;
	const details = { status, body };
	if (status === 401 || status === 403) {
		throw new OperationalError(
			'integration_unauthorized',
			`${origin.label} was refused with HTTP ${status}${where}${said}. Check the credentials and permissions of account "${origin.account?.name ?? ''}"; the Wireflow: Test Account command checks them.`,
			details,
		);
	}
	if (status === 404) {
		throw new OperationalError(
			'integration_not_found',
			`${origin.label} returned HTTP 404${where}${said}. Check the ids and names in the node's params.`,
			details,
		);
	}
	if (status === 429) {
		throw new OperationalError(
			'integration_rate_limited',
			`${origin.label} is still rate limited (HTTP 429) after ${MAX_RATE_LIMIT_ATTEMPTS} attempts${said}. Retry later, or give the node a retry policy with a longer delay.`,
			{ ...details, retryAfter: response.headers['retry-after'] },
		);
	}
	throw new OperationalError(
		'integration_http_status',
		`${origin.label} returned HTTP ${status}${where}${said}.`,
		details,
	);
}

function pathOnly(path: string): string {
	return path.split('?')[0];
}

/** Returns the account's `baseUrl` field when set, or the service's public URL. */
export function accountBaseUrl(account: AccountData | undefined, fallback: string): string {
	const custom = account?.fields.baseUrl?.trim();
	return custom ? custom : fallback;
}
