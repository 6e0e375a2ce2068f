import type {
	HostMessage,
	RequestMessage,
	RequestResult,
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

/** A request message without its id; the connection numbers requests itself. */
export type RequestBody = RequestMessage extends infer M
	? M extends RequestMessage
		? Omit<M, 'requestId'>
		: never
	: never;

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
	request(body: RequestBody): Promise<RequestResult> {
		const requestId = this._nextRequestId++;
		return new Promise((resolve) => {
			this._pending.set(requestId, resolve);
			this.post({ ...body, requestId } as RequestMessage);
		});
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
