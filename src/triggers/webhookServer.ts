import { randomUUID } from 'node:crypto';
import { type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import querystring from 'node:querystring';
import express, { type NextFunction, type Request, type Response } from 'express';
import { WorkflowFileCache, runWorkflow } from '../engine';
import type { AccountResolver } from '../shared/accounts';
import { OperationalError, errorCode, errorMessage } from '../shared/errors';
import { type Logger, silentLogger } from '../shared/logger';
import type { RunRecord, WebhookResponse } from '../shared/model';
import { type ApiKeyProvider, isAcceptedKey } from './apiKeys';
import { RequestBodyError, readRequestBody } from './requestBody';
import { settleWithin } from './settleWithin';
import {
	KEY_PATH_SEGMENT,
	type WebhookRegistration,
	WebhookRegistry,
	normalizeWebhookPath,
} from './webhookRegistry';

/** Defaults of the options below. */
export const WEBHOOK_DEFAULTS = {
	host: '127.0.0.1',
	port: 8787,
	maxBodyBytes: 1024 * 1024,
	concurrency: 100,
	responseTimeoutMs: 30_000,
	stopTimeoutMs: 10_000,
} as const;

/** Retry-After value of a 429 response, in seconds. */
const RETRY_AFTER_SECONDS = 1;

/** Query parameter and headers that may carry the API key; none of them reaches a run record. */
const KEY_QUERY_PARAMETER = 'apiKey';
const KEY_HEADER = 'x-api-key';
const BEARER_PATTERN = /^Bearer\s+(\S+)\s*$/i;

export interface WebhookServerOptions {
	/** Accepted API keys, as SHA-256 hashes. */
	keys: ApiKeyProvider;
	/** Interface to listen on. Defaults to 127.0.0.1, so nothing outside the machine connects. */
	host?: string;
	/** TCP port; 0 picks a free one. Defaults to 8787. */
	port?: number;
	/** Name of the setting that changes the port, used in the "port in use" error. */
	portSetting?: string;
	logger?: Logger;
	/** Largest request body accepted, in bytes. Defaults to 1 MiB. */
	maxBodyBytes?: number;
	/** Runs in flight at once; past it requests get 429. Defaults to 100. */
	concurrency?: number;
	/** Time to wait for a `core.respond` node before sending 504, in milliseconds. Defaults to 30 s. */
	responseTimeoutMs?: number;
	/** Wait for runs in flight when stopping before they are cancelled, in ms. Defaults to 10 s. */
	stopTimeoutMs?: number;
	/** Called once for every webhook run when it ends, successful or not, to record it. */
	onRun?(record: RunRecord, registration: WebhookRegistration): void;
	/** Accounts that integration nodes of the runs name. */
	accounts?: AccountResolver;
}

/** A request that was turned away, with the status and error body it gets. */
class Rejection {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly message: string,
		readonly headers: Record<string, string> = {},
	) {}
}

/** Parts of a request URL under `/webhook`: the webhook path, the API key and the query. */
interface ParsedUrl {
	path: string;
	key: string | undefined;
	query: Record<string, unknown>;
}

/**
 * The local webhook server: routes `/webhook/<path>` to registered workflows, checks the API
 * key and runs the workflow. Used by the extension host and by `wireflow serve`.
 */
export class WebhookServer {
	readonly registry = new WebhookRegistry();
	private readonly _app = express();
	private readonly _logger: Logger;
	private readonly _engineLogger: Logger;
	private readonly _files = new WorkflowFileCache();
	private readonly _runs = new Set<Promise<void>>();
	private _cancel = new AbortController();
	private readonly _options: Required<Omit<WebhookServerOptions, 'onRun' | 'logger' | 'accounts'>>;
	private _server: Server | undefined;
	private _stopping = false;

