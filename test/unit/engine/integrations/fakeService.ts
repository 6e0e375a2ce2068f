import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountMap, runWorkflow } from '../../../../src/engine';
import type { AccountData } from '../../../../src/shared/accounts';
import type { JsonObject, NodeRunRecord } from '../../../../src/shared/model';
import { planOf, workflowOf } from '../../../helpers/workflows';

/** A request the fake service received. */
export interface ReceivedRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	query: Record<string, string>;
	headers: IncomingMessage['headers'];
	body: string;
	/** Milliseconds since the server started, to check waits between retries. */
	at: number;
}

/** A reply of the fake service; `body` objects are sent as JSON. */
export interface Reply {
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** Sends no reply, to test time limits. */
	hang?: boolean;
}

type Handler = (request: ReceivedRequest) => Reply;

/**
 * A local HTTP server on 127.0.0.1 in place of a service. It records every request and replies
 * with the next queued reply, or else with the handler's reply.
 */
export class FakeService {
	readonly requests: ReceivedRequest[] = [];
	private readonly _queue: Reply[] = [];
	private readonly _started = Date.now();
	private readonly _hanging: ServerResponse[] = [];

	private constructor(
		private readonly _server: Server,
		private _handler: Handler | undefined,
	) {}

	static async start(handler?: Handler): Promise<FakeService> {
		let service: FakeService | undefined;
		const server = createServer((request, response) => void service?.handle(request, response));
		service = new FakeService(server, handler);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return service;
	}

	get url(): string {
		const { port } = this._server.address() as AddressInfo;
		return `http://127.0.0.1:${port}`;
	}

	/** Queues replies, sent in order before the handler is used. */
	reply(...replies: Reply[]): this {
		this._queue.push(...replies);
		return this;
	}

	handleWith(handler: Handler): this {
		this._handler = handler;
		return this;
	}

	get last(): ReceivedRequest {
		return this.requests[this.requests.length - 1];
	}

	async close(): Promise<void> {
		this._hanging.forEach((response) => response.destroy());
		this._server.closeAllConnections();
		await new Promise<void>((resolve) => this._server.close(() => resolve()));
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) {
			chunks.push(chunk as Buffer);
		}
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const received: ReceivedRequest = {
			method: request.method ?? '',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: request.headers,
			body: Buffer.concat(chunks).toString('utf8'),
			at: Date.now() - this._started,
		};
		this.requests.push(received);
		const reply = this._queue.shift() ?? this._handler?.(received) ?? { status: 200, body: {} };
		if (reply.hang) {
			this._hanging.push(response);
			return;
		}
		const isText = typeof reply.body === 'string';
		const headers = {
			'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
			...reply.headers,
		};
		response.writeHead(reply.status ?? 200, headers);
		let text = '';
		if (typeof reply.body === 'string') {
			text = reply.body;
		} else if (reply.body !== undefined) {
			text = JSON.stringify(reply.body);
		}
		response.end(text);
	}
}

/** Parses the JSON body of a received request. */
export function jsonBody(request: ReceivedRequest): Record<string, unknown> {
	return JSON.parse(request.body) as Record<string, unknown>;
}

/**
 * Runs a workflow of one node of this type after a manual trigger, with the given accounts,
 * and returns that node's record.
 */
export async function runNode(
	type: string,
	params: JsonObject,
	accounts: AccountData[],
): Promise<NodeRunRecord> {
	const plan = planOf(workflowOf([{ id: 'step', type, params }], [{ from: 'start', to: 'step' }]));
	const record = await runWorkflow(plan, { accounts: new AccountMap(accounts) });
	return record.nodes.step;
}
