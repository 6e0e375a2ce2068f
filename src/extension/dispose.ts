import type * as vscode from 'vscode';

/** Base of host objects that own subscriptions: everything passed to `_register` ends with it. */
export abstract class Disposable implements vscode.Disposable {
	private _disposed = false;
	private readonly _disposables: vscode.Disposable[] = [];

	get isDisposed(): boolean {
		return this._disposed;
	}

	/** Disposes every registered object, last registered first; later calls do nothing. */
	dispose(): void {
		if (this._disposed) {
			return;
		}
		this._disposed = true;
		for (const disposable of this._disposables.splice(0).reverse()) {
			disposable.dispose();
		}
	}

	/** Ties a disposable to this object's lifetime; disposes it at once when this one is gone. */
	protected _register<T extends vscode.Disposable>(disposable: T): T {
		if (this._disposed) {
			disposable.dispose();
		} else {
			this._disposables.push(disposable);
		}
		return disposable;
	}
}
