import { OperationalError, UserError } from '../../shared/errors';
import type { ActionDefinition } from './types';

/** Time limit of one HTTP request when the node sets none, in milliseconds. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

/** Largest response body kept in a run record, in characters; longer text is cut. */
const MAX_BODY_CHARS = 5_000_000;

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

function buildUrl(url: unknown, query: unknown): URL {
	let parsed: URL;
	try {
		parsed = new URL(String(url));
	} catch {
		throw new UserError(
			'invalid_url',
			`Invalid URL "${String(url)}". Give an absolute http:// or https:// URL.`,
		);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new UserError(
			'invalid_url',
			`Unsupported URL scheme "${parsed.protocol}" in "${parsed.href}". Use http:// or https://.`,
		);
	}
	if (query && typeof query === 'object') {
		for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
			if (Array.isArray(value)) {
				value.forEach((item) => parsed.searchParams.append(name, String(item)));
			} else if (value !== undefined && value !== null) {
				parsed.searchParams.append(name, String(value));
			}
		}
	}
	return parsed;
}

/** Encodes a request body: a string as is, anything else as JSON with a JSON content type. */
export function encodeBody(
	body: unknown,
	headers: Headers,
	contentType = 'application/json',
): string | undefined {
	if (body === undefined || body === null) {
		return undefined;
	}
	if (typeof body === 'string') {
		return body;
	}
	if (!headers.has('content-type')) {
		headers.set('content-type', contentType);
	}
	return JSON.stringify(body);
}

async function decodeBody(response: Response, responseType: unknown): Promise<unknown> {
	const text = await response.text();
	const kept = text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) : text;
	const isJson =
		responseType === 'json' ||
		(responseType !== 'text' && /\bjson\b/i.test(response.headers.get('content-type') ?? ''));
	if (!isJson || kept === '') {
		return kept;
	}
	try {
		return JSON.parse(kept);
	} catch (error) {
		throw new OperationalError(
			'http_invalid_json',
			`The response of ${response.url} is not valid JSON: ${(error as Error).message}`,
			{
				status: response.status,
			},
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

export const httpAction: ActionDefinition = {
	type: 'core.http',
	title: 'HTTP Request',
	description: 'Sends an HTTP request and outputs the status, headers and body of the response.',
	category: 'Network',
	icon: 'globe',
	inputs: {
		type: 'object',
		properties: {
			method: {
				enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
				title: 'Method',
			},
			url: { type: 'string', title: 'URL' },
			headers: { type: 'object', title: 'Headers', additionalProperties: { type: 'string' } },
			query: { type: 'object', title: 'Query parameters' },
			body: { title: 'Body', description: 'A string is sent as is; anything else as JSON.' },
			timeoutMs: { type: 'integer', minimum: 1, title: 'Time limit (ms)' },
			responseType: { enum: ['auto', 'json', 'text'], title: 'Response type' },
			failOnErrorStatus: {
				type: 'boolean',
				title: 'Fail on error status',
				description: 'When true (the default), a status outside 200-299 fails the node.',
			},
		},
		required: ['url'],
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: { status: 200, headers: { 'content-type': 'application/json' }, body: { id: 1 } },
	defaultParams: { method: 'GET', url: 'https://example.com/' },
	async run({ params, signal }) {
		const url = buildUrl(params.url, params.query);
		const method = String(params.method ?? 'GET').toUpperCase() as HttpMethod;
		const headers = new Headers(
			Object.entries((params.headers ?? {}) as Record<string, unknown>).map(
				([name, value]): [string, string] => [name, String(value)],
			),
		);
		const body =
			method === 'GET' || method === 'HEAD' ? undefined : encodeBody(params.body, headers);
		const timeoutMs =
			typeof params.timeoutMs === 'number' ? params.timeoutMs : DEFAULT_HTTP_TIMEOUT_MS;
		const timeout = AbortSignal.timeout(timeoutMs);
		let response: Response;
		try {
			response = await fetch(url, {
				method,
				headers,
				body,
				signal: AbortSignal.any([signal, timeout]),
			});
		} catch (error) {
			if (signal.aborted) {
				throw signal.reason;
			}
			if (timeout.aborted) {
				throw new OperationalError(
					'http_timeout',
					`${method} ${url.href} got no response within ${timeoutMs} ms.`,
				);
			}
			const cause = (error as { cause?: { code?: string; message?: string } }).cause;
			throw new OperationalError(
				'http_request_failed',
				`${method} ${url.href} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}.`,
			);
		}
		const output = {
			status: response.status,
			headers: headerRecord(response.headers),
			body: await decodeBody(response, params.responseType),
		};
		if ((params.failOnErrorStatus ?? true) && (response.status < 200 || response.status > 299)) {
			throw new OperationalError(
				'http_status',
				`${method} ${url.href} returned HTTP ${response.status}. Set "failOnErrorStatus" to false to pass error responses on.`,
				{ status: response.status, body: output.body },
			);
		}
		return { output };
	},
};
