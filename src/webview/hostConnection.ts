import type {
	HostMessage,
	RequestMessage,
	RequestResult,
	RequestResults,
	ViewState,
	WebviewMessage,
} from '../shared/protocol';

/** The object VS Code gives a webview script once; tests stub it before the script loads. */
interface VsCodeApi {
	postMessage(message: WebviewMessage): void;
	getState(): unknown;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** A request type. */
export type RequestType = keyof RequestResults & RequestMessage['type'];

/** A request message of one type without its id; the connection numbers requests itself. */
export type RequestBody<T extends RequestType> = Omit<
	Extract<RequestMessage, { type: T }>,
	'requestId'
>;

/** A posted request: its id, which later host messages may echo, and its reply. */
export interface PendingRequest<T extends RequestType> {
	requestId: number;
	result: Promise<RequestResults[T]>;
}

/**
 * The webview's side of the protocol: posts messages, matches replies to requests by
 * `requestId`, and keeps the view state VS Code restores when the webview is shown again.
 */
export class HostConnection {
	private readonly _api = acquireVsCodeApi();
	private readonly _pending = new Map<number, (result: RequestResult) => void>();
	private readonly _listeners = new Set<(message: HostMessage) => void>();
	private _nextRequestId = 1;

	constructor() {
		window.addEventListener('message', (event: MessageEvent<HostMessage>) =>
			this._receive(event.data),
		);
	}

	post(message: WebviewMessage): void {
		this._api.postMessage(message);
	}

	/** Posts a request and resolves with the host's reply to it. */
	request<T extends RequestType>(body: RequestBody<T> & { type: T }): Promise<RequestResults[T]> {
		return this.send<T>(body).result;
	}

	/** Posts a request; returns its id with the promise of the reply. */
	send<T extends RequestType>(body: RequestBody<T> & { type: T }): PendingRequest<T> {
		const requestId = this._nextRequestId++;
		const result = new Promise<RequestResults[T]>((resolve) => {
			// The host replies to a request of type T with a result of type T.
			this._pending.set(requestId, resolve as (result: RequestResult) => void);
		});
		this.post({ ...body, requestId } as RequestMessage);
		return { requestId, result };
	}

	/** Calls `listener` for every message except replies; returns the unsubscribe function. */
	subscribe(listener: (message: HostMessage) => void): () => void {
		this._listeners.add(listener);
		return () => this._listeners.delete(listener);
	}

	viewState(): ViewState | undefined {
		const state = this._api.getState() as ViewState | undefined;
		return state && typeof state.zoom === 'number' ? state : undefined;
	}

	saveViewState(state: ViewState): void {
		this._api.setState(state);
	}

	private _receive(message: HostMessage): void {
		if (message.type === 'reply') {
			this._pending.get(message.requestId)?.(message.result);
			this._pending.delete(message.requestId);
			return;
		}
		this._listeners.forEach((listener) => listener(message));
	}
}