	constructor(private readonly _init: WebhookServerOptions) {
		this._logger = _init.logger ?? silentLogger;
		this._engineLogger = demoteInfo(this._logger);
		this._options = {
			keys: _init.keys,
			host: _init.host ?? WEBHOOK_DEFAULTS.host,
			port: _init.port ?? WEBHOOK_DEFAULTS.port,
			portSetting: _init.portSetting ?? 'the "wireflow.webhook.port" setting',
			maxBodyBytes: _init.maxBodyBytes ?? WEBHOOK_DEFAULTS.maxBodyBytes,
			concurrency: _init.concurrency ?? WEBHOOK_DEFAULTS.concurrency,
			responseTimeoutMs: _init.responseTimeoutMs ?? WEBHOOK_DEFAULTS.responseTimeoutMs,
			stopTimeoutMs: _init.stopTimeoutMs ?? WEBHOOK_DEFAULTS.stopTimeoutMs,
		};
		this.configureApp();
	}

	/** Runs in flight. */
	get activeRuns(): number {
		return this._runs.size;
	}

	/** The address the server listens on, once started. */
	get address(): AddressInfo | undefined {
		const address = this._server?.address();
		return address && typeof address === 'object' ? address : undefined;
	}

	/** Base URL of the webhooks, such as `http://127.0.0.1:8787/webhook/`, once started. */
	get baseUrl(): string | undefined {
		const address = this.address;
		if (!address) {
			return undefined;
		}
		const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
		return `http://${host}:${address.port}/webhook/`;
	}

	/**
	 * Starts listening. Rejects with an OperationalError when the port is in use or not
	 * allowed, naming the port and the setting that changes it.
	 */
	async start(): Promise<AddressInfo> {
		if (this._server) {
			return this.address as AddressInfo;
		}
		const { host, port } = this._options;
		const server = createServer(this._app);
		await new Promise<void>((resolve, reject) => {
			server.once('error', (error) => reject(this.listenError(error, host, port)));
			server.listen(port, host, () => resolve());
		});
		server.on('error', (error) =>
			this._logger.error('webhook server error', { error: error.message }),
		);
		this._server = server;
		this._stopping = false;
		this._cancel = new AbortController();
		const address = this.address as AddressInfo;
		this._logger.info('webhook server started', { host: address.address, port: address.port });
		return address;
	}

	/**
	 * Stops accepting requests, waits up to `stopTimeoutMs` for runs in flight, then cancels
	 * those still running and closes every connection. Each run is still passed to `onRun`.
	 */
	async stop(): Promise<void> {
		const server = this._server;
		if (!server) {
			return;
		}
		this._stopping = true;
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
		server.closeIdleConnections();
		const finished = await settleWithin([...this._runs], this._options.stopTimeoutMs);
		if (!finished) {
			this._logger.warn('runs still going at stop, cancelling them', { runs: this._runs.size });
			this._cancel.abort();
			await settleWithin([...this._runs], this._options.stopTimeoutMs);
		}
		server.closeAllConnections();
		await closed;
		this._server = undefined;
		this._logger.info('webhook server stopped', {});
	}

