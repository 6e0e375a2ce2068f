import type { IncomingMessage } from 'node:http';
import querystring from 'node:querystring';

/** A request body that cannot be read; carries the HTTP status and code to answer with. */
export class RequestBodyError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * Parses a size such as `512kb`, `1mb` or `2048` (bytes); units are powers of 1024.
 * Returns undefined for text that is not a size.
 */
export function parseByteSize(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(text);
	if (!match) {
		return undefined;
	}
	const bytes = Math.floor(Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()]);
	return bytes > 0 ? bytes : undefined;
}

/** Media types read as JSON: `application/json` and any `+json` suffix type. */
function isJsonType(mediaType: string): boolean {
	return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** Splits a Content-Type header into its lower-case media type and charset. */
function parseContentType(header: string | undefined): { mediaType: string; charset?: string } {
	if (!header) {
		return { mediaType: '' };
	}
	const [type, ...parameters] = header.split(';');
	let charset: string | undefined;
	for (const parameter of parameters) {
		const [name, value] = parameter.split('=');
		if (name.trim().toLowerCase() === 'charset' && value) {
			charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
		}
	}
	return { mediaType: type.trim().toLowerCase(), charset };
}

function hasBody(request: IncomingMessage): boolean {
	const length = request.headers['content-length'];
	if (length !== undefined) {
		return length !== '0';
	}
	return request.headers['transfer-encoding'] !== undefined;
}

/**
 * Reads and parses a webhook request body: JSON (`application/json`, `*+json`), URL-encoded
 * forms and `text/*` (or no content type) as a string. A request without a body gives `{}`.
 * Rejects with a RequestBodyError: 413 past `limit` bytes, 415 for another media type, charset
 * or content encoding, 400 for a body that does not parse.
 */
export async function readRequestBody(request: IncomingMessage, limit: number): Promise<unknown> {
	if (!hasBody(request)) {
		return {};
	}
	const contentType = parseContentType(request.headers['content-type']);
	checkReadable(request, contentType, limit);
	const text = await readText(request, limit);
	return parseText(text, contentType.mediaType);
}

function checkReadable(
	request: IncomingMessage,
	contentType: { mediaType: string; charset?: string },
	limit: number,
): void {
	const declared = Number(request.headers['content-length']);
	if (declared > limit) {
		throw tooLarge(limit);
	}
	const encoding = request.headers['content-encoding'];
	if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
		throw new RequestBodyError(
			415,
			'unsupported_encoding',
			`Content-Encoding "${encoding}" is not supported; send the body uncompressed.`,
		);
	}
	const { mediaType, charset } = contentType;
	if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
		throw new RequestBodyError(
			415,
			'unsupported_charset',
			`Charset "${charset}" is not supported; send the body as UTF-8.`,
		);
	}
	const known =
		mediaType === '' ||
		isJsonType(mediaType) ||
		mediaType === 'application/x-www-form-urlencoded' ||
		mediaType.startsWith('text/');
	if (!known) {
		throw new RequestBodyError(
			415,
			'unsupported_media_type',
			`Content-Type "${mediaType}" is not supported; send application/json, application/x-www-form-urlencoded or text/*.`,
		);
	}
}

function tooLarge(limit: number): RequestBodyError {
	return new RequestBodyError(
		413,
		'body_too_large',
		`The request body is larger than the limit of ${limit} bytes.`,
	);
}

function readText(request: IncomingMessage, limit: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let received = 0;
		const onData = (chunk: Buffer) => {
			received += chunk.length;
			if (received > limit) {
				cleanup();
				reject(tooLarge(limit));
				return;
			}
			chunks.push(chunk);
		};
		const onEnd = () => {
			cleanup();
			const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
			resolve(body.toString('utf8'));
		};
		const onError = (error: Error) => {
			cleanup();
			reject(
				new RequestBodyError(
					400,
					'request_aborted',
					`The request body was cut off: ${error.message}`,
				),
			);
		};
		const onClose = () => {
			if (!request.complete) {
				onError(new Error('the connection closed'));
			}
		};
		const cleanup = () => {
			request.off('data', onData);
			request.off('end', onEnd);
			request.off('error', onError);
			request.off('close', onClose);
		};
		request.on('data', onData);
		request.on('end', onEnd);
		request.on('error', onError);
		request.on('close', onClose);
	});
}

function parseText(text: string, mediaType: string): unknown {
	if (isJsonType(mediaType)) {
		if (text.trim() === '') {
			return {};
		}
		try {
			return JSON.parse(text);
		} catch (error) {
			throw new RequestBodyError(
				400,
				'invalid_body',
				`Invalid JSON body: ${(error as Error).message}`,
			);
		}
	}
	if (mediaType === 'application/x-www-form-urlencoded') {
		return { ...querystring.parse(text) };
	}
	return text;
}
