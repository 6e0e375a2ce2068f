import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { hashApiKey } from '../../triggers/apiKeys';
import { Disposable } from '../dispose';

/** SecretStorage entry holding every API key, as JSON; nothing else stores the values. */
const SECRET_KEY = 'wireflow.apiKeys';

/** A named API key of the webhook server. */
export interface ApiKey {
	name: string;
	value: string;
	createdAt: string;
}

/**
 * API keys of the webhook server, kept in VS Code's SecretStorage. The server gets only their
 * SHA-256 hashes, held in memory and refreshed whenever the keys change, even in another window.
 */
export class ApiKeyStore extends Disposable {
	private _keys: ApiKey[] = [];
	private _hashes: Buffer[] = [];
	private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
	readonly onDidChange = this._onDidChange.event;

	private constructor(private readonly _secrets: vscode.SecretStorage) {
		super();
		this._register(
			_secrets.onDidChange((event) => {
				if (event.key === SECRET_KEY) {
					void this.reload();
				}
			}),
		);
	}

	static async open(secrets: vscode.SecretStorage): Promise<ApiKeyStore> {
		const store = new ApiKeyStore(secrets);
		await store.reload();
		return store;
	}

	/** Key names, never values. */
	get names(): string[] {
		return this._keys.map((key) => key.name);
	}

	/** Hashes of the accepted keys, for the webhook server's key check. */
	readonly hashes = (): readonly Uint8Array[] => this._hashes;

	value(name: string): string | undefined {
		return this._keys.find((key) => key.name === name)?.value;
	}

	/** Creates a key with 32 random bytes; throws when the name is taken. */
	async create(name: string): Promise<ApiKey> {
		if (this._keys.some((key) => key.name === name)) {
			throw new Error(
				`An API key named "${name}" already exists. Choose another name or revoke that key first.`,
			);
		}
		const key: ApiKey = {
			name,
			value: `wf_${randomBytes(32).toString('base64url')}`,
			createdAt: new Date().toISOString(),
		};
		await this.save([...this._keys, key]);
		return key;
	}

	/** Replaces a key's value with a new random one; the old value stops working at once. */
	async rotate(name: string): Promise<ApiKey> {
		const existing = this._keys.find((key) => key.name === name);
		if (!existing) {
			throw new Error(`There is no API key named "${name}".`);
		}
		const key: ApiKey = {
			...existing,
			value: `wf_${randomBytes(32).toString('base64url')}`,
			createdAt: new Date().toISOString(),
		};
		await this.save(this._keys.map((item) => (item.name === name ? key : item)));
		return key;
	}

	async revoke(name: string): Promise<boolean> {
		const remaining = this._keys.filter((key) => key.name !== name);
		if (remaining.length === this._keys.length) {
			return false;
		}
		await this.save(remaining);
		return true;
	}

	private async save(keys: ApiKey[]): Promise<void> {
		await this._secrets.store(SECRET_KEY, JSON.stringify(keys));
		this.set(keys);
	}

	private async reload(): Promise<void> {
		const raw = await this._secrets.get(SECRET_KEY);
		let keys: ApiKey[] = [];
		try {
			keys = raw ? (JSON.parse(raw) as ApiKey[]) : [];
		} catch {
			// NOTE: an unreadable entry means no keys; creating a key replaces the entry.
			keys = [];
		}
		this.set(keys);
	}

	private set(keys: ApiKey[]): void {
		this._keys = keys;
		this._hashes = keys.map((key) => hashApiKey(key.value));
		this._onDidChange.fire();
	}
}