	private configureApp(): void {
		const app = this._app;
		app.disable('x-powered-by');
		app.set('etag', false);
		app.use('/webhook', (request: Request, response: Response) => {
			this.handle(request, response).catch((error) => this.handleCrash(response, error));
		});
		app.use((_request: Request, response: Response) => {
			sendError(
				response,
				new Rejection(404, 'not_found', 'Webhooks are served under /webhook/<path>.'),
			);
		});
		app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
			this.handleCrash(response, error);
		});
	}

	private async handle(request: Request, response: Response): Promise<void> {
		if (this._stopping) {
			response.setHeader('connection', 'close');
			sendError(response, new Rejection(503, 'server_stopping', 'The webhook server is stopping.'));
			return;
		}
		const url = parseUrl(request.url);
		const registration = this.admit(request, url);
		if (registration instanceof Rejection) {
			this._logger.debug('webhook request rejected', {
				path: url.path,
				status: registration.status,
			});
			sendError(response, registration);
			return;
		}
		let body: unknown;
		try {
			body = await readRequestBody(request, this._options.maxBodyBytes);
		} catch (error) {
			if (!(error instanceof RequestBodyError)) {
				throw error;
			}
			if (error.status === 413) {
				// The rest of an oversized body is not read, so the connection cannot be reused.
				response.setHeader('connection', 'close');
			}
			sendError(response, new Rejection(error.status, error.code, error.message));
			return;
		}
		const trigger = {
			method: request.method,
			path: registration.path,
			headers: recordedHeaders(request.headers),
			query: url.query,
			body,
		};
		this.startRun(registration, trigger, response);
	}

	/** Checks key, path, method and load, in that order, so unknown paths need a key too. */
	private admit(request: Request, url: ParsedUrl): WebhookRegistration | Rejection {
		const key = url.key ?? keyFromHeaders(request.headers);
		if (key === undefined) {
			return unauthorized(
				'missing_api_key',
				'An API key is required: send it in the X-API-Key header, as "Authorization: Bearer <key>" or as ?apiKey=.',
			);
		}
		if (!isAcceptedKey(key, this._options.keys())) {
			return unauthorized(
				'invalid_api_key',
				'The API key is not valid; check it or create a new one.',
			);
		}
		const registration = this.registry.lookup(url.path);
		if (!registration) {
			return new Rejection(
				404,
				'webhook_not_found',
				`No webhook is registered at /webhook/${url.path}.`,
			);
		}
		if (!registration.enabled) {
			return new Rejection(
				404,
				'webhook_not_enabled',
				`The webhook /webhook/${url.path} exists but is not enabled; enable its workflow to serve it.`,
			);
		}
		if (!registration.methods.has(request.method)) {
			const allowed = [...registration.methods].join(', ');
			return new Rejection(
				405,
				'method_not_allowed',
				`The webhook /webhook/${url.path} accepts ${allowed}, not ${request.method}.`,
				{ allow: allowed },
			);
		}
		if (this._runs.size >= this._options.concurrency) {
			return new Rejection(
				429,
				'too_many_runs',
				`${this._options.concurrency} runs are already in flight; retry later.`,
				{ 'retry-after': String(RETRY_AFTER_SECONDS) },
			);
		}
		return registration;
	}

	private startRun(registration: WebhookRegistration, trigger: object, response: Response): void {
		const runId = randomUUID();
		const exchange = new Exchange(response, () => this._stopping);
		let timer: NodeJS.Timeout | undefined;
		if (registration.responds) {
			timer = setTimeout(
				() => exchange.timeout(runId, this._options.responseTimeoutMs),
				this._options.responseTimeoutMs,
			);
		}
		const run = runWorkflow(registration.plan, {
			trigger: { kind: 'webhook', data: trigger },
			runId,
			signal: this._cancel.signal,
			logger: this._engineLogger,
			workspaceRoot: registration.workspaceRoot,
			files: this._files,
			accounts: this._init.accounts,
			onRespond: registration.responds ? (reply) => exchange.respond(reply) : undefined,
		});
		if (!registration.responds) {
			exchange.accept(runId);
		}
		const done = run
			.catch((error) => crashedRecord(registration, runId, trigger, error))
			.then((record) => {
				clearTimeout(timer);
				this._runs.delete(done);
				exchange.finish(record);
				this.record(record, registration);
			});
		this._runs.add(done);
	}

	private record(record: RunRecord, registration: WebhookRegistration): void {
		try {
			this._init.onRun?.(record, registration);
		} catch (error) {
			this._logger.error('run hook failed', { runId: record.id, error: errorMessage(error) });
		}
	}

	private handleCrash(response: ServerResponse, error: unknown): void {
		this._logger.error('webhook request failed', {
			error: errorMessage(error),
			stack: (error as Error)?.stack,
		});
		if (!response.headersSent) {
			sendError(
				response,
				new Rejection(500, 'internal_error', 'The webhook server failed on this request.'),
			);
		} else {
			response.destroy();
		}
	}

	private listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
		const setting = this._options.portSetting;
		if (error.code === 'EADDRINUSE') {
			return new OperationalError(
				'port_in_use',
				`Port ${port} on ${host} is already in use. Stop the program using it, or choose another port with ${setting}.`,
				{ host, port },
			);
		}
		if (error.code === 'EACCES') {
			return new OperationalError(
				'port_not_allowed',
				`Listening on port ${port} on ${host} is not allowed. Choose a port above 1023 with ${setting}.`,
				{ host, port },
			);
		}
		if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
			return new OperationalError(
				'host_not_available',
				`Cannot listen on ${host}: no such local address. Use 127.0.0.1 or an address of this machine.`,
				{ host, port },
			);
		}
		return new OperationalError(
			'listen_failed',
			`Cannot listen on ${host}:${port}: ${error.message}`,
			{ host, port },
		);
	}
}

/**
 * The response to one webhook request. Sends exactly once: 202 at once, the respond node's
 * response, 504 on timeout, or an error when the run ends without responding.
 */
class Exchange {
	private _sent = false;

	constructor(
		private readonly _response: ServerResponse,
		private readonly _isStopping: () => boolean,
	) {}

	accept(runId: string): void {
		this.send(202, { runId });
	}

	respond(reply: WebhookResponse): void {
		if (this._sent) {
			return;
		}
		this._sent = true;
		try {
			writeReply(this._response, reply, this.closing());
		} catch (error) {
			// Header names or values the node computed may be invalid for HTTP.
			this._sent = false;
			this.reject(
				new Rejection(
					500,
					'invalid_response',
					`The respond node produced an invalid response: ${errorMessage(error)}`,
				),
			);
		}
	}

	timeout(runId: string, timeoutMs: number): void {
		this.reject(
			new Rejection(
				504,
				'response_timeout',
				`The run ${runId} did not reach its respond node within ${timeoutMs} ms; it keeps running.`,
			),
		);
	}

	finish(record: RunRecord): void {
		if (this._sent) {
			return;
		}
		if (record.status === 'succeeded') {
			this.reject(
				new Rejection(
					500,
					'no_response',
					`The run ${record.id} ended without reaching a respond node.`,
				),
			);
			return;
		}
		const code = record.error?.code ?? 'run_failed';
		this.reject(
			new Rejection(
				500,
				code,
				`The run ${record.id} ${record.status}: ${record.error?.message ?? 'no error recorded'}`,
			),
		);
	}

	private send(status: number, body: unknown): void {
		if (this._sent) {
			return;
		}
		this._sent = true;
		sendJson(this._response, status, body, this.closing());
	}

	private reject(rejection: Rejection): void {
		if (this._sent) {
			return;
		}
		this._sent = true;
		if (this._isStopping()) {
			this._response.setHeader('connection', 'close');
		}
		sendError(this._response, rejection);
	}

	/** Asks the client to close the connection once the server is stopping. */
	private closing(): Record<string, string> {
		return this._isStopping() ? { connection: 'close' } : {};
	}
}

function unauthorized(code: string, message: string): Rejection {
	return new Rejection(401, code, message, { 'www-authenticate': 'Bearer realm="wireflow"' });
}

/** Splits the URL under `/webhook`: the key-in-path form `/k/<key>/<path>`, then the query. */
function parseUrl(url: string): ParsedUrl {
	const queryStart = url.indexOf('?');
	let path = queryStart === -1 ? url : url.slice(0, queryStart);
	let key: string | undefined;
	const keyPrefix = `/${KEY_PATH_SEGMENT}/`;
	if (path.startsWith(keyPrefix)) {
		const keyEnd = path.indexOf('/', keyPrefix.length);
		if (keyEnd > keyPrefix.length) {
			key = safeDecode(path.slice(keyPrefix.length, keyEnd));
			path = path.slice(keyEnd);
		}
	}
	const query: Record<string, unknown> = {};
	if (queryStart !== -1) {
		Object.assign(query, querystring.parse(url.slice(queryStart + 1)));
		const fromQuery = query[KEY_QUERY_PARAMETER];
		delete query[KEY_QUERY_PARAMETER];
		if (key === undefined && fromQuery !== undefined) {
			key = typeof fromQuery === 'string' ? fromQuery : '';
		}
	}
	return { path: normalizeWebhookPath(path.includes('%') ? safeDecode(path) : path), key, query };
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function keyFromHeaders(headers: Request['headers']): string | undefined {
	const header = headers[KEY_HEADER];
	if (typeof header === 'string') {
		return header.trim();
	}
	const bearer = headers.authorization && BEARER_PATTERN.exec(headers.authorization);
	return bearer ? bearer[1] : undefined;
}

/** Copies request headers for the run record, without the ones that may carry the API key. */
function recordedHeaders(headers: Request['headers']): Record<string, unknown> {
	const recorded: Record<string, unknown> = {};
	for (const name in headers) {
		if (
			name === KEY_HEADER ||
			(name === 'authorization' && BEARER_PATTERN.test(String(headers[name])))
		) {
			continue;
		}
		recorded[name] = headers[name];
	}
	return recorded;
}

function writeReply(
	response: ServerResponse,
	reply: WebhookResponse,
	extraHeaders: Record<string, string>,
): void {
	const headers: Record<string, string> = { ...reply.headers, ...extraHeaders };
	const noBody =
		reply.status === 204 || reply.status === 304 || reply.body === null || reply.body === undefined;
	let payload = '';
	if (!noBody) {
		if (typeof reply.body === 'string') {
			payload = reply.body;
			headers['content-type'] ??= 'text/plain; charset=utf-8';
		} else {
			payload = JSON.stringify(reply.body);
			headers['content-type'] ??= 'application/json; charset=utf-8';
		}
		headers['content-length'] = String(Buffer.byteLength(payload));
	}
	response.writeHead(reply.status, headers);
	response.end(payload);
}

function sendJson(
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string>,
): void {
	const payload = JSON.stringify(body);
	response.writeHead(status, {
		...headers,
		'content-type': 'application/json; charset=utf-8',
		'content-length': String(Buffer.byteLength(payload)),
	});
	response.end(payload);
}

function sendError(response: ServerResponse, rejection: Rejection): void {
	sendJson(
		response,
		rejection.status,
		{ error: { code: rejection.code, message: rejection.message } },
		rejection.headers,
	);
}

/** Builds a failed record for a run whose engine call threw, which `runWorkflow` never should. */
function crashedRecord(
	registration: WebhookRegistration,
	runId: string,
	trigger: object,
	error: unknown,
): RunRecord {
	const now = new Date().toISOString();
	return {
		id: runId,
		workflowName: registration.plan.workflow.name,
		workflowFile: registration.plan.filePath ?? registration.file,
		trigger: { kind: 'webhook', nodeId: registration.plan.trigger.node.id, data: trigger },
		status: 'failed',
		startedAt: now,
		finishedAt: now,
		nodes: {},
		error: { code: errorCode(error), message: errorMessage(error) },
	};
}

/** Passes engine info lines (one per run start and end) on as debug, to keep info for lifecycle. */
function demoteInfo(logger: Logger): Logger {
	return {
		trace: (message, meta) => logger.trace(message, meta),
		debug: (message, meta) => logger.debug(message, meta),
		info: (message, meta) => logger.debug(message, meta),
		warn: (message, meta) => logger.warn(message, meta),
		error: (message, meta) => logger.error(message, meta),
	};
}
